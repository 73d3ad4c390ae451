"""The further figures follow the same definitions as the monitor itself."""

import datetime as dt

from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.figures import monitor_figures
from lvv.monitor.selectors import extra_figures, month_ends, monthly_series
from lvv.monitor.tests.test_figures import random_history


def test_month_series_agree_with_the_monitor_on_every_month_end(db, system_user):
    random_history(system_user)
    first, last = dt.date(2019, 4, 1), dt.date(2021, 6, 30)
    result = monthly_series(first, last)
    ends = month_ends(first, last)
    assert len(result["months"]) == len(ends) == 27
    cumulative = {}
    for index, end in enumerate(ends):
        monitor = monitor_figures(end)["figures"]
        for code, points in result["series"].items():
            point = points[index]
            assert point["present"] == monitor[code]["present"], (code, end)
            assert point["scenario"] == monitor[code]["scenario"], (code, end)
            totals = cumulative.setdefault(code, {})
            for category, number in point["outflow"].items():
                totals[category] = totals.get(category, 0) + number
            assert totals == monitor[code]["outflow"], (code, end)
    inflow = sum(p["inflow"] for p in result["series"]["total"])
    assert inflow >= monitor_figures(ends[-1])["figures"]["total"]["sheltered"]


def test_durations_outflow_by_scenario_and_evaluation(db):
    r = dt.date(2020, 1, 6)
    day = dt.timedelta(days=1)
    import_rows(
        [
            stay_row(
                "AMS",
                "a",
                r,
                intake=r + 4 * day,
                dossier=r + 14 * day,
                scenario="departure",
                scenario_date=r + 24 * day,
                outflow="departure_origin",
                outflow_date=r + 100 * day,
            ),
            stay_row(
                "AMS",
                "b",
                r,
                intake=r + 2 * day,
                outflow="asylum_reception",
                outflow_date=r + 50 * day,
            ),
            stay_row(
                "AMS",
                "c",
                r,
                intake=r + 2 * day,
                outflow="unknown_destination",
                outflow_date=r + 60 * day,
            ),
            stay_row(
                "AMS",
                "x",
                r,
                within=False,
                intake=r + 2 * day,
                outflow="other",
                outflow_date=r + 60 * day,
            ),
        ]
    )
    ams = extra_figures(dt.date(2020, 11, 1))["figures"]["AMS"]
    assert ams["evaluation"] == {"sustainable": 1, "semi_sustainable": 1, "none": 1}
    assert ams["outflow_by_scenario"]["departure"]["departure_origin"] == 1
    assert ams["outflow_by_scenario"]["none"]["asylum_reception"] == 1
    assert ams["median_days"]["intake_to_scenario"] == 20.0
    assert ams["median_days"]["referral_to_intake"] == 2.0
    assert ams["median_days"]["intake_to_outflow"] == 58.0
