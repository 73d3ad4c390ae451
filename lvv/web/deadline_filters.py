"""Deadlines as database filters: plain conditions on the stored due dates.

Every case stores the date each of its deadlines falls due (``Case.due_<kind>``, written by
the case services from ``lvv.cases.deadlines.due_dates``), so "overdue" is ``due < today``
and "due soon" ``today <= due <= today + 14`` - indexable comparisons, read through the
partial index of each column (``case_due_*``). Nothing here computes a deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from lvv.cases.deadlines import (
    DUE_SOON_DAYS,
    OPEN_STAY_KINDS,
    STORED_KINDS,
    DeadlineKind,
    due_column,
)
from lvv.cases.models.case import OPEN_STAY

OPEN = Q(**OPEN_STAY)
NOTHING = Q(pk__isnull=True)  # matches no row, and compiles everywhere (unlike pk__in=[])


@dataclass(frozen=True)
class KindFilter:
    kind: DeadlineKind
    column: str  # the stored due date: the list's order
    overdue: Q
    due_soon: Q
    either: Q  # overdue or due soon, as one date range (an index walk that can stop early)

    @property
    def open_stays_only(self) -> bool:
        """Whether the deadline only applies during the stay (see ``OPEN_STAY_KINDS``)."""
        return self.kind in OPEN_STAY_KINDS


def kind_filters(today: dt.date) -> list[KindFilter]:
    """One filter per deadline kind, for ``today``."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    filters = []
    for kind in STORED_KINDS:
        column = due_column(kind)
        due_soon = Q(**{f"{column}__gte": today, f"{column}__lte": soon})
        if kind in OPEN_STAY_KINDS:
            overdue, either = Q(**{f"{column}__lt": today}), Q(**{f"{column}__lte": soon})
        else:  # a period that has ended asks nothing: never overdue
            overdue, either = NOTHING, due_soon
        filters.append(KindFilter(kind, column, overdue, due_soon, either))
    return filters


def any_overdue(today: dt.date) -> Q:
    """Some deadline overdue. Only deadlines of the stay can be (``OPEN_STAY_KINDS``), so the
    condition names the open stay as well: that lets PostgreSQL read the matches from the
    covering index of the open stays (``case_open_stage_cover``) instead of walking a sort
    order and looking each stay up (figures in docs/performance.md)."""
    conditions = [f.overdue for f in kind_filters(today) if f.overdue is not NOTHING]
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return OPEN & combined
