from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lvv.cases.deadlines import Deadline, DeadlineStatus, deadlines_for
from lvv.cases.models import Case
from lvv.cases.rules import LvvRules
from lvv.cases.vocabulary import Stage


@dataclass(frozen=True)
class DeadlineItem:
    case_id: int
    lvv_code: str
    deadline: Deadline


def deadline_items(
    cases, today: dt.date, statuses=(DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)
) -> list[DeadlineItem]:
    """Overdue and due-soon deadlines of the given cases (a queryset already scoped by access).

    Closed stays are left out except for a running objection period.
    """
    relevant = (
        cases.exclude(stage__in=[Stage.REFERRED, Stage.ADMISSION_CHECKED, Stage.ADMITTED])
        .select_related("lvv")
        .prefetch_related("action_items")
    )
    items: list[DeadlineItem] = []
    rules_cache: dict[int, LvvRules] = {}
    for case in relevant.iterator(chunk_size=2000):
        rules = rules_cache.setdefault(case.lvv_id, LvvRules.of(case.lvv))
        for deadline in deadlines_for(case.to_state(), rules, today):
            if deadline.status in statuses:
                items.append(DeadlineItem(case.pk, case.lvv.code, deadline))
    return sorted(items, key=lambda item: (item.deadline.due_date, item.case_id))


def cases_of_lvv(lvv_code: str):
    return Case.objects.filter(lvv__code=lvv_code)
