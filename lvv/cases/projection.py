"""Events -> current state. Pure functions: the history is the truth, this is its reading.

``apply`` folds one event into a state (unchecked: checking while folding is
``workflow.fold``); ``resolve`` applies corrections to the list of events; ``project`` does
both. ``project_as_of`` reads the history as it stood on a
reference date (only events effective on or before that date), which is what the monitor
uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import fields

from lvv.cases import payloads as p
from lvv.cases.events import EventRecord, EventType
from lvv.cases.state import ActionItemState, CaseState
from lvv.cases.vocabulary import DecisionOutcome, DossierPart, MrtStatus, Phase, Stage

_FIELD_NAMES: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in fields(cls)) for cls in (CaseState, ActionItemState, EventRecord)
}


def replace(obj, /, **changes):
    """``dataclasses.replace`` for the frozen value classes folded here, without ``__init__``.

    Same result - these classes have no ``__post_init__``, init-only or ``init=False``
    fields, so a copy of the instance dict with the changes applied is exactly what
    ``dataclasses.replace`` builds - but several times faster, which matters when the
    generator and the caseload import fold millions of events (``CaseState`` has 30+ fields).
    """
    names = _FIELD_NAMES.get(type(obj))
    if names is None:  # any other dataclass (a subclass, say): the standard way
        return dataclasses.replace(obj, **changes)
    unknown = changes.keys() - names
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field(s) {sorted(unknown)}")
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


def _referral(state: CaseState, day: dt.date, payload: p.ReferralRegistered) -> CaseState:
    return replace(state, stage=Stage.REFERRED, referral_date=day, referred_by=payload.referred_by)


def _admission_checked(state: CaseState, day: dt.date, payload: p.AdmissionChecked) -> CaseState:
    return replace(
        state,
        stage=Stage.ADMISSION_CHECKED,
        admission_check_date=day,
        admission_reasons=tuple(payload.reasons),
        safe_country_national=bool(payload.facts.safe_country_national),
    )


def _admission_decided(state: CaseState, day: dt.date, payload: p.AdmissionDecided) -> CaseState:
    exception_reason = payload.exception_reason
    admitted = payload.outcome == DecisionOutcome.ADMITTED
    return replace(
        state,
        stage=Stage.ADMITTED if admitted else Stage.REFUSED,
        decision_outcome=payload.outcome,
        decision_date=day,
        within_target_group=(not exception_reason) if admitted else None,
        exception_reason=exception_reason if admitted else "",
    )


def _intake(state: CaseState, day: dt.date, payload: p.IntakeRegistered) -> CaseState:
    return replace(state, stage=Stage.SHELTERED, intake_date=day)


def _dossier_requested(state: CaseState, day: dt.date, payload: p.DossierRequested) -> CaseState:
    return replace(state, stage=Stage.DOSSIER_REQUESTED, dossier_requested_date=day)


def _dossier_part(state: CaseState, day: dt.date, payload: p.DossierPartDelivered) -> CaseState:
    if payload.part == DossierPart.IND:
        state = replace(state, dossier_ind_date=day)
    else:
        state = replace(state, dossier_dtv_date=day)
    if state.dossier_ind_date and state.dossier_dtv_date:
        state = replace(
            state,
            stage=Stage.REST_PERIOD,
            dossier_complete_date=max(state.dossier_ind_date, state.dossier_dtv_date),
        )
    return state


def _lso_discussed(state: CaseState, day: dt.date, payload: p.LsoDiscussed) -> CaseState:
    changes: dict = {"last_lso_date": day}
    if payload.perspective:
        changes["perspective"] = payload.perspective
    phase = payload.phase or state.phase or Phase.RESEARCH
    if phase != state.phase:
        changes["phase"] = phase
        changes["phase_date"] = day
    scenario = payload.scenario
    if scenario and scenario != state.scenario:
        changes["scenario"] = scenario
        changes["scenario_date"] = day
        if state.first_scenario_date is None:
            changes["first_scenario_date"] = day
    if scenario or state.scenario:
        changes["stage"] = Stage.GUIDANCE
    if payload.cooperation:
        changes["cooperation"] = payload.cooperation
    return replace(state, **changes)


def _phase_changed(state: CaseState, day: dt.date, payload: p.PhaseChanged) -> CaseState:
    return replace(state, phase=payload.phase, phase_date=day)


def _action_item_added(state: CaseState, day: dt.date, payload: p.ActionItemAdded) -> CaseState:
    item = ActionItemState(
        number=len(state.action_items) + 1,
        description=payload.description,
        owner_organisation=payload.owner_organisation,
        due_date=payload.due_date,
        added_date=day,
    )
    return replace(state, action_items=(*state.action_items, item))


def _action_item_completed(
    state: CaseState, day: dt.date, payload: p.ActionItemCompleted
) -> CaseState:
    items = tuple(
        replace(item, done_date=day) if item.number == payload.number else item
        for item in state.action_items
    )
    return replace(state, action_items=items)


def _review_held(state: CaseState, day: dt.date, payload: p.ReviewHeld) -> CaseState:
    return replace(state, last_review_date=day, last_lso_date=day, cooperation=payload.cooperation)


def _mrt_referred(state: CaseState, day: dt.date, payload: p.MrtReferred) -> CaseState:
    return replace(
        state,
        mrt_status=MrtStatus.REFERRED,
        mrt_referral_date=day,
        mrt_advice_date=None,
        mrt_referral_count=state.mrt_referral_count + 1,
    )


def _mrt_advised(state: CaseState, day: dt.date, payload: p.MrtAdvised) -> CaseState:
    return replace(state, mrt_status=MrtStatus.ADVISED, mrt_advice_date=day)


def _scenario_changed(state: CaseState, day: dt.date, payload: p.ScenarioChanged) -> CaseState:
    return replace(state, scenario=payload.scenario, scenario_date=day)


def _outflow(state: CaseState, day: dt.date, payload: p.OutflowRegistered) -> CaseState:
    return replace(
        state, stage=Stage.OUTFLOWED, outflow_category=payload.category, outflow_date=day
    )


def _person_merged(state: CaseState, day: dt.date, payload: p.PersonMerged) -> CaseState:
    """The case moved to another person record (a duplicate was merged): no state change."""
    return state


APPLY: dict[str, Callable[[CaseState, dt.date, p.Payload], CaseState]] = {
    EventType.REFERRAL_REGISTERED: _referral,
    EventType.ADMISSION_CHECKED: _admission_checked,
    EventType.ADMISSION_DECIDED: _admission_decided,
    EventType.INTAKE_REGISTERED: _intake,
    EventType.DOSSIER_REQUESTED: _dossier_requested,
    EventType.DOSSIER_PART_DELIVERED: _dossier_part,
    EventType.LSO_DISCUSSED: _lso_discussed,
    EventType.PHASE_CHANGED: _phase_changed,
    EventType.ACTION_ITEM_ADDED: _action_item_added,
    EventType.ACTION_ITEM_COMPLETED: _action_item_completed,
    EventType.REVIEW_HELD: _review_held,
    EventType.MRT_REFERRED: _mrt_referred,
    EventType.MRT_ADVISED: _mrt_advised,
    EventType.SCENARIO_CHANGED: _scenario_changed,
    EventType.OUTFLOW_REGISTERED: _outflow,
    EventType.PERSON_MERGED: _person_merged,
}


def apply(state: CaseState, event) -> CaseState:
    """``state`` after ``event`` (an ``EventRecord`` or a ``PlannedEvent``), unchecked: the
    rules are ``workflow.fold``'s business."""
    return apply_payload(state, event.type, event.effective_date, event.payload)


