"""The LSO: case discussion (perspective, scenario, phase), reviews and scenario changes."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case

COMPLETE = dt.date(2020, 2, 10)  # build_case delivers both dossier parts on this day
FIRST_LSO = dt.date(2020, 2, 17)


def test_the_first_lso_with_a_scenario_starts_guidance(db, case_director):
    case = build_case(Stage.REST_PERIOD)
    event = services.lso_discuss(
        case=case,
        actor=case_director,
        effective_date=FIRST_LSO,
        perspective=" terugkeer naar land van herkomst ",
        scenario="departure",
        cooperation="good",
        agreed=False,
        dissenting_organisations=["IND"],
        notes="notulen",
        meeting_id=7,
    )
    assert event.type == EventType.LSO_DISCUSSED
    assert event.sequence == 8
    assert event.data == {
        "perspective": "terugkeer naar land van herkomst",
        "scenario": "departure",
        "phase": "",
        "cooperation": "good",
        "agreed": False,
        "dissenting_organisations": ["IND"],
        "notes": "notulen",
        "meeting_id": 7,
    }
    case.refresh_from_db()
    assert case.stage == Stage.GUIDANCE
    assert (case.scenario, case.scenario_date, case.first_scenario_date) == (
        "departure",
        FIRST_LSO,
        FIRST_LSO,
    )
    assert (case.phase, case.phase_date, case.last_lso_date) == ("research", FIRST_LSO, FIRST_LSO)
    assert case.perspective == "terugkeer naar land van herkomst"
    assert case.cooperation == "good"


def test_an_lso_without_a_scenario_keeps_the_rest_period(db, actor):
    case = build_case(Stage.REST_PERIOD)
    services.lso_discuss(case=case, actor=actor, effective_date=FIRST_LSO, perspective="open")
    case.refresh_from_db()
    assert (case.stage, case.scenario, case.last_lso_date) == (Stage.REST_PERIOD, "", FIRST_LSO)


def test_an_lso_may_not_silently_change_the_scenario(db, actor):
    case = build_case(Stage.GUIDANCE, scenario="departure")
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="scenario wijzigen"):
        services.lso_discuss(
            case=case, actor=actor, effective_date=dt.date(2020, 3, 2), scenario="residence"
        )
    assert snapshot(case) == before


def test_an_lso_before_the_complete_dossier_is_refused(db, actor):
    case = build_case(Stage.REST_PERIOD)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="complete dossier"):
        services.lso_discuss(
            case=case,
            actor=actor,
            effective_date=COMPLETE - dt.timedelta(days=1),
            scenario="departure",
        )
    assert snapshot(case) == before


def test_changing_the_scenario_needs_a_reason_and_is_recorded(db, case_director):
    case = build_case(Stage.GUIDANCE, scenario="departure")
    day = dt.date(2020, 4, 1)
    event = services.scenario_change(
        case=case, actor=case_director, effective_date=day, scenario="residence", reason=" nieuw "
    )
    assert (event.type, event.data, event.reason) == (
        EventType.SCENARIO_CHANGED,
        {"scenario": "residence"},
        "nieuw",
    )
    case.refresh_from_db()
    assert (case.scenario, case.scenario_date, case.first_scenario_date) == (
        "residence",
        day,
        dt.date(2020, 2, 17),
    )


@pytest.mark.parametrize(
    ("scenario", "reason", "message"),
    [
        ("residence", "", "vraagt een reden"),
        ("departure", "reden", "al het huidige scenario"),
        ("asylum", "reden", "geen geldige waarde"),
    ],
)
def test_a_scenario_change_without_reason_or_to_the_same_scenario_is_refused(
    db, actor, scenario, reason, message
):
    case = build_case(Stage.GUIDANCE, scenario="departure")
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match=message):
        services.scenario_change(
            case=case,
            actor=actor,
            effective_date=dt.date(2020, 4, 1),
            scenario=scenario,
            reason=reason,
        )
    assert snapshot(case) == before


def test_the_phase_moves_from_research_to_reception_once_a_scenario_exists(db, actor):
    case = build_case(Stage.GUIDANCE)
    day = dt.date(2020, 3, 2)
    event = services.phase_change(case=case, actor=actor, effective_date=day, reason="klaar")
    assert (event.data, event.reason) == ({"phase": "reception"}, "klaar")
    case.refresh_from_db()
    assert (case.phase, case.phase_date) == ("reception", day)
    with pytest.raises(services.TransitionRefused, match="Alleen de overgang"):
        services.phase_change(case=case, actor=actor, effective_date=day, phase="research")


def test_the_reception_phase_needs_a_scenario(db, actor):
    case = build_case(Stage.REST_PERIOD)
    services.lso_discuss(case=case, actor=actor, effective_date=FIRST_LSO)  # research phase
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="pas als er een scenario"):
        services.phase_change(case=case, actor=actor, effective_date=FIRST_LSO)
    assert snapshot(case) == before


def test_a_review_records_cooperation(db, actor):
    case = build_case(Stage.GUIDANCE)
    day = dt.date(2020, 5, 11)
    event = services.review_hold(
        case=case, actor=actor, effective_date=day, cooperation="partial", notes="n"
    )
    assert (event.type, event.data) == (
        EventType.REVIEW_HELD,
        {"cooperation": "partial", "notes": "n"},
    )
    case.refresh_from_db()
    assert (case.last_review_date, case.last_lso_date, case.cooperation) == (day, day, "partial")


def test_a_review_without_a_cooperation_assessment_is_refused(db, actor):
    case = build_case(Stage.GUIDANCE)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="medewerking"):
        services.review_hold(
            case=case, actor=actor, effective_date=dt.date(2020, 5, 11), cooperation=""
        )
    assert snapshot(case) == before


def test_a_disagreement_without_naming_the_dissenting_partners_is_refused(db, case_director):
    case = build_case(Stage.REST_PERIOD)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="welke partner"):
        services.lso_discuss(case=case, actor=case_director, effective_date=FIRST_LSO, agreed=False)
    assert snapshot(case) == before
