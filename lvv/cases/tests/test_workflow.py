"""The transition table as a table: which event may follow which stage, dates and guards.

Pure tests (no database): states come from ``histories.state_at``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases import payloads, workflow
from lvv.cases.events import EventType, PlannedEvent
from lvv.cases.tests.histories import (
    ALL_STAGES,
    ALLOWED_STAGES,
    CANONICAL,
    CHECK,
    DECISION,
    DOSSIER_REQUESTED,
    DTV_PART,
    FIRST_LSO,
    INTAKE,
    OUTFLOW,
    REFERRAL,
    SERVICE_ONLY,
    TODAY,
    event,
    history_to,
    state_at,
)
from lvv.cases.vocabulary import Stage

E = EventType
S = Stage

STAGE_REFUSAL = "U kunt nu niet"


def _day_after(stage: str) -> dt.date:
    last = state_at(stage).last_effective_date
    return (last or TODAY - dt.timedelta(days=30)) + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("event_type", "stage"),
    [(e, s) for e in E.values for s in ALL_STAGES],
)
def test_each_event_type_is_allowed_exactly_in_its_stages(event_type, stage):
    problems = workflow.check(state_at(stage), event_type, _day_after(stage), {}, "", today=TODAY)
    stage_refused = any(STAGE_REFUSAL in p or "Onbekende handeling" in p for p in problems)
    assert stage_refused == (stage not in ALLOWED_STAGES[event_type]), problems
    if stage_refused:
        assert len(problems) == 1  # a wrong stage is the whole answer, nothing else checked


# Allowed by the stage, but with nothing to do in the canonical state at that stage: no open
# action item to complete, no MRT referral awaiting advice, no research phase to leave yet.
NOTHING_TO_DO: dict[str, set[str]] = {
    S.SHELTERED: {E.ACTION_ITEM_COMPLETED},
    S.DOSSIER_REQUESTED: {E.ACTION_ITEM_COMPLETED},
    S.REST_PERIOD: {E.ACTION_ITEM_COMPLETED, E.MRT_ADVISED, E.PHASE_CHANGED},
    S.GUIDANCE: {E.ACTION_ITEM_COMPLETED, E.MRT_ADVISED},
}


@pytest.mark.parametrize("stage", ALL_STAGES)
def test_allowed_events_lists_what_the_stage_permits_and_the_state_gives_to_do(stage):
    expected = {
        e for e, stages in ALLOWED_STAGES.items() if stage in stages and e not in SERVICE_ONLY
    }
    expected -= NOTHING_TO_DO.get(stage, set())
    assert set(workflow.allowed_events(state_at(stage))) == expected


_IND_DELIVERED = event(E.DOSSIER_PART_DELIVERED, dt.date(2020, 2, 10), part="ind")
_OPEN_ITEM = event(E.ACTION_ITEM_ADDED, FIRST_LSO, description="d", owner_organisation="IND")


@pytest.mark.parametrize(
    ("state", "event_type", "fixed", "expected"),
    [
        pytest.param(state_at(S.DOSSIER_REQUESTED), E.DOSSIER_PART_DELIVERED, {}, True, id="parts"),
        pytest.param(
            state_at(S.DOSSIER_REQUESTED, _IND_DELIVERED),
            E.DOSSIER_PART_DELIVERED,
            {"part": "ind"},
            False,
            id="ind-delivered",
        ),
        pytest.param(
            state_at(S.DOSSIER_REQUESTED, _IND_DELIVERED),
            E.DOSSIER_PART_DELIVERED,
            {"part": "dtv"},
            True,
            id="dtv-still-due",
        ),
        pytest.param(state_at(S.GUIDANCE), E.PHASE_CHANGED, {}, True, id="research-phase"),
        pytest.param(
            state_at(S.GUIDANCE, event(E.PHASE_CHANGED, FIRST_LSO, phase="reception")),
            E.PHASE_CHANGED,
            {},
            False,
            id="reception-phase",
        ),
        pytest.param(state_at(S.GUIDANCE), E.MRT_REFERRED, {}, True, id="mrt-refer"),
        pytest.param(
            state_at(S.GUIDANCE, event(E.MRT_REFERRED, FIRST_LSO, question="q")),
            E.MRT_REFERRED,
            {},
            False,
            id="mrt-referred-already",
        ),
        pytest.param(
            state_at(S.GUIDANCE, event(E.MRT_REFERRED, FIRST_LSO, question="q")),
            E.MRT_ADVISED,
            {},
            True,
            id="mrt-advice-due",
        ),
        pytest.param(
            state_at(S.GUIDANCE, _OPEN_ITEM),
            E.ACTION_ITEM_COMPLETED,
            {"number": 1},
            True,
            id="open-item",
        ),
        pytest.param(
            state_at(S.GUIDANCE, _OPEN_ITEM),
            E.ACTION_ITEM_COMPLETED,
            {"number": 2},
            False,
            id="no-such-item",
        ),
        pytest.param(
            state_at(
                S.GUIDANCE,
                _OPEN_ITEM,
                event(E.ACTION_ITEM_COMPLETED, FIRST_LSO, number=1),
            ),
            E.ACTION_ITEM_COMPLETED,
            {"number": 1},
            False,
            id="item-done",
        ),
        pytest.param(state_at(S.GUIDANCE), E.PERSON_MERGED, {}, False, id="service-only"),
        pytest.param(state_at(S.OUTFLOWED), E.OUTFLOW_REGISTERED, {}, False, id="closed"),
        pytest.param(state_at(S.GUIDANCE), "teleported", {}, False, id="unknown"),
    ],
)
def test_the_workflow_says_which_action_a_page_may_offer(state, event_type, fixed, expected):
    assert workflow.available(state, event_type, **fixed) is expected


def test_a_person_merge_is_never_offered_as_an_action():
    for stage in ALL_STAGES:
        assert E.PERSON_MERGED not in workflow.allowed_events(state_at(stage))


def test_a_closed_case_allows_nothing():
    assert workflow.allowed_events(state_at(S.OUTFLOWED)) == []
    assert workflow.allowed_events(state_at(S.REFUSED)) == []


def test_an_unknown_event_type_is_refused():
    assert workflow.check(state_at(S.GUIDANCE), "teleported", TODAY, today=TODAY) == [
        "Onbekende handeling."
    ]


# --- one valid action per event type -------------------------------------------------------
# (state, event type, date, data, reason) for which check() finds nothing to object to.

_ITEM = event(
    E.ACTION_ITEM_ADDED, FIRST_LSO, description="paspoort", owner_organisation="DTV", due_date=None
)
_REFERRED_TO_MRT = event(E.MRT_REFERRED, FIRST_LSO, question="vastgelopen")

VALID = [
    pytest.param("", E.REFERRAL_REGISTERED, REFERRAL, {"referred_by": "ngo"}, "", id="referral"),
    pytest.param(S.REFERRED, E.ADMISSION_CHECKED, CHECK, {"reasons": []}, "", id="check"),
    pytest.param(
        S.ADMISSION_CHECKED, E.ADMISSION_CHECKED, CHECK, {"reasons": []}, "", id="recheck"
    ),
    pytest.param(
        S.ADMISSION_CHECKED, E.ADMISSION_DECIDED, DECISION, {"outcome": "admitted"}, "", id="admit"
    ),
    pytest.param(
        S.ADMISSION_CHECKED,
        E.ADMISSION_DECIDED,
        DECISION,
        {"outcome": "refused", "grounds": "geen regiobinding"},
        "",
        id="refuse",
    ),
    pytest.param(S.ADMITTED, E.INTAKE_REGISTERED, INTAKE, {}, "", id="intake"),
    pytest.param(S.SHELTERED, E.DOSSIER_REQUESTED, DOSSIER_REQUESTED, {}, "", id="dossier"),
    pytest.param(
        S.DOSSIER_REQUESTED,
        E.DOSSIER_PART_DELIVERED,
        DOSSIER_REQUESTED,
        {"part": "dtv"},
        "",
        id="dossier-part",
    ),
    pytest.param(
        S.REST_PERIOD,
        E.LSO_DISCUSSED,
        DTV_PART,
        {"scenario": "residence", "phase": "research", "cooperation": "good"},
        "",
        id="first-lso",
    ),
    pytest.param(
        S.GUIDANCE, E.LSO_DISCUSSED, FIRST_LSO, {"scenario": "departure"}, "", id="lso-same"
    ),
    pytest.param(S.GUIDANCE, E.PHASE_CHANGED, FIRST_LSO, {"phase": "reception"}, "", id="phase"),
    pytest.param(
        S.SHELTERED,
        E.ACTION_ITEM_ADDED,
        INTAKE,
        {"description": "id-onderzoek", "owner_organisation": "IND", "due_date": "2020-09-01"},
        "",
        id="item-add",
    ),
    pytest.param(
        (S.GUIDANCE, _ITEM), E.ACTION_ITEM_COMPLETED, FIRST_LSO, {"number": 1}, "", id="item-done"
    ),
    pytest.param(S.REST_PERIOD, E.REVIEW_HELD, DTV_PART, {"cooperation": "partial"}, "", id="rev"),
    pytest.param(S.GUIDANCE, E.MRT_REFERRED, DTV_PART, {"question": "wat nu?"}, "", id="mrt"),
    pytest.param(
        (S.GUIDANCE, _REFERRED_TO_MRT),
        E.MRT_ADVISED,
        FIRST_LSO,
        {"advice": "verblijf"},
        "",
        id="mrt-advice",
    ),
    pytest.param(
        S.GUIDANCE,
        E.SCENARIO_CHANGED,
        FIRST_LSO,
        {"scenario": "residence"},
        "nieuw feit",
        id="scenario-change",
    ),
    pytest.param(S.SHELTERED, E.OUTFLOW_REGISTERED, INTAKE, {"category": "other"}, "", id="out"),
    pytest.param(
        S.OUTFLOWED, E.PERSON_MERGED, OUTFLOW, {"kept_person": "p-1"}, "dubbel", id="merged"
    ),
    pytest.param(
        S.GUIDANCE, E.OUTFLOW_REGISTERED, TODAY, {"category": "back_to_bbb"}, "", id="out-today"
    ),
]


def _state(spec):
    if isinstance(spec, tuple):
        stage, *more = spec
        return state_at(stage, *more)
    return state_at(spec)


@pytest.mark.parametrize(("stage", "event_type", "day", "data", "reason"), VALID)
def test_a_valid_action_is_allowed(stage, event_type, day, data, reason):
    assert workflow.check(_state(stage), event_type, day, data, reason, today=TODAY) == []


@pytest.mark.parametrize(("stage", "event_type", "day", "data", "reason"), VALID)
def test_a_date_in_the_future_is_refused(stage, event_type, day, data, reason):
    problems = workflow.check(
        _state(stage), event_type, TODAY + dt.timedelta(days=1), data, reason, today=TODAY
    )
    assert problems == ["De datum ligt in de toekomst; dat kan niet."]


# --- the date an event may not precede -----------------------------------------------------

_ONE_DAY = dt.timedelta(days=1)
_LATER_LSO = event(E.LSO_DISCUSSED, dt.date(2020, 4, 6), scenario="", phase="")
_SCENARIO_CHANGED = event(E.SCENARIO_CHANGED, dt.date(2020, 4, 6), reason="x", scenario="residence")
_ADVISED = event(E.MRT_ADVISED, dt.date(2020, 3, 30), advice="verblijf")

BEFORE_ANCHOR = [
    pytest.param(
        S.REFERRED, E.ADMISSION_CHECKED, REFERRAL - _ONE_DAY, {}, "", "de aanmelding", id="check"
    ),
    pytest.param(
        S.ADMISSION_CHECKED,
        E.ADMISSION_DECIDED,
        CHECK - _ONE_DAY,
        {"outcome": "admitted"},
        "",
        "de toelatingstoets",
        id="decision-before-check",
    ),
    pytest.param(
        S.ADMITTED,
        E.INTAKE_REGISTERED,
        DECISION - _ONE_DAY,
        {},
        "",
        "het toelatingsbesluit",
        id="intake-before-decision",
    ),
    pytest.param(
        S.SHELTERED,
        E.DOSSIER_REQUESTED,
        INTAKE - _ONE_DAY,
        {},
        "",
        "de intake",
        id="dossier-before-intake",
    ),
    pytest.param(
        S.DOSSIER_REQUESTED,
        E.DOSSIER_PART_DELIVERED,
        DOSSIER_REQUESTED - _ONE_DAY,
        {"part": "dtv"},
        "",
        "de dossieraanvraag",
        id="part-before-request",
    ),
    pytest.param(
        S.REST_PERIOD,
        E.LSO_DISCUSSED,
        DTV_PART - _ONE_DAY,
        {},
        "",
        "het complete dossier",
        id="lso-before-complete-dossier",
    ),
    pytest.param(
        (S.GUIDANCE, _SCENARIO_CHANGED),
        E.LSO_DISCUSSED,
        dt.date(2020, 4, 5),
        {},
        "",
        "het vaststellen van het huidige scenario",
        id="lso-before-current-scenario",
    ),
    pytest.param(
        S.GUIDANCE,
        E.PHASE_CHANGED,
        FIRST_LSO - _ONE_DAY,
        {"phase": "reception"},
        "",
        "het begin van de huidige fase",
        id="phase-before-phase",
    ),
    pytest.param(
        S.SHELTERED,
        E.ACTION_ITEM_ADDED,
        INTAKE - _ONE_DAY,
        {"description": "x", "owner_organisation": "IND"},
        "",
        "de intake",
        id="item-before-intake",
    ),
    pytest.param(
        (S.GUIDANCE, _ITEM),
        E.ACTION_ITEM_COMPLETED,
        FIRST_LSO - _ONE_DAY,
        {"number": 1},
        "",
        "het toevoegen van de actie",
        id="item-done-before-added",
    ),
    pytest.param(
        S.GUIDANCE,
        E.REVIEW_HELD,
        DTV_PART - _ONE_DAY,
        {"cooperation": "good"},
        "",
        "het complete dossier",
        id="review-before-dossier",
    ),
    pytest.param(
        S.GUIDANCE,
        E.MRT_REFERRED,
        DTV_PART - _ONE_DAY,
        {"question": "q"},
        "",
        "het complete dossier",
        id="mrt-before-dossier",
    ),
    pytest.param(
        (S.GUIDANCE, _REFERRED_TO_MRT, _ADVISED),
        E.MRT_REFERRED,
        dt.date(2020, 3, 29),
        {"question": "q"},
        "",
        "het vorige MRT-advies",
        id="mrt-before-previous-advice",
    ),
    pytest.param(
        (S.GUIDANCE, _REFERRED_TO_MRT),
        E.MRT_ADVISED,
        FIRST_LSO - _ONE_DAY,
        {"advice": "a"},
        "",
        "de voorlegging aan het MRT",
        id="advice-before-referral",
    ),
    pytest.param(
        S.GUIDANCE,
        E.SCENARIO_CHANGED,
        FIRST_LSO - _ONE_DAY,
        {"scenario": "residence"},
        "reden",
        "het vaststellen van het huidige scenario",
        id="scenario-change-before-scenario",
    ),
    pytest.param(
        S.SHELTERED,
        E.OUTFLOW_REGISTERED,
        INTAKE - _ONE_DAY,
        {"category": "other"},
        "",
        "de laatste eerdere gebeurtenis",
        id="outflow-before-intake",
    ),
    pytest.param(
        (S.GUIDANCE, _LATER_LSO),
        E.OUTFLOW_REGISTERED,
        dt.date(2020, 4, 5),
        {"category": "other"},
        "",
        "de laatste eerdere gebeurtenis",
        id="outflow-before-last-event",
    ),
]


@pytest.mark.parametrize(("stage", "event_type", "day", "data", "reason", "anchor"), BEFORE_ANCHOR)
def test_an_effective_date_before_the_event_it_depends_on_is_refused(
    stage, event_type, day, data, reason, anchor
):
    problems = workflow.check(_state(stage), event_type, day, data, reason, today=TODAY)
    assert len(problems) == 1, problems
    assert problems[0].startswith("De datum mag niet vóór")
    assert anchor in problems[0]


@pytest.mark.parametrize(("stage", "event_type", "day", "data", "reason", "anchor"), BEFORE_ANCHOR)
def test_an_effective_date_on_the_day_of_the_event_it_depends_on_is_allowed(
    stage, event_type, day, data, reason, anchor
):
    data = {**data, "question": "q", "advice": "a", "description": "x", "cooperation": "good"}
    data.setdefault("category", "other")
    problems = workflow.check(_state(stage), event_type, day + _ONE_DAY, data, reason, today=TODAY)
    assert not any(p.startswith("De datum") for p in problems), problems


def test_the_refusal_names_the_anchor_date_in_dutch():
    problems = workflow.check(
        state_at(S.ADMITTED), E.INTAKE_REGISTERED, dt.date(2020, 1, 19), today=TODAY
    )
    assert problems == ["De datum mag niet vóór het toelatingsbesluit (20 januari 2020) liggen."]


def test_future_and_anchor_problems_are_reported_together():
    state = state_at(S.ADMITTED)
    problems = workflow.check(
        state, E.INTAKE_REGISTERED, dt.date(2020, 1, 19), today=dt.date(2020, 1, 1)
    )
    assert len(problems) == 2


# --- guards over the event data ------------------------------------------------------------

_WITH_REASONS = event(E.ADMISSION_CHECKED, CHECK, reasons=["eu_citizen"], facts={})
_IN_RECEPTION = event(E.PHASE_CHANGED, dt.date(2020, 3, 2), phase="reception")
_REST_WITH_LSO = event(E.LSO_DISCUSSED, DTV_PART, perspective="onduidelijk")  # no scenario

GUARDS = [
    # referral
    pytest.param("", E.REFERRAL_REGISTERED, {}, "", "Wie de persoon heeft aangemeld", id="ref"),
    # decisions
    pytest.param(
        (S.REFERRED, _WITH_REASONS),
        E.ADMISSION_DECIDED,
        {"outcome": "admitted"},
        "",
        "uitzondering met een schriftelijke reden",
        id="admit-despite-reasons-without-exception-reason",
    ),
    pytest.param(
        (S.REFERRED, _WITH_REASONS),
        E.ADMISSION_DECIDED,
        {"outcome": "admitted", "exception_reason": "   "},
        "",
        "uitzondering met een schriftelijke reden",
        id="blank-exception-reason",
    ),
    pytest.param(
        S.ADMISSION_CHECKED,
        E.ADMISSION_DECIDED,
        {"outcome": "refused"},
        "",
        "schriftelijke motivering",
        id="refusal-without-grounds",
    ),
    pytest.param(
        S.ADMISSION_CHECKED,
        E.ADMISSION_DECIDED,
        {"outcome": "maybe"},
        "",
        "toegelaten of afgewezen",
        id="unknown-outcome",
    ),
    # dossier
    pytest.param(
        S.DOSSIER_REQUESTED, E.DOSSIER_PART_DELIVERED, {"part": "avim"}, "", "IND of DT&V", id="pt"
    ),
    pytest.param(
        (S.DOSSIER_REQUESTED, event(E.DOSSIER_PART_DELIVERED, dt.date(2020, 2, 10), part="ind")),
        E.DOSSIER_PART_DELIVERED,
        {"part": "ind"},
        "",
        "is al geleverd",
        id="ind-part-delivered-twice",
    ),
    # LSO
    pytest.param(
        S.GUIDANCE,
        E.LSO_DISCUSSED,
        {"scenario": "residence"},
        "",
        "wijzig het via 'scenario wijzigen'",
        id="lso-silently-changes-scenario",
    ),
    pytest.param(
        S.REST_PERIOD, E.LSO_DISCUSSED, {"scenario": "asylum"}, "", "scenario heeft geen", id="sc"
    ),
    pytest.param(
        S.REST_PERIOD, E.LSO_DISCUSSED, {"phase": "limbo"}, "", "fase heeft geen", id="phase-val"
    ),
    pytest.param(
        S.REST_PERIOD,
        E.LSO_DISCUSSED,
        {"phase": "reception"},
        "",
        "pas als er een scenario",
        id="lso-reception-without-scenario",
    ),
    pytest.param(
        (S.GUIDANCE, _IN_RECEPTION),
        E.LSO_DISCUSSED,
        {"phase": "research"},
        "",
        "niet terug van de opvangfase",
        id="lso-back-to-research",
    ),
    pytest.param(
        S.REST_PERIOD, E.LSO_DISCUSSED, {"cooperation": "meh"}, "", "medewerking", id="lso-coop"
    ),
    pytest.param(
        S.REST_PERIOD,
        E.LSO_DISCUSSED,
        {"agreed": False},
        "",
        "welke partner(s) het niet eens zijn",
        id="lso-disagreement-without-dissenting-partners",
    ),
    # phase
    pytest.param(
        (S.REST_PERIOD, _REST_WITH_LSO),
        E.PHASE_CHANGED,
        {"phase": "reception"},
        "",
        "pas als er een scenario",
        id="phase-reception-without-scenario",
    ),
    pytest.param(
        S.GUIDANCE,
        E.PHASE_CHANGED,
        {"phase": "research"},
        "",
        "Alleen de overgang van de onderzoeksfase",
        id="phase-to-research",
    ),
    pytest.param(
        (S.GUIDANCE, _IN_RECEPTION),
        E.PHASE_CHANGED,
        {"phase": "reception"},
        "",
        "Alleen de overgang van de onderzoeksfase",
        id="phase-reception-twice",
    ),
    pytest.param(
        S.REST_PERIOD,
        E.PHASE_CHANGED,
        {"phase": "reception"},
        "",
        "Alleen de overgang van de onderzoeksfase",
        id="phase-before-any-lso",
    ),
    # action plan
    pytest.param(
        S.SHELTERED,
        E.ACTION_ITEM_ADDED,
        {"owner_organisation": "IND"},
        "",
        "De omschrijving is verplicht",
        id="item-without-description",
    ),
    pytest.param(
        S.SHELTERED,
        E.ACTION_ITEM_ADDED,
        {"description": "x"},
        "",
        "De eigenaar is verplicht",
        id="item-without-owner",
    ),
    pytest.param(
        S.SHELTERED,
        E.ACTION_ITEM_ADDED,
        {"description": "x", "owner_organisation": "IND", "due_date": "morgen"},
        "",
        "geen geldige datum",
        id="item-bad-due-date",
    ),
    pytest.param(
        S.SHELTERED,
        E.ACTION_ITEM_ADDED,
        {"description": "x", "owner_organisation": "IND", "due_date": "2020-01-26"},
        "",
        "De streefdatum ligt vóór de datum van toevoegen.",
        id="item-due-before-it-was-added",
    ),
    pytest.param(
        S.GUIDANCE,
        E.ACTION_ITEM_COMPLETED,
        {"number": 1},
        "",
        "bestaat niet",
        id="complete-missing-item",
    ),
    pytest.param(
        (S.GUIDANCE, _ITEM, event(E.ACTION_ITEM_COMPLETED, FIRST_LSO, number=1)),
        E.ACTION_ITEM_COMPLETED,
        {"number": 1},
        "",
        "al afgerond",
        id="complete-item-twice",
    ),
    # reviews, MRT, scenario, outflow
    pytest.param(S.GUIDANCE, E.REVIEW_HELD, {}, "", "medewerking heeft geen", id="review-coop"),
    pytest.param(
        S.GUIDANCE,
        E.MRT_ADVISED,
        {"advice": "vertrek"},
        "",
        "niet aan het MRT voorgelegd",
        id="mrt-advice-when-not-referred",
    ),
    pytest.param(
        (S.GUIDANCE, _REFERRED_TO_MRT, _ADVISED),
        E.MRT_ADVISED,
        {"advice": "nog eens"},
        "",
        "niet aan het MRT voorgelegd",
        id="mrt-advice-twice",
    ),
    pytest.param(
        (S.GUIDANCE, _REFERRED_TO_MRT),
        E.MRT_ADVISED,
        {"advice": " "},
        "",
        "Het advies is verplicht",
        id="mrt-empty-advice",
    ),
    pytest.param(
        (S.GUIDANCE, _REFERRED_TO_MRT),
        E.MRT_REFERRED,
        {"question": "nog een"},
        "",
        "ligt al bij het MRT",
        id="mrt-referred-twice",
    ),
    pytest.param(
        S.GUIDANCE, E.MRT_REFERRED, {}, "", "De vraag aan het MRT is verplicht", id="mrt-no-q"
    ),
    pytest.param(
        S.GUIDANCE,
        E.SCENARIO_CHANGED,
        {"scenario": "residence"},
        "  ",
        "vraagt een reden",
        id="scenario-change-without-reason",
    ),
    pytest.param(
        S.GUIDANCE,
        E.SCENARIO_CHANGED,
        {"scenario": "departure"},
        "reden",
        "al het huidige scenario",
        id="scenario-change-to-the-same-scenario",
    ),
    pytest.param(
        S.GUIDANCE, E.SCENARIO_CHANGED, {"scenario": "x"}, "reden", "geen geldige", id="sc-val"
    ),
    pytest.param(
        S.GUIDANCE, E.OUTFLOW_REGISTERED, {"category": "escaped"}, "", "geen geldige", id="out-cat"
    ),
    pytest.param(S.GUIDANCE, E.PERSON_MERGED, {}, "r", "De persoon die blijft", id="merge"),
]


@pytest.mark.parametrize(("stage", "event_type", "data", "reason", "expected"), GUARDS)
def test_a_guard_refuses_invalid_data(stage, event_type, data, reason, expected):
    state = _state(stage)
    day = state.last_effective_date or REFERRAL
    problems = workflow.check(state, event_type, day, data, reason, today=TODAY)
    assert any(expected in p for p in problems), problems


def test_admitting_despite_reasons_with_an_exception_reason_is_allowed():
    state = state_at(S.REFERRED, _WITH_REASONS)
    data = {"outcome": "admitted", "exception_reason": "humanitaire redenen"}
    assert workflow.check(state, E.ADMISSION_DECIDED, DECISION, data, today=TODAY) == []


def test_refusing_despite_no_reasons_is_allowed_with_grounds():
    data = {"outcome": "refused", "grounds": "geen medewerking"}
    assert (
        workflow.check(
            state_at(S.ADMISSION_CHECKED), E.ADMISSION_DECIDED, DECISION, data, today=TODAY
        )
        == []
    )


def test_both_dossier_parts_are_needed_for_a_complete_dossier():
    ind_only = state_at(
        S.DOSSIER_REQUESTED, event(E.DOSSIER_PART_DELIVERED, dt.date(2020, 2, 10), part="ind")
    )
    assert ind_only.stage == S.DOSSIER_REQUESTED
    assert ind_only.dossier_complete_date is None
    assert E.LSO_DISCUSSED not in workflow.allowed_events(ind_only)
    both = state_at(S.REST_PERIOD)
    assert both.dossier_complete_date == DTV_PART
    assert E.LSO_DISCUSSED in workflow.allowed_events(both)


def test_a_disagreement_that_names_the_dissenting_partners_is_allowed():
    data = {"agreed": False, "dissenting_organisations": ["IND", "DTV"]}
    assert (
        workflow.check(state_at(S.REST_PERIOD), E.LSO_DISCUSSED, DTV_PART, data, today=TODAY) == []
    )


def test_an_action_item_due_on_the_day_it_is_added_is_allowed():
    data = {"description": "x", "owner_organisation": "IND", "due_date": INTAKE.isoformat()}
    assert (
        workflow.check(state_at(S.SHELTERED), E.ACTION_ITEM_ADDED, INTAKE, data, today=TODAY) == []
    )


def test_a_refusal_about_one_field_names_that_field_for_the_form():
    data = {"description": "x", "owner_organisation": "IND", "due_date": "2020-01-26"}
    (problem,) = workflow.check(
        state_at(S.SHELTERED), E.ACTION_ITEM_ADDED, INTAKE, data, today=TODAY
    )
    assert problem.field == "due_date"


def test_an_lso_may_restate_the_existing_scenario():
    data = {"scenario": "departure", "cooperation": "good"}
    assert workflow.check(state_at(S.GUIDANCE), E.LSO_DISCUSSED, OUTFLOW, data, today=TODAY) == []


def test_several_guard_problems_are_reported_together():
    problems = workflow.check(
        state_at(S.REST_PERIOD),
        E.LSO_DISCUSSED,
        DTV_PART,
        {"scenario": "x", "phase": "y", "cooperation": "z"},
        today=TODAY,
    )
    assert len(problems) == 3


# --- fold: the check applied to a whole history -------------------------------------------


def test_fold_accepts_the_canonical_history():
    folded = workflow.fold(CANONICAL, today=TODAY)
    assert folded.ok and folded.problems == [] and folded.refused is None
    assert folded.state.stage == S.OUTFLOWED


def test_fold_stops_at_the_first_event_that_breaks_a_rule_and_names_it():
    history = history_to(S.SHELTERED)
    bad = event(E.OUTFLOW_REGISTERED, INTAKE - _ONE_DAY, category="other")
    later = event(E.DOSSIER_REQUESTED, INTAKE)
    folded = workflow.fold([*history, bad, later], today=TODAY)
    assert folded.state.stage == S.SHELTERED  # the state before the refused event
    assert folded.refused == len(history)
    assert len(folded.problems) == 1 and "De datum mag niet vóór" in folded.problems[0]


def test_fold_refuses_a_history_with_an_event_out_of_stage():
    history = [CANONICAL[0], CANONICAL[3]]  # intake straight after referral
    folded = workflow.fold(history, today=TODAY)
    assert folded.refused == 1 and STAGE_REFUSAL in folded.problems[0]


def test_fold_continues_from_a_given_state():
    folded = workflow.fold(CANONICAL[8:], today=TODAY, state=state_at(S.GUIDANCE))
    assert folded.ok and folded.state.stage == S.OUTFLOWED


def test_fold_folds_planned_events_with_typed_payloads_like_stored_ones():
    planned = [
        PlannedEvent(e.effective_date, payloads.load(e.type, e.data), e.reason) for e in CANONICAL
    ]
    assert workflow.fold(planned, today=TODAY) == workflow.fold(CANONICAL, today=TODAY)


def test_transition_refused_carries_all_reasons():
    error = workflow.TransitionRefused(["een", "twee"])
    assert error.reasons == ["een", "twee"]
    assert str(error) == "een; twee"