def apply_payload(
    state: CaseState, event_type: str, effective_date: dt.date, payload: p.Payload
) -> CaseState:
    state = APPLY[event_type](state, effective_date, payload)
    last = state.last_effective_date
    if last is None or effective_date > last:
        state = replace(state, last_effective_date=effective_date)
    return state


def resolve(events: Iterable[EventRecord]) -> list[EventRecord]:
    """The events as they count now: corrections applied, voided events left out.

    A correction (``EVENT_CORRECTED``) names the sequence number of the event it corrects and
    carries the corrected ``effective_date`` and/or ``data`` or ``void: true``; the latest
    correction of an event wins. Order stays the order of recording.
    """
    originals: dict[int, EventRecord] = {}
    voided: set[int] = set()
    for event in sorted(events, key=lambda e: e.sequence):
        if event.type != EventType.EVENT_CORRECTED:
            originals[event.sequence] = event
            continue
        target = originals.get(event.corrects)
        if target is None:
            continue
        correction: p.EventCorrected = event.payload
        if correction.void:
            voided.add(target.sequence)
            continue
        voided.discard(target.sequence)
        new_date = correction.effective_date or target.effective_date
        new_data = {**target.data, **correction.data}
        originals[target.sequence] = replace(target, effective_date=new_date, data=new_data)
    return [event for seq, event in originals.items() if seq not in voided]


def applied(events: Iterable[EventRecord]) -> CaseState:
    """Every event applied in order, unchecked (a history read back, or a test's history)."""
    state = CaseState()
    for event in events:
        state = apply(state, event)
    return state


def project(events: Iterable[EventRecord]) -> CaseState:
    """The current state of a stored history (read, not checked: see ``workflow.fold``)."""
    return applied(resolve(events))


def project_as_of(events: Iterable[EventRecord], day: dt.date) -> CaseState:
    """The state on ``day``: only (corrected) events effective on or before that day."""
    return applied([event for event in resolve(events) if event.effective_date <= day])
