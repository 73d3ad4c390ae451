"""Corrections: a new event that says how an earlier one should have read.

The corrected history is folded through the whole transition table; a correction that
would make any later step impossible (say, an intake moved after the outflow) is refused.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lvv.cases import payloads, workflow
from lvv.cases.events import EventRecord, EventType
from lvv.cases.models import Case, CaseEvent, Person
from lvv.cases.projection import resolve
from lvv.cases.services._core import create_event, lock_case, log_write, save_projection, today
from lvv.cases.services.referral import open_case_of
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import CLOSED_STAGES
from lvv.processing_log.activities import Activity, Operation


def event_records(case: Case) -> list[EventRecord]:
    events = list(case.events.order_by("sequence"))
    sequence_of = {event.pk: event.sequence for event in events}
    return [event.to_record(sequence_of.get(event.corrects_id)) for event in events]


@transaction.atomic
def event_correct(
    *,
    case: Case,
    actor,
    event: CaseEvent,
    reason: str,
    effective_date: dt.date | None = None,
    data: dict | None = None,
    void: bool = False,
    expected_version: int | None = None,
) -> CaseEvent:
    locked = lock_case(case, expected_version)
    problems: list[str] = []
    if event.case_id != locked.pk:
        problems.append(_("Deze gebeurtenis hoort niet bij deze casus."))
    elif event.type == EventType.EVENT_CORRECTED:
        problems.append(_("Corrigeer de oorspronkelijke gebeurtenis, niet een correctie."))
    elif event.type == EventType.REFERRAL_REGISTERED and void:
        problems.append(_("De aanmelding zelf kan niet vervallen; sluit de casus af."))
    if not (reason or "").strip():
        problems.append(_("Een correctie vraagt een reden."))
    if effective_date is None and not data and not void:
        problems.append(_("Geef aan wat er gecorrigeerd moet worden."))
    if data and not problems:
        # The corrected data must still be the event type's payload (no unknown keys).
        problems.extend(payloads.read(event.type, {**event.data, **data})[1])
    if problems:
        raise workflow.TransitionRefused(problems)
    correction_data = payloads.EventCorrected(
        void=bool(void), effective_date=effective_date, data=dict(data or {})
    ).to_data()
    records = event_records(locked)
    proposed = EventRecord(
        type=EventType.EVENT_CORRECTED,
        effective_date=today(),
        data=correction_data,
        sequence=locked.version + 1,
        corrects=event.sequence,
        reason=reason,
    )
    folded = workflow.fold(resolve([*records, proposed]), today=today())
    if not folded.ok:
        raise workflow.TransitionRefused(
            [_("Na deze correctie klopt de geschiedenis niet meer:"), *folded.problems]
        )
    new_state = folded.state
    old_state: CaseState = locked.to_state()
    if old_state.stage in CLOSED_STAGES and new_state.stage not in CLOSED_STAGES:
        # The correction reopens a closed stay: the person may not have another open case.
        Person.objects.select_for_update().filter(pk=locked.person_id).first()
        other = open_case_of(locked.person)
        if other is not None:
            raise workflow.TransitionRefused(
                [
                    _(
                        "Deze correctie heropent de casus, maar de persoon heeft al een lopende "
                        "casus in LVV %(lvv)s."
                    )
                    % {"lvv": other.lvv.name}
                ]
            )
    correction = create_event(
        case=locked,
        actor=actor,
        event_type=EventType.EVENT_CORRECTED,
        effective_date=today(),
        data=correction_data,
        reason=reason.strip(),
        corrects=event,
    )
    save_projection(locked, old_state, new_state)
    log_write(case=locked, actor=actor, activity=Activity.CASE_GUIDANCE, operation=Operation.UPDATE)
    return correction
