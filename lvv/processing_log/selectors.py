"""Questions the privacy officer asks of the log. Callers check the policy first."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from lvv.processing_log.models import ProcessingLogEntry


def _day_bounds(start: dt.date | None, end: dt.date | None) -> dict:
    bounds = {}
    tz = timezone.get_current_timezone()
    if start:
        bounds["occurred_at__gte"] = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    if end:
        bounds["occurred_at__lt"] = dt.datetime.combine(
            end + dt.timedelta(days=1), dt.time.min, tzinfo=tz
        )
    return bounds


def entries_for_subject(
    pseudonym: str, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[ProcessingLogEntry]:
    """Who processed this person's data between these dates, for which purpose."""
    return (
        ProcessingLogEntry.objects.filter(subject_pseudonym=pseudonym, **_day_bounds(start, end))
        .select_related("audit")
        .order_by("occurred_at", "id")
    )


def entries_for_user(
    username: str, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[ProcessingLogEntry]:
    """What this user accessed."""
    return (
        ProcessingLogEntry.objects.filter(audit__username=username, **_day_bounds(start, end))
        .select_related("audit")
        .order_by("occurred_at", "id")
    )
