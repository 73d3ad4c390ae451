"""The agenda the system proposes for an LSO meeting.

:func:`propose` is pure (no database): it takes plain facts about the open cases of one LVV
and says which belong on the agenda of a meeting on a given date, and why. The functions
below it only gather those facts with a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, Subquery

from lvv.cases.deadlines import REST_PERIOD_DAYS, next_review_due
from lvv.cases.events import EventType
from lvv.cases.models import Case, CaseEvent
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import DISCUSSABLE_STAGES, MrtStatus
from lvv.meetings.models import (
    REASON_ORDER,
    AgendaItem,
    AgendaItemStatus,
    AgendaReason,
    DiscussionRequest,
    Meeting,
    MeetingStatus,
)

# A review falling due this many days after the meeting is taken along now: the next
# meeting may be too late for it.
REVIEW_WINDOW_DAYS = 14


@dataclass(frozen=True)
class CaseFacts:
    """What the proposal needs to know of one case; nothing personal."""

    case_id: int
    stage: str
    dossier_complete_date: dt.date | None = None
    scenario: str = ""
    last_lso_date: dt.date | None = None
    mrt_status: str = MrtStatus.NONE
    mrt_advice_date: dt.date | None = None
    # An LSO discussion on the day of the advice, entered after the advice: it dealt with it.
    mrt_advice_discussed: bool = False

    FIELDS = (
        "pk",
        "stage",
        "dossier_complete_date",
        "scenario",
        "last_lso_date",
        "mrt_status",
        "mrt_advice_date",
        "mrt_advice_discussed",
    )

    @classmethod
    def from_row(cls, row: Mapping) -> CaseFacts:
        return cls(
            case_id=row["pk"],
            stage=row["stage"],
            dossier_complete_date=row["dossier_complete_date"],
            scenario=row["scenario"] or "",
            last_lso_date=row["last_lso_date"],
            mrt_status=row["mrt_status"],
            mrt_advice_date=row["mrt_advice_date"],
            mrt_advice_discussed=bool(row.get("mrt_advice_discussed")),
        )


@dataclass(frozen=True)
class ProposedItem:
    case_id: int
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def urgency(self) -> int:
        return min(REASON_ORDER[reason] for reason in self.reasons)


def mrt_advice_to_process(
    mrt_status: str,
    mrt_advice_date: dt.date | None,
    last_lso_date: dt.date | None,
    discussed_on_its_day: bool = False,
) -> bool:
    """Has the MRT's advice come back without the LSO having discussed it since?

    Dates alone cannot say it when the advice and the last LSO discussion fall on the same
    day: the LSO that referred the case in the morning may get the advice that afternoon,
    or the advice may be discussed in that day's meeting. So on that day the order of entry
    decides (``discussed_on_its_day``, see :func:`mrt_advice_to_process_filter`).
    """
    if mrt_status != MrtStatus.ADVISED or mrt_advice_date is None:
        return False
    if last_lso_date is None or mrt_advice_date > last_lso_date:
        return True
    return mrt_advice_date == last_lso_date and not discussed_on_its_day


def mrt_advice_discussed_on_its_day() -> Exists:
    """Per case: an LSO discussion or review dated on the advice's day, entered after it."""
    last_advice = (
        CaseEvent.objects.filter(case=OuterRef(OuterRef("pk")), type=EventType.MRT_ADVISED)
        .order_by("-sequence")
        .values("sequence")[:1]
    )
    return Exists(
        CaseEvent.objects.filter(
            case=OuterRef("pk"),
            type__in=(EventType.LSO_DISCUSSED, EventType.REVIEW_HELD),
            effective_date=OuterRef("mrt_advice_date"),
            sequence__gt=Subquery(last_advice),
        )
    )


def mrt_advice_to_process_filter() -> Q:
    """:func:`mrt_advice_to_process` as a filter on cases (the worklist, the agenda)."""
    return Q(mrt_status=MrtStatus.ADVISED) & (
        Q(last_lso_date__isnull=True)
        | Q(mrt_advice_date__gt=F("last_lso_date"))
        | (Q(mrt_advice_date=F("last_lso_date")) & ~mrt_advice_discussed_on_its_day())
    )


