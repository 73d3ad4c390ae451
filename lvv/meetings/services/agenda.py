"""Writes to meetings and their agenda. Each function is atomic; refusals are Dutch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.cases.models import Case
from lvv.cases.vocabulary import DISCUSSABLE_STAGES
from lvv.cases.workflow import TransitionRefused
from lvv.meetings.models import (
    REASON_ORDER,
    AgendaItem,
    AgendaItemStatus,
    AgendaReason,
    Meeting,
    MeetingStatus,
)
from lvv.meetings.selectors.agenda import next_planned_meeting, proposed_agenda
from lvv.organisations.models import Lvv
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record


def _log(actor, cases: Iterable[Case], operation: Operation, resource: str) -> None:
    pseudonyms = sorted({case.person.pseudonym for case in cases})
    if pseudonyms:
        processing_record(
            actor=actor,
            operation=operation,
            activity=Activity.LSO_CASE_DISCUSSION,
            subject_pseudonyms=pseudonyms,
            resource=resource,
        )


def _sorted_reasons(reasons: Iterable[str]) -> list[str]:
    return sorted(set(reasons), key=lambda code: REASON_ORDER.get(code, 99))


def _refuse_if_held(meeting: Meeting) -> None:
    if meeting.is_held:
        raise TransitionRefused([_("Dit overleg is afgesloten; de agenda ligt vast.")])


@transaction.atomic
def meeting_create(
    *,
    actor,
    lvv: Lvv,
    date: dt.date,
    organisations=(),
    attendees=(),
    today: dt.date | None = None,
) -> Meeting:
    """A planned meeting, its agenda filled with the system's proposal.

    Not in the past: a meeting that took place is not planned afterwards. ``today`` is the
    day of planning (by default the real one; the demo replays history with its own).
    """
    today = today or timezone.localdate()
    if date < today:
        raise TransitionRefused(
            [
                _(
                    "Een overleg kan niet in het verleden worden gepland; kies vandaag of een "
                    "latere datum."
                )
            ]
        )
    if Meeting.objects.filter(lvv=lvv, date=date).exists():
        raise TransitionRefused([_("Er is al een LSO-overleg van deze LVV op deze datum.")])
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(lvv=lvv, date=date, created_by=actor)
    except IntegrityError as exc:
        raise TransitionRefused(
            [_("Er is al een LSO-overleg van deze LVV op deze datum.")]
        ) from exc
    if organisations:
        meeting.attending_organisations.set(organisations)
    if attendees:
        meeting.attendees.set(attendees)
    agenda_sync(meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_set_attendance(*, meeting: Meeting, actor, organisations, attendees=()) -> Meeting:
    meeting.attending_organisations.set(organisations)
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor, today: dt.date | None = None) -> Meeting:
    """The chair closes the meeting ("overleg afsluiten"): from then on it counts as held,
    its agenda and outcomes are fixed and the items not discussed stay so in the minutes.

    Recording outcomes never does this by itself: a meeting is in progress from its day
    until the chair closes it.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    today = today or timezone.localdate()
    if meeting.is_held:
        raise TransitionRefused([_("Dit overleg is al afgesloten.")])
    if meeting.date > today:
        raise TransitionRefused(
            [_("Een overleg kan pas op de dag van het overleg worden afgesloten.")]
        )
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def agenda_sync(*, meeting: Meeting, actor) -> list[AgendaItem]:
    """Put newly proposed cases on a planned meeting's agenda and refresh the open items'
    reasons. Items the case director removed stay removed; discussed items stay as they are.
    Returns the items added.
    """
    if meeting.status != MeetingStatus.PLANNED:
        return []
    proposal = {item.case_id: item.reasons for item in proposed_agenda(meeting)}
    existing = {item.case_id: item for item in AgendaItem.objects.filter(meeting=meeting)}
    for case_id, item in existing.items():
        if item.status != AgendaItemStatus.OPEN:
            continue
        manual = [AgendaReason.ADDED.value] if AgendaReason.ADDED in item.reasons else []
        reasons = _sorted_reasons([*proposal.get(case_id, ()), *manual])
        if reasons and reasons != item.reasons:
            item.reasons = reasons
            item.save(update_fields=["reasons"])
    position = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"] or 0
    new = []
    for case_id, reasons in proposal.items():
        if case_id in existing:
            continue
        position += 1
        new.append(
            AgendaItem(meeting=meeting, case_id=case_id, position=position, reasons=list(reasons))
        )
    AgendaItem.objects.bulk_create(new)
    if new:
        cases = Case.objects.filter(pk__in=[item.case_id for item in new]).select_related("person")
        _log(actor, cases, Operation.CREATE, f"meeting:{meeting.pk}")
    return new


