"""What the LSO decides about one case in a meeting, and the MRT round trip.

Every change to the case goes through the case services; the agenda item only records which
events the discussion produced. The whole outcome is one transaction: if any service
refuses, nothing is stored - not the discussion, not an action item, not the agenda item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.cases import services as case_services
from lvv.cases.models import Case, CaseEvent
from lvv.cases.vocabulary import DISCUSSABLE_STAGES
from lvv.cases.workflow import TransitionRefused
from lvv.meetings.models import AgendaItem, AgendaItemStatus, DiscussionRequest
from lvv.meetings.services.agenda import put_on_next_agenda
from lvv.processing_log.activities import Activity


@dataclass(frozen=True)
class ActionItemInput:
    description: str
    owner_organisation: str  # organisation code
    due_date: dt.date | None = None


@dataclass(frozen=True)
class OutcomeInput:
    perspective: str = ""
    scenario: str = ""
    scenario_change_reason: str = ""
    phase: str = ""
    cooperation: str = ""
    is_review: bool = False
    agreed: bool = True
    dissenting_organisations: tuple[str, ...] = ()
    positions: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    action_items: tuple[ActionItemInput, ...] = ()


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise TransitionRefused(problems)


@transaction.atomic
def outcome_record(
    *,
    item: AgendaItem,
    actor,
    outcome: OutcomeInput,
    expected_version: int | None = None,
) -> AgendaItem:
    """Record the discussion of ``item``'s case on the meeting date (all or nothing)."""
    item = AgendaItem.objects.select_for_update().select_related("meeting", "case").get(pk=item.pk)
    meeting = item.meeting
    _refuse_if(
        [_("Dit overleg is afgesloten; er kunnen geen uitkomsten meer worden vastgelegd.")]
        if meeting.is_held
        else [_("Dit agendapunt is al besproken.")]
        if item.status == AgendaItemStatus.DISCUSSED
        else [_("Dit agendapunt is van de agenda gehaald.")]
        if item.status == AgendaItemStatus.REMOVED
        else []
    )
    case = item.case
    day = meeting.date
    activity = Activity.LSO_CASE_DISCUSSION
    events: list[CaseEvent] = []
    scenario = outcome.scenario
    if scenario and case.scenario and scenario != case.scenario:
        events.append(
            case_services.scenario_change(
                case=case,
                actor=actor,
                effective_date=day,
                scenario=scenario,
                reason=outcome.scenario_change_reason,
                expected_version=expected_version,
                activity=activity,
            )
        )
        expected_version = None  # checked once, at the first write
    discussion = case_services.lso_discuss(
        case=case,
        actor=actor,
        effective_date=day,
        perspective=outcome.perspective,
        scenario=scenario,
        phase=outcome.phase,
        cooperation=outcome.cooperation,
        agreed=outcome.agreed,
        dissenting_organisations=list(outcome.dissenting_organisations),
        notes=outcome.notes,
        meeting_id=meeting.pk,
        expected_version=expected_version,
        activity=activity,
    )
    events.append(discussion)
    if outcome.is_review:
        events.append(
            case_services.review_hold(
                case=case,
                actor=actor,
                effective_date=day,
                cooperation=outcome.cooperation,
                notes=outcome.notes,
                activity=activity,
            )
        )
    for action in outcome.action_items:
        events.append(
            case_services.action_item_add(
                case=case,
                actor=actor,
                effective_date=day,
                description=action.description,
                owner_organisation=action.owner_organisation,
                due_date=action.due_date,
                activity=activity,
            )
        )
    item.status = AgendaItemStatus.DISCUSSED
    item.agreed = outcome.agreed
    item.dissenting_organisations = list(outcome.dissenting_organisations)
    item.positions = {code: text for code, text in outcome.positions.items() if text.strip()}
    item.discussion_event = discussion
    item.discussed_by = actor if getattr(actor, "pk", None) else None
    item.save()
    item.outcome_events.set(events)
    DiscussionRequest.objects.filter(case=case, handled_in__isnull=True).update(handled_in=item)
    # The meeting stays in progress: only the chair closes it (``meeting_close``).
    return item


@transaction.atomic
def mrt_referral_record(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    question: str,
    positions: dict[str, str],
    item: AgendaItem | None = None,
    expected_version: int | None = None,
) -> CaseEvent:
    """Refer the case to the MRT with the LSO's positions (from a meeting or from the case)."""
    positions = {code: text.strip() for code, text in positions.items() if (text or "").strip()}
    event = case_services.mrt_refer(
        case=case,
        actor=actor,
        effective_date=effective_date,
        question=question,
        positions=positions,
        expected_version=expected_version,
        activity=Activity.MRT_REVIEW,
    )
    if item is not None:
        item.mrt_event = event
        item.positions = positions
        item.save(update_fields=["mrt_event", "positions"])
    return event


@transaction.atomic
def mrt_advice_record(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    advice: str,
    expected_version: int | None = None,
) -> tuple[CaseEvent, AgendaItem | None]:
    """The MRT's advice, and the case back on the next LSO agenda of its LVV."""
    event = case_services.mrt_advise(
        case=case,
        actor=actor,
        effective_date=effective_date,
        advice=advice,
        expected_version=expected_version,
        activity=Activity.MRT_REVIEW,
    )
    item = put_on_next_agenda(case=case, actor=actor, on_or_after=effective_date)
    return event, item


@transaction.atomic
def discussion_request_create(*, case: Case, actor, reason: str) -> DiscussionRequest:
    """A partner asks the LSO to discuss the case; it goes on the next planned agenda."""
    problems = []
    if getattr(actor, "organisation_id", None) is None:
        problems.append(_("U bent niet aan een organisatie gekoppeld."))
    if not (reason or "").strip():
        problems.append(_("Geef aan waarom de casus besproken moet worden."))
    if case.stage not in DISCUSSABLE_STAGES:
        problems.append(
            _("Alleen een casus met een compleet dossier die nog in begeleiding is kan in het LSO.")
        )
    _refuse_if(problems)
    request = DiscussionRequest.objects.create(
        case=case, organisation_id=actor.organisation_id, requested_by=actor, reason=reason.strip()
    )
    put_on_next_agenda(case=case, actor=actor, on_or_after=timezone.localdate())
    return request
