"""Deadlines of a case: pure functions over its state and its LVV's settings.

Each function returns a date or ``None`` (does not apply). :func:`due_dates` gathers, per
kind, the date a deadline falls due while it asks for something; the case services store
these as columns of ``Case`` (``due_<kind>``) whenever an event is applied, so lists filter
and sort on them in SQL. :func:`deadlines_due` classifies due dates as overdue, due soon or
later for a given day; ``deadlines_for`` does both.

Two kinds depend on the LVV's settings (:data:`SETTINGS_KINDS`): their stored dates are
computed with the settings in force and recomputed by ``services.lvv_settings_save`` when
the settings change.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.cases.rules import LvvRules
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import DECISION_OUTFLOW, DecisionOutcome

REST_PERIOD_DAYS = 14
REVIEW_INTERVAL_MONTHS = 3
OBJECTION_PERIOD_WEEKS = 6
DUE_SOON_DAYS = 14


class DeadlineKind(models.TextChoices):
    REST_PERIOD_END = "rest_period_end", _("einde rusttermijn")
    FIRST_SCENARIO = "first_scenario", _("eerste scenario vaststellen")
    REVIEW = "review", _("kwartaalbespreking")
    SAFE_COUNTRY_LIMIT = "safe_country_limit", _("maximale opvang veilig land")
    MAX_STAY = "max_stay", _("maximale verblijfsduur")
    OBJECTION_PERIOD = "objection_period", _("einde bezwaartermijn")


class DeadlineStatus(models.TextChoices):
    OVERDUE = "overdue", _("verlopen")
    DUE_SOON = "due_soon", _("binnenkort")
    LATER = "later", _("later")


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rest_period_end(state: CaseState) -> dt.date | None:
    if state.dossier_complete_date is None:
        return None
    return state.dossier_complete_date + dt.timedelta(days=REST_PERIOD_DAYS)


def first_scenario_due(state: CaseState) -> dt.date | None:
    """The aim: a scenario within the rest period. Only while no scenario was ever set."""
    if state.first_scenario_date is not None:
        return None
    return rest_period_end(state)


def next_review_due(state: CaseState) -> dt.date | None:
    if state.last_lso_date is None:
        return None
    return add_months(state.last_lso_date, REVIEW_INTERVAL_MONTHS)


def safe_country_limit(state: CaseState, rules: LvvRules) -> dt.date | None:
    if (
        not state.safe_country_national
        or rules.safe_country_policy != "limit_months"
        or not rules.safe_country_limit_months
        or state.intake_date is None
    ):
        return None
    return add_months(state.intake_date, rules.safe_country_limit_months)


def max_stay_end(state: CaseState, rules: LvvRules) -> dt.date | None:
    if not rules.max_stay_months or state.intake_date is None:
        return None
    return add_months(state.intake_date, rules.max_stay_months)


def objection_period_end(state: CaseState) -> dt.date | None:
    """Six weeks (Awb) after a decision against the person: a refusal or an ended shelter."""
    if state.decision_outcome == DecisionOutcome.REFUSED and state.decision_date:
        return state.decision_date + dt.timedelta(weeks=OBJECTION_PERIOD_WEEKS)
    if state.outflow_category in DECISION_OUTFLOW and state.outflow_date:
        return state.outflow_date + dt.timedelta(weeks=OBJECTION_PERIOD_WEEKS)
    return None


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due_date: dt.date
    status: DeadlineStatus


def status(due: dt.date, today: dt.date) -> DeadlineStatus:
    if due < today:
        return DeadlineStatus.OVERDUE
    if due <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.LATER


# The deadlines a case can have, each stored as a column ``due_<kind>`` of ``Case``.
STORED_KINDS = (
    DeadlineKind.OBJECTION_PERIOD,
    DeadlineKind.FIRST_SCENARIO,
    DeadlineKind.REVIEW,
    DeadlineKind.SAFE_COUNTRY_LIMIT,
    DeadlineKind.MAX_STAY,
)
# Those that depend on the LVV's settings (and so change when the settings do).
SETTINGS_KINDS = (DeadlineKind.SAFE_COUNTRY_LIMIT, DeadlineKind.MAX_STAY)
# Those that only apply during the stay (intake to outflow); the objection period runs on
# after a refusal or the end of shelter.
OPEN_STAY_KINDS = tuple(kind for kind in STORED_KINDS if kind != DeadlineKind.OBJECTION_PERIOD)


def due_column(kind: str) -> str:
    """The ``Case`` column that stores the due date of ``kind``."""
    return f"due_{kind}"


DUE_COLUMNS = tuple(due_column(kind) for kind in STORED_KINDS)


def due_dates(state: CaseState, rules: LvvRules) -> dict[DeadlineKind, dt.date | None]:
    """Per kind, the date the deadline falls due while it asks for something (else None):
    during the stay the first scenario (while none was ever set), the review, the
    safe-country limit and the maximum stay; after a decision against the person its
    objection period."""
    stay = state.is_open
    return {
        DeadlineKind.OBJECTION_PERIOD: objection_period_end(state),
        DeadlineKind.FIRST_SCENARIO: (
            first_scenario_due(state) if stay and state.scenario == "" else None
        ),
        DeadlineKind.REVIEW: next_review_due(state) if stay else None,
        DeadlineKind.SAFE_COUNTRY_LIMIT: safe_country_limit(state, rules) if stay else None,
        DeadlineKind.MAX_STAY: max_stay_end(state, rules) if stay else None,
    }


def deadlines_due(dues: Mapping[str, dt.date | None], today: dt.date) -> list[Deadline]:
    """The deadlines of these due dates that still ask for something on ``today``, earliest
    first. An objection period that has ended asks nothing (it is never "overdue")."""
    result = []
    for kind, due in dues.items():
        if due is None or (kind == DeadlineKind.OBJECTION_PERIOD and due < today):
            continue
        result.append(Deadline(DeadlineKind(kind), due, status(due, today)))
    return sorted(result, key=lambda d: d.due_date)


def deadlines_for(state: CaseState, rules: LvvRules, today: dt.date) -> list[Deadline]:
    """The deadlines that still ask for something on ``today``, earliest first."""
    return deadlines_due(due_dates(state, rules), today)