def reasons_for(
    facts: CaseFacts,
    meeting_date: dt.date,
    previous_meeting_date: dt.date | None = None,
    requested: bool = False,
    window_days: int = REVIEW_WINDOW_DAYS,
) -> tuple[str, ...]:
    """Why this case belongs on the agenda of a meeting on ``meeting_date`` (empty: it does not)."""
    if facts.stage not in DISCUSSABLE_STAGES:
        return ()
    complete = facts.dossier_complete_date
    if complete is None or complete > meeting_date:
        return ()
    reasons: list[str] = []
    if mrt_advice_to_process(
        facts.mrt_status, facts.mrt_advice_date, facts.last_lso_date, facts.mrt_advice_discussed
    ):
        reasons.append(AgendaReason.MRT_ADVICE)
    if requested:
        reasons.append(AgendaReason.PARTNER_REQUEST)
    if not facts.scenario and complete + dt.timedelta(days=REST_PERIOD_DAYS) <= meeting_date:
        reasons.append(AgendaReason.REST_PERIOD_OVER)
    never_discussed = facts.last_lso_date is None or facts.last_lso_date < complete
    if never_discussed:
        if previous_meeting_date is None or complete > previous_meeting_date:
            reasons.append(AgendaReason.NEW_DOSSIER)
        else:
            reasons.append(AgendaReason.FIRST_DISCUSSION)
    else:
        due = next_review_due(CaseState(last_lso_date=facts.last_lso_date))
        if due is not None and due <= meeting_date + dt.timedelta(days=window_days):
            reasons.append(AgendaReason.REVIEW_DUE)
    return tuple(str(reason) for reason in reasons)


def propose(
    cases: Iterable[CaseFacts],
    meeting_date: dt.date,
    previous_meeting_date: dt.date | None = None,
    requested_case_ids: Iterable[int] = (),
    window_days: int = REVIEW_WINDOW_DAYS,
) -> list[ProposedItem]:
    """The proposed agenda: every case with at least one reason, most urgent first."""
    requested = set(requested_case_ids)
    items = []
    for facts in cases:
        reasons = reasons_for(
            facts,
            meeting_date,
            previous_meeting_date,
            requested=facts.case_id in requested,
            window_days=window_days,
        )
        if reasons:
            items.append(ProposedItem(facts.case_id, reasons))
    return sorted(items, key=lambda item: (item.urgency, item.case_id))


# --- gathering the facts (a fixed number of queries) ------------------------------------


def previous_meeting_date(meeting: Meeting) -> dt.date | None:
    return (
        Meeting.objects.filter(lvv_id=meeting.lvv_id, date__lt=meeting.date)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def open_requests_by_case(case_ids: Sequence[int] | None = None, lvv_id: int | None = None):
    requests = DiscussionRequest.objects.filter(handled_in__isnull=True)
    if lvv_id is not None:
        requests = requests.filter(case__lvv_id=lvv_id)
    if case_ids is not None:
        requests = requests.filter(case_id__in=case_ids)
    by_case: dict[int, list[DiscussionRequest]] = {}
    for request in requests.select_related("organisation").order_by("created_at"):
        by_case.setdefault(request.case_id, []).append(request)
    return by_case


def proposed_agenda(meeting: Meeting, case_ids: Sequence[int] | None = None) -> list[ProposedItem]:
    """The system's proposal for ``meeting`` (all cases of its LVV, before any scoping)."""
    cases = Case.objects.filter(lvv_id=meeting.lvv_id, stage__in=DISCUSSABLE_STAGES)
    requests = DiscussionRequest.objects.filter(
        handled_in__isnull=True, case__lvv_id=meeting.lvv_id
    )
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
        requests = requests.filter(case_id__in=case_ids)
    rows = cases.annotate(mrt_advice_discussed=mrt_advice_discussed_on_its_day()).values(
        *CaseFacts.FIELDS
    )
    requested = requests.values_list("case_id", flat=True).distinct()
    return propose(
        (CaseFacts.from_row(row) for row in rows),
        meeting.date,
        previous_meeting_date(meeting),
        requested_case_ids=list(requested),
    )


def next_planned_meeting(
    lvv_id: int, on_or_after: dt.date, case_id: int | None = None
) -> Meeting | None:
    """The first meeting of the LVV not yet closed on or after the date; with ``case_id``,
    the first one in which that case has not already been discussed (news that comes in
    on the day of a meeting that discussed the case is for the next one)."""
    meetings = Meeting.objects.filter(
        lvv_id=lvv_id, status=MeetingStatus.PLANNED, date__gte=on_or_after
    )
    if case_id is not None:
        meetings = meetings.exclude(
            pk__in=AgendaItem.objects.filter(
                case_id=case_id, status=AgendaItemStatus.DISCUSSED
            ).values("meeting_id")
        )
    return meetings.order_by("date").first()


def agenda_items(meeting: Meeting, visible_cases=None, *, include_removed: bool = False):
    """The items of the agenda, cases limited to ``visible_cases`` (a scoped queryset)."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "case",
            "case__person",
            "case__lvv",
            "case__guiding_organisation",
            "discussion_event",
            "mrt_event",
        )
        .prefetch_related("outcome_events")
        .order_by("position", "pk")
    )
    if not include_removed:
        items = items.exclude(status=AgendaItemStatus.REMOVED)
    if visible_cases is not None:
        items = items.filter(case__in=visible_cases.values("pk"))
    return list(items)
