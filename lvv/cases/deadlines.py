"""Deadlines of a case: pure functions over its state and its LVV's settings.

Each function returns a date or ``None`` (does not apply). ``deadlines_for`` gathers the ones
still open and classifies them as overdue or due soon for a given day.
"""

from __future__ import annotations

import calendar
import datetime as dt
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


def _status(due: dt.date, today: dt.date) -> DeadlineStatus:
    if due < today:
        return DeadlineStatus.OVERDUE
    if due <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.LATER


def deadlines_for(state: CaseState, rules: LvvRules, today: dt.date) -> list[Deadline]:
    """The deadlines that still ask for something on ``today``, earliest first."""
    candidates: list[tuple[DeadlineKind, dt.date | None]] = []
    objection = objection_period_end(state)
    if objection is not None and objection >= today:
        candidates.append((DeadlineKind.OBJECTION_PERIOD, objection))
    if state.is_open:
        if state.scenario == "":
            candidates.append((DeadlineKind.FIRST_SCENARIO, first_scenario_due(state)))
        candidates.append((DeadlineKind.REVIEW, next_review_due(state)))
        candidates.append((DeadlineKind.SAFE_COUNTRY_LIMIT, safe_country_limit(state, rules)))
        candidates.append((DeadlineKind.MAX_STAY, max_stay_end(state, rules)))
    result = [
        Deadline(kind, due, _status(due, today)) for kind, due in candidates if due is not None
    ]
    return sorted(result, key=lambda d: d.due_date)
