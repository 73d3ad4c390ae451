"""Writing to the processing log. Reading it is for the privacy officer (selectors)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.processing_log.trace import current_trace_id


@transaction.atomic(savepoint=False)
def processing_record(
    *,
    actor,
    operation: Operation,
    activity: Activity,
    subject_pseudonyms: Iterable[str] = ("",),
    resource: str = "",
    outcome: str = "success",
) -> list[ProcessingLogEntry]:
    """Append one entry per data subject, each with its audit record.

    Entries and audit records are written in one transaction (the caller's, if any): never
    an entry without its record, and one commit instead of two outside a transaction.
    """
    trace_id = current_trace_id()
    entries = ProcessingLogEntry.objects.bulk_create(
        [
            ProcessingLogEntry(
                operation=operation,
                activity=activity,
                subject_pseudonym=pseudonym or "",
                resource=resource,
                trace_id=trace_id,
                outcome=outcome,
            )
            for pseudonym in subject_pseudonyms
        ]
    )
    organisation = getattr(actor, "organisation", None)
    AuditRecord.objects.bulk_create(
        [
            AuditRecord(
                entry=entry,
                user_id=getattr(actor, "pk", None),
                username=getattr(actor, "username", "") or "",
                organisation_code=organisation.code if organisation else "",
            )
            for entry in entries
        ]
    )
    return entries
