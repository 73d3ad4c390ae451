"""The published table of the Kamerbrief of 17-11-2020 (peildatum 1-11-2020), reproduced."""

import datetime as dt

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import Case
from lvv.imports.testing import import_rows
from lvv.monitor.figures import monitor_figures, monitor_figures_reference
from lvv.monitor.tests import kamerbrief as kb

DAY = dt.timedelta(days=1)


def _case(ref):
    return Case.objects.get(person__local_reference=ref)


def test_the_published_monitor_of_1_november_2020(db, system_user):
    rows, later = kb.history()
    import_rows(rows)
    for ref in later["scenario_changed_after_d"]:
        services.scenario_change(
            case=_case(ref),
            actor=system_user,
            scenario="residence",
            effective_date=kb.D + 5 * DAY,
            reason="nieuwe feiten",
        )
    for ref in later["scenario_changed_before_d"]:
        case = _case(ref)
        services.scenario_change(
            case=case,
            actor=system_user,
            scenario="departure",
            effective_date=dt.date(2020, 10, 20),
            reason="nieuwe feiten",
        )
        services.scenario_change(
            case=case,
            actor=system_user,
            scenario="residence",
            effective_date=dt.date(2020, 10, 25),
            reason="toch niet",
        )
    for ref in later["intake_corrected_after_d"]:
        case = _case(ref)
        services.event_correct(
            case=case,
            actor=system_user,
            reason="intake later",
            event=case.events.get(type=EventType.INTAKE_REGISTERED),
            effective_date=kb.D + 3 * DAY,
        )

    result = monitor_figures(kb.D)
    total = result["figures"]["total"]
    published = kb.PUBLISHED
    assert total["capacity"] == published["capacity"]
    assert total["sheltered"] == published["sheltered"]
    assert total["present"] == published["present"]
    assert total["sustainable_solutions"] == published["sustainable_solutions"]
    for category in (
        "residence_granted",
        "departure_origin",
        "asylum_reception",
        "art64_postponement",
        "unknown_destination",
        "back_to_bbb",
        "forced_termination",
    ):
        assert total["outflow"][category] == published[category], category
    assert total["outflow"]["onward_migration"] == 0
    assert total["scenario"]["departure"] == published["scenario_departure"]
    assert total["scenario"]["residence"] == published["scenario_residence"]
    assert total["scenario"]["departure"] + total["scenario"]["residence"] == 471
    assert total["mrt_cases"] == published["mrt_cases"]
    for lvv, departures in published["departures_per_pilot"].items():
        assert result["figures"][lvv]["outflow"]["departure_origin"] == departures, lvv
    for lvv, departures in published["departure_scenario_per_pilot"].items():
        assert result["figures"][lvv]["scenario"]["departure"] == departures, lvv

    # The letter's arithmetic, as docs/monitor.md explains it.
    leavers = sum(total["outflow"].values())
    assert total["sheltered"] - total["present"] == 539
    assert leavers == 539 + kb.READMITTED
    assert total["outflow"]["other"] == 57 + kb.READMITTED
    assert total["scenario"]["none"] == 771 - 471
    assert (
        sum(block["present"] for code, block in result["figures"].items() if code != "total") == 771
    )
    # The fast path agrees with folding every history.
    assert result == monitor_figures_reference(kb.D)
