"""The one path every case change takes: lock, check, append, project, log.

Services call :func:`append_event` inside ``transaction.atomic``. It locks the case row
(``select_for_update``: a real row lock on PostgreSQL), checks the transition table, appends
the event, updates the stored projection under an optimistic version check (which is what
protects SQLite, where row locks do not exist) and writes the processing log entry - all in
the caller's transaction, so a refusal or a conflict leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.cases import workflow
from lvv.cases.events import EventType, PlannedEvent
from lvv.cases.models import ActionItem, Case, CaseEvent
from lvv.cases.payloads import Payload
from lvv.cases.rules import LvvRules
from lvv.cases.state import CaseState
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record

ACTIVITY_OF_EVENT: dict[str, Activity] = {
    EventType.REFERRAL_REGISTERED: Activity.REFERRAL,
    EventType.ADMISSION_CHECKED: Activity.ADMISSION_CHECK,
    EventType.ADMISSION_DECIDED: Activity.ADMISSION_CHECK,
    EventType.INTAKE_REGISTERED: Activity.CASE_GUIDANCE,
    EventType.DOSSIER_REQUESTED: Activity.CASE_GUIDANCE,
    EventType.DOSSIER_PART_DELIVERED: Activity.CASE_GUIDANCE,
    EventType.LSO_DISCUSSED: Activity.LSO_CASE_DISCUSSION,
    EventType.PHASE_CHANGED: Activity.LSO_CASE_DISCUSSION,
    EventType.ACTION_ITEM_ADDED: Activity.LSO_CASE_DISCUSSION,
    EventType.ACTION_ITEM_COMPLETED: Activity.CASE_GUIDANCE,
    EventType.REVIEW_HELD: Activity.LSO_CASE_DISCUSSION,
    EventType.MRT_REFERRED: Activity.MRT_REVIEW,
    EventType.MRT_ADVISED: Activity.MRT_REVIEW,
    EventType.SCENARIO_CHANGED: Activity.LSO_CASE_DISCUSSION,
    EventType.OUTFLOW_REGISTERED: Activity.OUTFLOW,
    EventType.EVENT_CORRECTED: Activity.CASE_GUIDANCE,
    EventType.PERSON_MERGED: Activity.CASE_GUIDANCE,
}


class ConflictError(Exception):
    """Someone else changed the case in the meantime; the action was not stored."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Deze casus is intussen door iemand anders gewijzigd. Uw wijziging is niet "
                "opgeslagen; bekijk de casus opnieuw en probeer het nog eens."
            )
        )


@dataclass(frozen=True)
class Context:
    """Who acts, and for which purpose; passed down by commands such as the import."""

    activity: Activity | None = None


def today() -> dt.date:
    return timezone.localdate()


# When a history is replayed (the demo), the moment each event was entered; else now.
_recording_moment: ContextVar[dt.datetime | None] = ContextVar("recording_moment", default=None)


@contextmanager
def recorded_at(moment: dt.datetime) -> Iterator[None]:
    """Events appended inside this block get ``moment`` as their recording time.

    For replaying a plausible history (``lvv demo``), where every event would otherwise
    carry the few seconds in which the whole demo was loaded. Never a moment in the future.
    """
    if moment > timezone.now():
        raise ValueError("an event cannot be recorded in the future")
    token = _recording_moment.set(moment)
    try:
        yield
    finally:
        _recording_moment.reset(token)


def lock_case(case: Case | int, expected_version: int | None = None) -> Case:
    pk = case if isinstance(case, int) else case.pk
    locked = Case.objects.select_for_update().select_related("lvv", "person").get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError()
    return locked


def save_projection(case: Case, old: CaseState, new: CaseState) -> None:
    """Write ``new`` over the stored projection (with its due dates under the LVV's settings),
    guarded by the version read with ``old``."""
    columns = Case.column_values(new, LvvRules.of(case.lvv))
    updated = Case.objects.filter(pk=case.pk, version=case.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **columns
    )
    if updated != 1:
        raise ConflictError()
    if old.action_items != new.action_items:
        _sync_action_items(case, old, new)
    case.version += 1
    for name, value in columns.items():
        setattr(case, name, value)


def _sync_action_items(case: Case, old: CaseState, new: CaseState) -> None:
    before = {item.number: item for item in old.action_items}
    after = {item.number: item for item in new.action_items}
    for number in before.keys() - after.keys():
        ActionItem.objects.filter(case=case, number=number).delete()
    for number, item in after.items():
        if before.get(number) == item:
            continue
        ActionItem.objects.update_or_create(
            case=case,
            number=number,
            defaults={
                "description": item.description,
                "owner_organisation_id": item.owner_organisation,
                "due_date": item.due_date,
                "added_date": item.added_date,
                "done_date": item.done_date,
            },
        )


def append_event(
    *,
    case: Case | int,
    actor,
    payload: Payload,
    effective_date: dt.date,
    reason: str = "",
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """Lock, check, append, project and log one event. Call inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("append_event must run inside transaction.atomic")
    locked = lock_case(case, expected_version)
    state = locked.to_state()
    planned = PlannedEvent(effective_date, payload, reason)
    folded = workflow.fold([planned], today=today(), state=state)
    if not folded.ok:
        raise workflow.TransitionRefused(folded.problems)
    event = create_event(
        case=locked,
        actor=actor,
        event_type=planned.type,
        effective_date=effective_date,
        data=planned.data,
        reason=reason,
    )
    save_projection(locked, state, folded.state)
    log_write(
        case=locked,
        actor=actor,
        activity=activity or ACTIVITY_OF_EVENT[planned.type],
        operation=Operation.UPDATE,
    )
    if not isinstance(case, int):
        refresh_from(case, locked)
    return event


def refresh_from(target: Case, source: Case) -> None:
    """Bring the caller's instance up to date without another query."""
    for field in Case._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def create_event(
    *,
    case: Case,
    actor,
    event_type: str,
    effective_date: dt.date,
    data: dict,
    reason: str = "",
    corrects: CaseEvent | None = None,
) -> CaseEvent:
    try:
        with transaction.atomic():
            return CaseEvent.objects.create(
                case=case,
                sequence=case.version + 1,
                type=event_type,
                effective_date=effective_date,
                recorded_at=_recording_moment.get() or timezone.now(),
                actor=actor if getattr(actor, "pk", None) else None,
                organisation=getattr(actor, "organisation", None),
                data=data,
                reason=reason,
                corrects=corrects,
            )
    except IntegrityError as exc:  # another writer took this sequence number first
        raise ConflictError() from exc


def log_write(*, case: Case, actor, activity: Activity, operation: Operation) -> None:
    processing_record(
        actor=actor,
        operation=operation,
        activity=activity,
        subject_pseudonyms=[case.person.pseudonym],
        resource=f"case:{case.pk}",
    )
