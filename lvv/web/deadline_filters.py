"""Deadlines as database filters, so lists and counts never load every case.

Each deadline of ``lvv.cases.deadlines`` is a date computed from one date column (plus a
fixed number of days or calendar months). "Due before X" is therefore "column on or before
the latest start date whose deadline is before X" - a plain indexable comparison. The exact
deadline of each case shown is still computed by ``deadlines_for`` (the one definition); these
filters only decide which rows to fetch and count, and agree with it (see the tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from lvv.cases.deadlines import (
    DUE_SOON_DAYS,
    OBJECTION_PERIOD_WEEKS,
    REST_PERIOD_DAYS,
    REVIEW_INTERVAL_MONTHS,
    DeadlineKind,
    add_months,
)
from lvv.cases.vocabulary import DECISION_OUTFLOW, DecisionOutcome
from lvv.organisations.models import Lvv, SafeCountryPolicy

DAY = dt.timedelta(days=1)


def latest_start(limit: dt.date, months: int) -> dt.date:
    """The latest day ``d`` with ``add_months(d, months) <= limit`` (add_months is monotone)."""
    day = add_months(limit, -months)
    while add_months(day + DAY, months) <= limit:
        day += DAY
    while add_months(day, months) > limit:
        day -= DAY
    return day


@dataclass(frozen=True)
class KindFilter:
    kind: DeadlineKind
    overdue: Q
    due_soon: Q
    order_by: str  # the column the deadline grows with
    # The same conditions for a row already known to be an open stay (OPEN left out), or
    # None if the kind is not limited to open stays. Counting open stays this way reads
    # only columns of the covering index ``case_open_stage_cover`` (cases migration 0005).
    open_overdue: Q | None = None
    open_due_soon: Q | None = None
    # Overdue or due soon as one condition, where it is simpler than the OR of the two
    # (one date range instead of two adjacent ones): a range lets the database read an
    # index in date order and stop after the first rows of a list.
    overdue_or_due_soon: Q | None = None

    @property
    def either(self) -> Q:
        if self.overdue_or_due_soon is not None:
            return self.overdue_or_due_soon
        return _any([self.overdue, self.due_soon])


OPEN = Q(intake_date__isnull=False, outflow_date__isnull=True)
NOTHING = Q(pk__isnull=True)  # matches no row, and compiles everywhere (unlike pk__in=[])


def _days(column: str, days: int, today: dt.date) -> tuple[Q, Q, Q]:
    """(overdue, due soon, either) for ``column + days``."""
    overdue_before = today - dt.timedelta(days=days)  # due < today
    soon_until = today + dt.timedelta(days=DUE_SOON_DAYS - days)  # due <= today + 14
    return (
        Q(**{f"{column}__lt": overdue_before}),
        Q(**{f"{column}__gte": overdue_before, f"{column}__lte": soon_until}),
        Q(**{f"{column}__lte": soon_until}),
    )


def _months(column: str, months: int, today: dt.date) -> tuple[Q, Q, Q]:
    """(overdue, due soon, either) for ``column`` plus ``months`` calendar months."""
    overdue_last = latest_start(today - DAY, months)
    soon_last = latest_start(today + dt.timedelta(days=DUE_SOON_DAYS), months)
    return (
        Q(**{f"{column}__lte": overdue_last}),
        Q(**{f"{column}__gt": overdue_last, f"{column}__lte": soon_last}),
        Q(**{f"{column}__lte": soon_last}),
    )


def kind_filters(today: dt.date, lvvs: list[Lvv] | None = None) -> list[KindFilter]:
    """One filter pair per deadline kind, for ``today``. ``lvvs``: their settings (1 query)."""
    lvvs = list(Lvv.objects.all()) if lvvs is None else lvvs
    filters = []

    overdue, soon, either = _days("dossier_complete_date", REST_PERIOD_DAYS, today)
    no_scenario = Q(scenario="", first_scenario_date__isnull=True)
    filters.append(
        KindFilter(
            DeadlineKind.FIRST_SCENARIO,
            OPEN & no_scenario & overdue,
            OPEN & no_scenario & soon,
            "dossier_complete_date",
            no_scenario & overdue,
            no_scenario & soon,
            OPEN & no_scenario & either,
        )
    )

    overdue, soon, either = _months("last_lso_date", REVIEW_INTERVAL_MONTHS, today)
    filters.append(
        KindFilter(
            DeadlineKind.REVIEW,
            OPEN & overdue,
            OPEN & soon,
            "last_lso_date",
            overdue,
            soon,
            OPEN & either,
        )
    )

    for kind, months_of in (
        (
            DeadlineKind.SAFE_COUNTRY_LIMIT,
            lambda lvv: (
                lvv.safe_country_limit_months
                if lvv.safe_country_policy == SafeCountryPolicy.LIMIT_MONTHS
                else None
            ),
        ),
        (DeadlineKind.MAX_STAY, lambda lvv: lvv.max_stay_months),
    ):
        overdue_parts, soon_parts, either_parts = [], [], []
        for lvv in lvvs:
            months = months_of(lvv)
            if not months:
                continue
            o, s, e = _months("intake_date", months, today)
            overdue_parts.append(Q(lvv_id=lvv.pk) & o)
            soon_parts.append(Q(lvv_id=lvv.pk) & s)
            either_parts.append(Q(lvv_id=lvv.pk) & e)
        if not overdue_parts:  # no LVV has this deadline
            filters.append(KindFilter(kind, NOTHING, NOTHING, "intake_date"))
            continue
        base = Q(safe_country_national=True) if kind == DeadlineKind.SAFE_COUNTRY_LIMIT else Q()
        overdue, soon = base & _any(overdue_parts), base & _any(soon_parts)
        either = OPEN & base & _any(either_parts)
        filters.append(
            KindFilter(kind, OPEN & overdue, OPEN & soon, "intake_date", overdue, soon, either)
        )

    # Objection: six weeks after a refusal or a forced end of shelter; only while running,
    # so never overdue. Due soon: end within 14 days.
    weeks = dt.timedelta(weeks=OBJECTION_PERIOD_WEEKS)
    first, last = today - weeks, today - weeks + dt.timedelta(days=DUE_SOON_DAYS)
    soon = Q(
        decision_outcome=DecisionOutcome.REFUSED,
        decision_date__gte=first,
        decision_date__lte=last,
    ) | Q(
        outflow_category__in=[str(c) for c in DECISION_OUTFLOW],
        outflow_date__gte=first,
        outflow_date__lte=last,
    )
    filters.append(KindFilter(DeadlineKind.OBJECTION_PERIOD, NOTHING, soon, "decision_date"))
    return filters


def _any(conditions: list[Q]) -> Q:
    """OR of ``conditions`` (NOTHING for none), without a never-true term the planner must
    still carry along."""
    conditions = [c for c in conditions if c is not NOTHING]
    if not conditions:
        return NOTHING
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def any_overdue(today: dt.date, lvvs: list[Lvv] | None = None) -> Q:
    return _any([kind_filter.overdue for kind_filter in kind_filters(today, lvvs)])
