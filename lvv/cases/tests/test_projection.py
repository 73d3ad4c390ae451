"""Events -> state: apply, resolve (corrections), project and project_as_of. Pure."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases.events import EventRecord
from lvv.cases.events import EventType as E
from lvv.cases.projection import applied, apply, project, project_as_of, resolve
from lvv.cases.state import ActionItemState, CaseState
from lvv.cases.tests.histories import (
    CANONICAL,
    CHECK,
    DECISION,
    DOSSIER_REQUESTED,
    DTV_PART,
    FIRST_LSO,
    IND_PART,
    INTAKE,
    OUTFLOW,
    REFERRAL,
    event,
    history_to,
    state_at,
)
from lvv.cases.vocabulary import MrtStatus, Stage


def _numbered(events):
    return [
        EventRecord(
            e.type, e.effective_date, e.data, sequence=i, corrects=e.corrects, reason=e.reason
        )
        for i, e in enumerate(events, start=1)
    ]


def _correction(sequence: int, corrects: int, **data) -> EventRecord:
    return EventRecord(
        E.EVENT_CORRECTED, dt.date(2020, 5, 1), data, sequence=sequence, corrects=corrects
    )


def test_the_canonical_history_projects_every_column():
    state = project(_numbered(CANONICAL))
    assert state == CaseState(
        stage=Stage.OUTFLOWED,
        referral_date=REFERRAL,
        referred_by="ngo",
        admission_check_date=CHECK,
        admission_reasons=(),
        safe_country_national=False,
        decision_outcome="admitted",
        decision_date=DECISION,
        within_target_group=True,
        exception_reason="",
        intake_date=INTAKE,
        dossier_requested_date=DOSSIER_REQUESTED,
        dossier_ind_date=IND_PART,
        dossier_dtv_date=DTV_PART,
        dossier_complete_date=DTV_PART,
        perspective="vertrek",
        scenario="departure",
        scenario_date=FIRST_LSO,
        first_scenario_date=FIRST_LSO,
        phase="research",
        phase_date=FIRST_LSO,
        last_lso_date=FIRST_LSO,
        last_review_date=None,
        cooperation="",
        mrt_status=MrtStatus.NONE,
        outflow_category="departure_origin",
        outflow_date=OUTFLOW,
        last_effective_date=OUTFLOW,
    )
    assert not state.is_open


@pytest.mark.parametrize(
    ("stage", "is_open"),
    [
        (Stage.REFERRED, False),
        (Stage.ADMITTED, False),
        (Stage.SHELTERED, True),
        (Stage.GUIDANCE, True),
        (Stage.OUTFLOWED, False),
        (Stage.REFUSED, False),
    ],
)
def test_a_case_is_open_from_intake_until_outflow(stage, is_open):
    assert state_at(stage).is_open is is_open


def test_admission_check_records_reasons_and_the_safe_country_flag():
    state = state_at(
        Stage.REFERRED,
        event(
            E.ADMISSION_CHECKED, CHECK, reasons=["eu_citizen"], facts={"safe_country_national": 1}
        ),
    )
    assert state.admission_reasons == ("eu_citizen",)
    assert state.safe_country_national is True


@pytest.mark.parametrize(
    ("data", "stage", "within", "exception_reason"),
    [
        ({"outcome": "admitted"}, Stage.ADMITTED, True, ""),
        (
            {"outcome": "admitted", "exception_reason": "humanitair"},
            Stage.ADMITTED,
            False,
            "humanitair",
        ),
        ({"outcome": "refused", "grounds": "g", "exception_reason": "x"}, Stage.REFUSED, None, ""),
    ],
)
def test_the_decision_sets_stage_and_target_group(data, stage, within, exception_reason):
    state = state_at(Stage.ADMISSION_CHECKED, event(E.ADMISSION_DECIDED, DECISION, **data))
    assert (state.stage, state.within_target_group, state.exception_reason) == (
        stage,
        within,
        exception_reason,
    )


def test_the_dossier_is_complete_on_the_later_part_whatever_the_order():
    state = state_at(
        Stage.DOSSIER_REQUESTED,
        event(E.DOSSIER_PART_DELIVERED, dt.date(2020, 2, 20), part="dtv"),
        event(E.DOSSIER_PART_DELIVERED, dt.date(2020, 2, 20), part="ind"),
    )
    assert state.stage == Stage.REST_PERIOD
    assert state.dossier_complete_date == dt.date(2020, 2, 20)


def test_an_lso_without_a_scenario_starts_the_research_phase_but_stays_in_rest_period():
    state = state_at(Stage.REST_PERIOD, event(E.LSO_DISCUSSED, DTV_PART, perspective="open"))
    assert state.stage == Stage.REST_PERIOD
    assert (state.phase, state.phase_date) == ("research", DTV_PART)
    assert state.scenario == "" and state.first_scenario_date is None
    assert state.perspective == "open"


def test_a_scenario_change_keeps_the_first_scenario_date():
    later = dt.date(2020, 4, 1)
    state = state_at(
        Stage.GUIDANCE, event(E.SCENARIO_CHANGED, later, reason="r", scenario="residence")
    )
    assert (state.scenario, state.scenario_date, state.first_scenario_date) == (
        "residence",
        later,
        FIRST_LSO,
    )


def test_a_phase_change_moves_to_reception():
    state = state_at(Stage.GUIDANCE, event(E.PHASE_CHANGED, OUTFLOW, phase="reception"))
    assert (state.phase, state.phase_date) == ("reception", OUTFLOW)


def test_a_review_sets_cooperation_and_counts_as_lso():
    day = dt.date(2020, 5, 1)
    state = state_at(Stage.GUIDANCE, event(E.REVIEW_HELD, day, cooperation="insufficient"))
    assert (state.last_review_date, state.last_lso_date, state.cooperation) == (
        day,
        day,
        "insufficient",
    )


def test_mrt_referral_and_advice_are_counted():
    state = state_at(
        Stage.GUIDANCE,
        event(E.MRT_REFERRED, dt.date(2020, 3, 1), question="q"),
        event(E.MRT_ADVISED, dt.date(2020, 3, 20), advice="a"),
        event(E.MRT_REFERRED, dt.date(2020, 4, 1), question="q2"),
    )
    assert state.mrt_status == MrtStatus.REFERRED
    assert state.mrt_referral_count == 2
    assert state.mrt_referral_date == dt.date(2020, 4, 1)
    assert state.mrt_advice_date is None


def test_action_items_are_numbered_in_order_and_completed_by_number():
    state = state_at(
        Stage.SHELTERED,
        event(E.ACTION_ITEM_ADDED, INTAKE, description="a", owner_organisation="IND"),
        event(
            E.ACTION_ITEM_ADDED,
            INTAKE,
            description="b",
            owner_organisation="DTV",
            due_date="2020-03-01",
        ),
        event(E.ACTION_ITEM_COMPLETED, dt.date(2020, 2, 1), number=2),
    )
    assert state.action_items == (
        ActionItemState(1, "a", "IND", None, INTAKE),
        ActionItemState(2, "b", "DTV", dt.date(2020, 3, 1), INTAKE, dt.date(2020, 2, 1)),
    )
    assert state.action_item(1).is_open and not state.action_item(2).is_open
    assert state.action_item(3) is None


def test_last_effective_date_never_goes_back():
    state = apply(state_at(Stage.GUIDANCE), event(E.REVIEW_HELD, DTV_PART, cooperation="good"))
    assert state.last_effective_date == FIRST_LSO


# --- corrections ---------------------------------------------------------------------------


def test_a_correction_changes_the_effective_date_of_the_event_it_corrects():
    events = _numbered(history_to(Stage.SHELTERED))
    corrected = project([*events, _correction(5, 4, effective_date="2020-01-28")])
    assert corrected.intake_date == dt.date(2020, 1, 28)
    assert corrected.last_effective_date == dt.date(2020, 1, 28)


def test_a_correction_merges_data_into_the_event_it_corrects():
    events = _numbered(history_to(Stage.OUTFLOWED))
    state = project([*events, _correction(10, 9, data={"category": "unknown_destination"})])
    assert state.outflow_category == "unknown_destination"
    assert state.outflow_date == OUTFLOW


def test_a_voided_event_no_longer_counts():
    events = _numbered(history_to(Stage.OUTFLOWED))
    state = project([*events, _correction(10, 9, void=True)])
    assert state == project(events[:8])
    assert state.stage == Stage.GUIDANCE


def test_the_latest_correction_wins_and_a_later_correction_revives_a_voided_event():
    events = _numbered(history_to(Stage.OUTFLOWED))
    state = project(
        [
            *events,
            _correction(10, 9, void=True),
            _correction(11, 9, effective_date="2020-03-09"),
        ]
    )
    assert state.stage == Stage.OUTFLOWED
    assert state.outflow_date == dt.date(2020, 3, 9)


def test_a_correction_of_an_unknown_event_is_ignored():
    events = _numbered(history_to(Stage.SHELTERED))
    assert project([*events, _correction(5, 99, void=True)]) == project(events)


def test_resolve_keeps_the_order_of_recording_whatever_the_input_order():
    events = _numbered(history_to(Stage.SHELTERED))
    resolved = resolve(list(reversed(events)))
    assert [e.sequence for e in resolved] == [1, 2, 3, 4]


def test_project_as_of_reads_only_events_effective_on_or_before_the_day():
    events = _numbered(history_to(Stage.OUTFLOWED))
    assert project_as_of(events, INTAKE).stage == Stage.SHELTERED
    assert project_as_of(events, INTAKE - dt.timedelta(days=1)).stage == Stage.ADMITTED
    assert project_as_of(events, dt.date(2019, 1, 1)) == CaseState()
    assert project_as_of(events, dt.date(2030, 1, 1)) == project(events)


def test_project_as_of_applies_corrections_first():
    events = _numbered(history_to(Stage.OUTFLOWED))
    moved = [*events, _correction(10, 4, effective_date="2020-02-01")]
    # the intake moved after the dossier request: as of 31 January it has not happened yet
    assert project_as_of(moved, dt.date(2020, 1, 31)).intake_date is None


def test_applying_nothing_gives_the_empty_state():
    assert applied([]) == CaseState()
    assert CaseState().stage == ""
