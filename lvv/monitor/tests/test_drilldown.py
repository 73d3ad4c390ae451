"""The drill-down lists exactly the stays behind a figure: its length equals the figure."""

import datetime as dt

import pytest

from lvv.cases.models import Case
from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.definitions import flatten
from lvv.monitor.figures import monitor_figures
from lvv.monitor.selectors import UnknownFigure, drillable_figures, figure_case_ids
from lvv.monitor.tests.test_figures import random_history

D = dt.date(2020, 11, 1)
DAY = dt.timedelta(days=1)


def assert_lists_match_figures(day, lvvs=("AMS", "EHV", "GRN", "RTM", "UTR")):
    figures = monitor_figures(day)["figures"]
    for code in lvvs:
        flat = flatten(figures[code])
        for figure in drillable_figures():
            ids = figure_case_ids(day, code, figure)
            assert len(ids) == flat[figure], (day, code, figure)
            assert len(set(ids)) == len(ids)


def test_every_list_has_the_length_of_its_figure_on_a_random_history(db, system_user):
    random_history(system_user)
    for day in [dt.date(2019, 6, 30), dt.date(2020, 1, 31), D, dt.date(2021, 3, 1)]:
        assert_lists_match_figures(day)


def test_person_figures_list_one_stay_per_person(db):
    first, readmitted = dt.date(2020, 1, 6), dt.date(2020, 6, 1)
    import_rows(
        [
            stay_row(
                "AMS",
                "p1",
                first,
                intake=first + DAY,
                outflow="other",
                outflow_date=first + 30 * DAY,
            ),
            stay_row("AMS", "p1", readmitted, intake=readmitted + DAY),
            stay_row("AMS", "p2", first, intake=first + DAY, within=False),
        ]
    )
    ids = figure_case_ids(D, "AMS", "sheltered")
    assert ids == [Case.objects.get(person__local_reference="p1", referral_date=readmitted).pk]
    assert figure_case_ids(D, "AMS", "outflow.other") == [
        Case.objects.get(person__local_reference="p1", referral_date=first).pk
    ]
    assert_lists_match_figures(D, ["AMS"])


def test_a_figure_without_cases_is_refused(db):
    with pytest.raises(UnknownFigure):
        figure_case_ids(D, "AMS", "capacity")
