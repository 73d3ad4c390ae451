from __future__ import annotations

import datetime as dt

from django.db import transaction

from lvv.cases import payloads
from lvv.cases.models import Case, CaseEvent
from lvv.cases.services._core import append_event
from lvv.processing_log.activities import Activity


@transaction.atomic
def outflow_register(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    category: str,
    notes: str = "",
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """End the stay with one outflow category; nothing may follow it but corrections."""
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.OutflowRegistered(category=str(category), notes=notes),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )
