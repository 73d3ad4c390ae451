"""Pure event histories for the table-driven tests: one canonical walk through the process.

No database: states are computed with ``projection.applied`` from plain ``EventRecord`` values,
so the transition table, the rules and the deadlines can be tested as tables.
"""

from __future__ import annotations

import datetime as dt

from lvv.cases.events import EventRecord, EventType
from lvv.cases.projection import applied, apply
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import Stage

TODAY = dt.date(2020, 6, 1)

REFERRAL = dt.date(2020, 1, 6)
CHECK = dt.date(2020, 1, 13)
DECISION = dt.date(2020, 1, 20)
INTAKE = dt.date(2020, 1, 27)
DOSSIER_REQUESTED = dt.date(2020, 2, 3)
IND_PART = dt.date(2020, 2, 10)
DTV_PART = dt.date(2020, 2, 17)  # the dossier is complete on the later of the two parts
FIRST_LSO = dt.date(2020, 2, 24)
OUTFLOW = dt.date(2020, 3, 2)


def event(event_type: str, day: dt.date, reason: str = "", **data) -> EventRecord:
    return EventRecord(type=event_type, effective_date=day, data=data, reason=reason)


CANONICAL = [
    event(EventType.REFERRAL_REGISTERED, REFERRAL, referred_by="ngo"),
    event(EventType.ADMISSION_CHECKED, CHECK, facts={}, reasons=[]),
    event(EventType.ADMISSION_DECIDED, DECISION, outcome="admitted", grounds=""),
    event(EventType.INTAKE_REGISTERED, INTAKE),
    event(EventType.DOSSIER_REQUESTED, DOSSIER_REQUESTED),
    event(EventType.DOSSIER_PART_DELIVERED, IND_PART, part="ind"),
    event(EventType.DOSSIER_PART_DELIVERED, DTV_PART, part="dtv"),
    event(EventType.LSO_DISCUSSED, FIRST_LSO, scenario="departure", perspective="vertrek"),
    event(EventType.OUTFLOW_REGISTERED, OUTFLOW, category="departure_origin"),
]

_PREFIX = {
    "": 0,
    Stage.REFERRED: 1,
    Stage.ADMISSION_CHECKED: 2,
    Stage.ADMITTED: 3,
    Stage.SHELTERED: 4,
    Stage.DOSSIER_REQUESTED: 5,
    Stage.REST_PERIOD: 7,
    Stage.GUIDANCE: 8,
    Stage.OUTFLOWED: 9,
}

ALL_STAGES = ["", *Stage.values]

_SHELTER = frozenset({Stage.SHELTERED, Stage.DOSSIER_REQUESTED, Stage.REST_PERIOD, Stage.GUIDANCE})
_GUIDANCE = frozenset({Stage.REST_PERIOD, Stage.GUIDANCE})

# In which stages each event type may be recorded - written out by hand from DOMAIN.md's
# process scheme, deliberately not derived from workflow.TRANSITIONS, so that a change to the
# table shows up in the tests.
ALLOWED_STAGES: dict[str, frozenset[str]] = {
    EventType.REFERRAL_REGISTERED: frozenset({""}),
    EventType.ADMISSION_CHECKED: frozenset({Stage.REFERRED, Stage.ADMISSION_CHECKED}),
    EventType.ADMISSION_DECIDED: frozenset({Stage.ADMISSION_CHECKED}),
    EventType.INTAKE_REGISTERED: frozenset({Stage.ADMITTED}),
    EventType.DOSSIER_REQUESTED: frozenset({Stage.SHELTERED}),
    EventType.DOSSIER_PART_DELIVERED: frozenset({Stage.DOSSIER_REQUESTED}),
    EventType.LSO_DISCUSSED: _GUIDANCE,
    EventType.PHASE_CHANGED: _GUIDANCE,
    EventType.ACTION_ITEM_ADDED: _SHELTER,
    EventType.ACTION_ITEM_COMPLETED: _SHELTER,
    EventType.REVIEW_HELD: _GUIDANCE,
    EventType.MRT_REFERRED: _GUIDANCE,
    EventType.MRT_ADVISED: _GUIDANCE,
    EventType.SCENARIO_CHANGED: frozenset({Stage.GUIDANCE}),
    EventType.OUTFLOW_REGISTERED: _SHELTER,
    EventType.EVENT_CORRECTED: frozenset(),  # only through services.event_correct
    # administrative, written by services.person_merge on a case in any stage
    EventType.PERSON_MERGED: frozenset(Stage.values),
}
# Recorded only as a side effect of another service, never offered as an action.
SERVICE_ONLY = frozenset({EventType.PERSON_MERGED})


def history_to(stage: str) -> list[EventRecord]:
    if stage == Stage.REFUSED:
        return [
            *CANONICAL[:2],
            event(EventType.ADMISSION_DECIDED, DECISION, outcome="refused", grounds="buiten"),
        ]
    return list(CANONICAL[: _PREFIX[stage]])


def state_at(stage: str, *more: EventRecord) -> CaseState:
    """The canonical state at ``stage``, with ``more`` events applied after it."""
    state = applied(history_to(stage))
    assert state.stage == stage
    for extra in more:
        state = apply(state, extra)
    return state