@transaction.atomic
def agenda_add_case(*, meeting: Meeting, case: Case, actor) -> AgendaItem:
    """The case director puts a case on the agenda (again)."""
    problems = []
    if meeting.is_held:
        problems.append(_("Dit overleg is afgesloten; de agenda ligt vast."))
    if case.lvv_id != meeting.lvv_id:
        problems.append(_("Deze casus hoort niet bij de LVV van dit overleg."))
    if case.stage not in DISCUSSABLE_STAGES:
        problems.append(
            _(
                "Alleen casussen met een compleet dossier die nog in begeleiding zijn kunnen "
                "op de agenda."
            )
        )
    if problems:
        raise TransitionRefused(problems)
    item = AgendaItem.objects.filter(meeting=meeting, case=case).first()
    if item is not None and item.status == AgendaItemStatus.OPEN:
        raise TransitionRefused([_("Deze casus staat al op de agenda.")])
    if item is not None and item.status == AgendaItemStatus.DISCUSSED:
        raise TransitionRefused([_("Deze casus is in dit overleg al besproken.")])
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"] or 0
    if item is None:
        item = AgendaItem(meeting=meeting, case=case)
    item.status = AgendaItemStatus.OPEN
    item.position = top + 1
    item.reasons = _sorted_reasons([*item.reasons, AgendaReason.ADDED])
    item.save()
    _log(actor, [case], Operation.UPDATE, f"meeting:{meeting.pk}")
    return item


@transaction.atomic
def agenda_remove_item(*, item: AgendaItem, actor) -> AgendaItem:
    _refuse_if_held(item.meeting)
    if item.status != AgendaItemStatus.OPEN:
        raise TransitionRefused([_("Alleen een nog niet besproken agendapunt kan eraf.")])
    item.status = AgendaItemStatus.REMOVED
    item.save(update_fields=["status"])
    _log(actor, [item.case], Operation.UPDATE, f"meeting:{item.meeting_id}")
    return item


@transaction.atomic
def agenda_move_item(*, item: AgendaItem, actor, direction: str) -> AgendaItem:
    """Move an item one place up or down among the items still on the agenda."""
    _refuse_if_held(item.meeting)
    items = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id)
        .exclude(status=AgendaItemStatus.REMOVED)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def put_on_next_agenda(*, case: Case, actor, on_or_after: dt.date) -> AgendaItem | None:
    """Put the case on the next planned meeting of its LVV (if one is planned and the
    proposal has a reason for it); a removed item comes back, since there is news.
    """
    meeting = next_planned_meeting(case.lvv_id, on_or_after, case_id=case.pk)
    if meeting is None:
        return None
    proposal = proposed_agenda(meeting, case_ids=[case.pk])
    if not proposal:
        return None
    reasons = list(proposal[0].reasons)
    item = AgendaItem.objects.filter(meeting=meeting, case=case).first()
    if item is not None and item.status == AgendaItemStatus.DISCUSSED:
        return item
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"] or 0
    if item is None:
        item = AgendaItem(meeting=meeting, case=case, position=top + 1)
    elif item.status == AgendaItemStatus.REMOVED:
        item.position = top + 1
    manual = [AgendaReason.ADDED.value] if AgendaReason.ADDED in item.reasons else []
    item.reasons = _sorted_reasons([*reasons, *manual])
    item.status = AgendaItemStatus.OPEN
    item.save()
    _log(actor, [case], Operation.UPDATE, f"meeting:{meeting.pk}")
    return item
