"""Many new cases at once - for the caseload import and the data generator.

Each history is checked event by event with the same :func:`workflow.check` and folded with
the same :func:`projection.apply` as a single service call, so a bulk-created case obeys
exactly the rules of one entered by hand and leaves the same events and processing-log
entries. Only the writing differs: rows go to the database with ``bulk_create``, which is
what makes 100,000 cases feasible in seconds rather than hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv import crypto
from lvv.cases import workflow
from lvv.cases.events import EventRecord, EventType
from lvv.cases.models import ActionItem, Case, CaseEvent, Person
from lvv.cases.projection import apply
from lvv.cases.services._core import ACTIVITY_OF_EVENT, today
from lvv.cases.services.referral import CLOSED_STAGES
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv, Organisation
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.processing_log.trace import current_trace_id


@dataclass(frozen=True)
class PlannedEvent:
    type: str
    effective_date: dt.date
    data: dict = field(default_factory=dict)
    reason: str = ""


@dataclass
class CaseHistory:
    person: Person  # saved already
    lvv: Lvv
    events: Sequence[PlannedEvent]
    guiding_organisation: Organisation | None = None


class BulkRefused(Exception):
    """One or more histories break a rule; ``problems`` maps history index -> reasons."""

    def __init__(self, problems: dict[int, list[str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} histories refused")


def plan_state(events: Sequence[PlannedEvent], *, on: dt.date | None = None) -> CaseState:
    """Fold planned events through the transition table; raise on the first refusal."""
    state = CaseState()
    on = on or today()
    for number, event in enumerate(events, start=1):
        problems = workflow.check(
            state, event.type, event.effective_date, event.data, event.reason, today=on
        )
        if problems:
            raise workflow.TransitionRefused(problems)
        state = apply(state, _record(event, number))
    return state


def _record(event: PlannedEvent, sequence: int) -> EventRecord:
    return EventRecord(
        type=event.type,
        effective_date=event.effective_date,
        data=event.data,
        sequence=sequence,
        reason=event.reason,
    )


def persons_bulk_create(*, actor, persons: Sequence[Person], activity: Activity) -> list[Person]:
    """Save unsaved Person objects (V-number already set via ``set_v_number``) in bulk."""
    for person in persons:
        if not person.pseudonym:
            person.pseudonym = crypto.keyed_hash("person", str(person.uuid))
        if person.birth_date and not person.birth_year:
            person.birth_year = person.birth_date.year
    created = Person.objects.bulk_create(persons, batch_size=2000)
    _log(actor, Operation.CREATE, activity, [(p.pseudonym, f"person:{p.pk}") for p in created])
    return created


@transaction.atomic
def cases_bulk_create(
    *,
    actor,
    histories: Sequence[CaseHistory],
    activity: Activity | None = None,
    on: dt.date | None = None,
) -> list[Case]:
    """Create every history or none. Raises :class:`BulkRefused` naming each bad history."""
    on = on or today()
    problems: dict[int, list[str]] = {}
    states: list[CaseState] = []
    for index, history in enumerate(histories):
        if not history.events or history.events[0].type != EventType.REFERRAL_REGISTERED:
            problems[index] = [_("Een casus begint met een aanmelding.")]
            states.append(CaseState())
            continue
        try:
            states.append(plan_state(history.events, on=on))
        except workflow.TransitionRefused as exc:
            problems[index] = exc.reasons
            states.append(CaseState())
    _check_one_open_case_per_person(histories, states, problems)
    if problems:
        raise BulkRefused(problems)

    now = timezone.now()
    organisation = getattr(actor, "organisation", None)
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    cases = [
        Case(
            person=history.person,
            lvv=history.lvv,
            guiding_organisation=history.guiding_organisation,
            version=len(history.events),
            **Case().column_values(state),
        )
        for history, state in zip(histories, states, strict=True)
    ]
    Case.objects.bulk_create(cases, batch_size=2000)
    events: list[CaseEvent] = []
    items: list[ActionItem] = []
    for case, history, state in zip(cases, histories, states, strict=True):
        for sequence, planned in enumerate(history.events, start=1):
            events.append(
                CaseEvent(
                    case=case,
                    sequence=sequence,
                    type=planned.type,
                    effective_date=planned.effective_date,
                    recorded_at=now,
                    actor_id=actor_id,
                    organisation=organisation,
                    data=planned.data,
                    reason=planned.reason,
                )
            )
        items.extend(
            ActionItem(
                case=case,
                number=item.number,
                description=item.description,
                owner_organisation_id=item.owner_organisation,
                due_date=item.due_date,
                added_date=item.added_date,
                done_date=item.done_date,
            )
            for item in state.action_items
        )
    CaseEvent.objects.bulk_create(events, batch_size=5000)
    ActionItem.objects.bulk_create(items, batch_size=5000)
    _log(
        actor,
        Operation.CREATE,
        activity,
        [(case.person.pseudonym, f"case:{case.pk}") for case in cases],
        default_activity=ACTIVITY_OF_EVENT[EventType.REFERRAL_REGISTERED],
    )
    return cases


def _check_one_open_case_per_person(
    histories: Sequence[CaseHistory], states: list[CaseState], problems: dict[int, list[str]]
) -> None:
    person_ids = {history.person.pk for history in histories}
    already_open = set(
        Case.objects.filter(person_id__in=person_ids)
        .exclude(stage__in=CLOSED_STAGES)
        .values_list("person_id", flat=True)
    )
    open_in_batch: set[int] = set()
    for index, (history, state) in enumerate(zip(histories, states, strict=True)):
        if index in problems:
            continue
        if history.person.pk in already_open or history.person.pk in open_in_batch:
            problems[index] = [_("Deze persoon heeft al een lopende casus.")]
        elif state.stage not in (Stage.REFUSED, Stage.OUTFLOWED):
            open_in_batch.add(history.person.pk)


def _log(
    actor,
    operation: Operation,
    activity: Activity | None,
    subjects: list[tuple[str, str]],
    default_activity: Activity = Activity.REFERRAL,
) -> None:
    trace_id = current_trace_id()
    entries = ProcessingLogEntry.objects.bulk_create(
        [
            ProcessingLogEntry(
                operation=operation,
                activity=activity or default_activity,
                subject_pseudonym=pseudonym,
                resource=resource,
                trace_id=trace_id,
            )
            for pseudonym, resource in subjects
        ],
        batch_size=5000,
    )
    organisation = getattr(actor, "organisation", None)
    AuditRecord.objects.bulk_create(
        [
            AuditRecord(
                entry=entry,
                user_id=getattr(actor, "pk", None),
                username=getattr(actor, "username", "") or "",
                organisation_code=organisation.code if organisation else "",
            )
            for entry in entries
        ],
        batch_size=5000,
    )
