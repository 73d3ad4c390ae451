"""What the LSO decides about a case: perspective, scenario, phase, reviews."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from lvv.cases import payloads
from lvv.cases.models import Case, CaseEvent
from lvv.cases.services._core import append_event
from lvv.cases.vocabulary import Phase
from lvv.processing_log.activities import Activity


@transaction.atomic
def lso_discuss(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    perspective: str = "",
    scenario: str = "",
    phase: str = "",
    cooperation: str = "",
    agreed: bool = True,
    dissenting_organisations: list[str] | tuple[str, ...] = (),
    notes: str = "",
    meeting_id: int | None = None,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """Record a case discussion in the LSO; the first one with a scenario sets it.

    When the partners do not agree, ``agreed`` is false and ``dissenting_organisations``
    names who disagrees (the transition table refuses a disagreement that names no one) -
    the usual reason to refer the case to the MRT.
    """
    payload = payloads.LsoDiscussed(
        perspective=perspective.strip(),
        scenario=str(scenario or ""),
        phase=str(phase or ""),
        cooperation=str(cooperation or ""),
        agreed=bool(agreed),
        dissenting_organisations=tuple(dissenting_organisations),
        notes=notes,
        meeting_id=meeting_id,
    )
    return append_event(
        case=case,
        actor=actor,
        payload=payload,
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def phase_change(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    phase: str = Phase.RECEPTION,
    reason: str = "",
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.PhaseChanged(phase=str(phase)),
        effective_date=effective_date,
        reason=reason,
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def review_hold(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    cooperation: str,
    notes: str = "",
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    """The quarterly review; cooperation with the guidance is a condition for shelter."""
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.ReviewHeld(cooperation=str(cooperation), notes=notes),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def scenario_change(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    scenario: str,
    reason: str,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.ScenarioChanged(scenario=str(scenario)),
        effective_date=effective_date,
        reason=(reason or "").strip(),
        expected_version=expected_version,
        activity=activity,
    )
