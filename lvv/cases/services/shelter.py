"""Intake and dossier: from admission to a complete dossier (and so the rest period)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from lvv.cases import payloads
from lvv.cases.models import Case, CaseEvent
from lvv.cases.services._core import append_event
from lvv.cases.vocabulary import DossierPart
from lvv.processing_log.activities import Activity


@transaction.atomic
def intake_register(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.IntakeRegistered(),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def dossier_request(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.DossierRequested(),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def dossier_part_deliver(
    *,
    case: Case,
    actor,
    part: DossierPart | str,
    effective_date: dt.date,
    summary: str = "",
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """IND and DT&V each deliver their part; with both in, the dossier is complete."""
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.DossierPartDelivered(part=str(part), summary=summary),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )
