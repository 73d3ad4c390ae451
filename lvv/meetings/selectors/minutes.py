"""What an agenda page and the minutes show of each item: an allowlist, per reader.

Only fields named here reach a page or the PDF. Special categories of personal data
(``lvv.sensitive``) are never read, and a case the reader may not see is left out entirely.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lvv.access.policy import Action
from lvv.access.selectors import cases_visible_to
from lvv.cases.events import EventType
from lvv.cases.models import CaseEvent
from lvv.cases.vocabulary import Cooperation, Phase, Scenario, choice_label
from lvv.meetings.models import AgendaItem, AgendaReason, Meeting
from lvv.meetings.selectors.agenda import agenda_items, open_requests_by_case
from lvv.meetings.selectors.meetings import organisation_names


@dataclass
class ActionLine:
    description: str
    owner: str
    due_date: dt.date | None


@dataclass
class ItemView:
    item: AgendaItem
    reasons: list[str]
    requests: list[tuple[str, str]] = field(default_factory=list)  # (organisation, reason)
    mrt_advice: str = ""
    perspective: str = ""
    scenario: str = ""
    phase: str = ""
    cooperation: str = ""
    review: bool = False
    dissenting: list[str] = field(default_factory=list)
    positions: list[tuple[str, str]] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    notes: str = ""
    mrt_question: str = ""

    @property
    def case(self):
        return self.item.case


def item_views(user, meeting: Meeting) -> list[ItemView]:
    """The agenda as ``user`` may see it: a fixed number of queries, whatever its length."""
    items = agenda_items(meeting, cases_visible_to(user, Action.CASE_VIEW))
    if not items:
        return []
    names = organisation_names()
    case_ids = [item.case_id for item in items]
    requests_by_case = open_requests_by_case(case_ids)
    advice_case_ids = [i.case_id for i in items if AgendaReason.MRT_ADVICE in i.reasons]
    advice: dict[int, str] = {}
    if advice_case_ids:
        for event in CaseEvent.objects.filter(
            case_id__in=advice_case_ids, type=EventType.MRT_ADVISED
        ).order_by("case_id", "sequence"):
            advice[event.case_id] = event.data.get("advice", "")
    views = []
    for item in items:
        view = ItemView(
            item=item,
            reasons=item.reason_labels,
            requests=[
                (names.get(r.organisation.code, r.organisation.code), r.reason)
                for r in requests_by_case.get(item.case_id, [])
            ],
            mrt_advice=advice.get(item.case_id, ""),
        )
        if item.discussion_event is not None:
            data = item.discussion_event.data
            view.perspective = data.get("perspective", "")
            view.scenario = choice_label(Scenario, data.get("scenario", ""))
            view.phase = choice_label(Phase, data.get("phase", ""))
            view.cooperation = choice_label(Cooperation, data.get("cooperation", ""))
            view.notes = data.get("notes", "")
            view.dissenting = [
                names.get(code, code) for code in data.get("dissenting_organisations", [])
            ]
            events = sorted(item.outcome_events.all(), key=lambda e: e.sequence)
            view.review = any(e.type == EventType.REVIEW_HELD for e in events)
            view.actions = [
                ActionLine(
                    e.payload.description,
                    names.get(e.payload.owner_organisation, ""),
                    e.payload.due_date,
                )
                for e in events
                if e.type == EventType.ACTION_ITEM_ADDED
            ]
        view.positions = [(names.get(code, code), text) for code, text in item.positions.items()]
        if item.mrt_event is not None:
            view.mrt_question = item.mrt_event.data.get("question", "")
        views.append(view)
    return views
