"""Escalation to the Multidisciplinary Review Team and its advice back to the LSO."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from lvv.cases import payloads
from lvv.cases.models import Case, CaseEvent
from lvv.cases.services._core import append_event
from lvv.processing_log.activities import Activity


@transaction.atomic
def mrt_refer(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    question: str,
    positions: dict[str, str] | None = None,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """``positions`` maps an organisation code to its view, as put to the MRT."""
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.MrtReferred(question=(question or "").strip(), positions=positions or {}),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def mrt_advise(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    advice: str,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.MrtAdvised(advice=(advice or "").strip()),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )
