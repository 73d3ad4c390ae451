from __future__ import annotations

import datetime as dt

from django.db import transaction

from lvv.cases import payloads
from lvv.cases.models import Case, CaseEvent
from lvv.cases.rules import AdmissionFacts, LvvRules, evaluate_admission
from lvv.cases.services._core import append_event, lock_case
from lvv.cases.vocabulary import DecisionOutcome
from lvv.processing_log.activities import Activity


@transaction.atomic
def admission_check(
    *,
    case: Case,
    actor,
    facts: AdmissionFacts,
    effective_date: dt.date,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """Evaluate the target-group rules and record every reason that applies."""
    locked = lock_case(case, expected_version)
    reasons = evaluate_admission(facts, LvvRules.of(locked.lvv))
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.AdmissionChecked(facts=facts, reasons=tuple(str(r) for r in reasons)),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def admission_decide(
    *,
    case: Case,
    actor,
    outcome: DecisionOutcome | str,
    effective_date: dt.date,
    grounds: str = "",
    exception_reason: str = "",
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """The formal decision under mandate: admit (possibly as an exception) or refuse.

    An exception - admitting although the check found a reason, or admitting outside the
    target group for humanitarian or public-order reasons - is a case director's call: the
    caller asks the access policy (``Action.ADMISSION_EXCEPTION``) before it passes one.
    """
    exception_reason = (exception_reason or "").strip()
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.AdmissionDecided(
            outcome=str(outcome),
            grounds=(grounds or "").strip(),
            exception_reason=exception_reason if outcome == DecisionOutcome.ADMITTED else "",
        ),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )
