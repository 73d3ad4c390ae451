"""Many new cases at once - for the caseload import and the data generator.

Each history goes through the same :func:`workflow.fold` (every event checked against the
transition table, then applied) as a single service call, so a bulk-created case obeys
exactly the rules of one entered by hand and leaves the same events and processing-log
entries. Only the writing differs: rows go to the database in bulk (``lvv.bulk_write``),
which is what makes 100,000 cases feasible in seconds rather than hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv import crypto
from lvv.bulk_write import insert_objects, insert_rows
from lvv.cases import workflow
from lvv.cases.events import EventType, PlannedEvent
from lvv.cases.models import ActionItem, Case, CaseEvent, Person
from lvv.cases.rules import LvvRules
from lvv.cases.services._core import ACTIVITY_OF_EVENT, today
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import CLOSED_STAGES
from lvv.organisations.models import Lvv, Organisation
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_records_bulk


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


def persons_bulk_create(*, actor, persons: Sequence[Person], activity: Activity) -> list[Person]:
    """Save unsaved Person objects (V-number already set via ``set_v_number``) in bulk."""
    for person in persons:
        if not person.pseudonym:
            person.pseudonym = crypto.keyed_hash("person", str(person.uuid))
        if person.birth_date and not person.birth_year:
            person.birth_year = person.birth_date.year
    created = insert_objects(list(persons))
    processing_records_bulk(
        actor=actor,
        operation=Operation.CREATE,
        activity=activity,
        subjects=[(p.pseudonym, f"person:{p.pk}") for p in created],
    )
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
        folded = workflow.fold(history.events, today=on)
        if not folded.ok:
            problems[index] = folded.problems
        states.append(folded.state)
    _check_one_open_case_per_person(histories, states, problems)
    if problems:
        raise BulkRefused(problems)

    now = timezone.now()
    organisation = getattr(actor, "organisation", None)
    organisation_id = organisation.pk if organisation is not None else None
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    rules = {lvv.pk: LvvRules.of(lvv) for lvv in {h.lvv.pk: h.lvv for h in histories}.values()}
    cases = [
        Case(
            person=history.person,
            lvv=history.lvv,
            guiding_organisation=history.guiding_organisation,
            version=len(history.events),
            **Case.column_values(state, rules[history.lvv.pk]),
        )
        for history, state in zip(histories, states, strict=True)
    ]
    insert_objects(cases)
    insert_rows(
        CaseEvent,
        EVENT_FIELDS,
        (
            (
                case.pk,
                sequence,
                planned.type,
                planned.effective_date,
                now,
                actor_id,
                organisation_id,
                planned.data,
                planned.reason,
                None,
            )
            for case, history in zip(cases, histories, strict=True)
            for sequence, planned in enumerate(history.events, start=1)
        ),
    )
    insert_rows(
        ActionItem,
        ACTION_ITEM_FIELDS,
        (
            (
                case.pk,
                item.number,
                item.description,
                item.owner_organisation,
                item.due_date,
                item.added_date,
                item.done_date,
            )
            for case, state in zip(cases, states, strict=True)
            for item in state.action_items
        ),
    )
    processing_records_bulk(
        actor=actor,
        operation=Operation.CREATE,
        activity=activity or ACTIVITY_OF_EVENT[EventType.REFERRAL_REGISTERED],
        subjects=[(case.person.pseudonym, f"case:{case.pk}") for case in cases],
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
        elif state.stage not in CLOSED_STAGES:
            open_in_batch.add(history.person.pk)


EVENT_FIELDS = (
    "case",
    "sequence",
    "type",
    "effective_date",
    "recorded_at",
    "actor",
    "organisation",
    "data",
    "reason",
    "corrects",
)
ACTION_ITEM_FIELDS = (
    "case",
    "number",
    "description",
    "owner_organisation",
    "due_date",
    "added_date",
    "done_date",
)
