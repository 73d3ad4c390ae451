"""A transfer to another LVV ends a stay in that LVV, but the person never left the programme."""

import datetime as dt

import pytest

from lvv.cases import services
from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.figures import monitor_figures, monitor_figures_reference
from lvv.monitor.selectors import extra_figures, monthly_series
from lvv.monitor.tests.test_figures import case_of
from lvv.organisations.models import Lvv

D = dt.date(2020, 11, 1)
R = dt.date(2020, 1, 6)
DAY = dt.timedelta(days=1)
MOVED = dt.date(2020, 6, 1)


def _stay(lvv, ref, **kwargs):
    return stay_row(lvv, ref, R, intake=R + 7 * DAY, dossier=R + 30 * DAY, **kwargs)


def transfer(actor, ref, to, day=MOVED, **kwargs):
    proposal = services.transfer_propose(
        actor=actor, case=case_of(ref), to_lvv=Lvv.objects.get(code=to)
    )
    return services.transfer_accept(actor=actor, transfer=proposal, effective_date=day, **kwargs)


@pytest.fixture
def moved(db, system_user):
    """p1 moves AMS -> RTM; p2 leaves AMS (outflow other); p3 moves AMS -> UTR as exception."""
    import_rows(
        [
            _stay("AMS", "p1", scenario="departure", scenario_date=R + 40 * DAY),
            _stay("AMS", "p2", outflow="other", outflow_date=MOVED),
            _stay("AMS", "p3"),
        ]
    )
    transfer(system_user, "p1", "RTM")
    transfer(system_user, "p3", "UTR", exception_reason="humanitaire redenen")


def test_a_transfer_is_outflow_of_its_lvv_but_not_national_outflow(moved):
    figures = monitor_figures(D)["figures"]
    assert figures["AMS"]["outflow"]["other"] == 3  # p1 and p3 left AMS, and p2
    assert figures["AMS"]["transfers"] == 1  # p1; p3's new stay is outside the target group
    assert figures["AMS"]["present"] == 0
    assert figures["RTM"]["present"] == 1
    assert figures["UTR"]["present"] == 0  # an exception never counts
    total = figures["total"]
    assert total["outflow"]["other"] == 2  # p2, and p3 who left the counted population
    assert total["transfers"] == 1
    assert total["sheltered"] == 3
    assert total["present"] == 1
    # The national balance holds again: sheltered - present = stays that left nationally.
    assert total["sheltered"] - total["present"] == sum(total["outflow"].values())
    assert monitor_figures(D) == monitor_figures_reference(D)
    # Before the transfer nothing of it shows.
    before = monitor_figures(MOVED - DAY)["figures"]
    assert before["AMS"]["transfers"] == before["total"]["transfers"] == 0
    assert monitor_figures(MOVED - DAY) == monitor_figures_reference(MOVED - DAY)


def test_a_transfer_is_not_national_outflow_in_the_series_and_the_evaluation(moved):
    series = monthly_series(dt.date(2020, 6, 1), dt.date(2020, 6, 30))["series"]
    assert series["AMS"][0]["outflow"]["other"] == 3
    assert series["RTM"][0]["inflow"] == 1
    assert series["total"][0]["outflow"]["other"] == 2
    assert series["total"][0]["inflow"] == 0  # a transfer admits nobody new
    extra = extra_figures(D)["figures"]
    assert extra["AMS"]["evaluation"]["none"] == 3
    assert extra["total"]["evaluation"]["none"] == 2
    assert extra["AMS"]["outflow_by_scenario"]["departure"]["other"] == 1
    assert extra["total"]["outflow_by_scenario"]["departure"]["other"] == 0


def test_a_total_over_some_lvvs_counts_a_transfer_out_of_them_as_outflow(moved):
    """A case director's total over own LVVs: a transfer to an LVV outside them is outflow of
    that total; one between two of them is not. The LVV's own column is the same in both."""
    own = monitor_figures(D, ["AMS"])["figures"]
    assert own["AMS"] == monitor_figures(D)["figures"]["AMS"]
    assert own["total"]["transfers"] == 0
    assert own["total"]["outflow"]["other"] == 3
    both = monitor_figures(D, ["AMS", "RTM"])["figures"]
    assert both["total"]["transfers"] == 1
    assert both["total"]["outflow"]["other"] == 2
    for codes in (["AMS"], ["AMS", "RTM"]):
        assert monitor_figures(D, codes) == monitor_figures_reference(D, codes)
    series = monthly_series(MOVED, MOVED, ["AMS"])["series"]["total"][0]
    assert series["outflow"]["other"] == 3
