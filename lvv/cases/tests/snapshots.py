"""What a case looks like in the database, to prove that a refused action stored nothing."""

from __future__ import annotations

from dataclasses import dataclass

from lvv.cases.models import Case, CaseEvent
from lvv.cases.state import CaseState
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry


@dataclass(frozen=True)
class Snapshot:
    events: int
    all_events: int
    version: int
    state: CaseState
    log_entries: int
    audit_records: int
    cases: int


def snapshot(case: Case) -> Snapshot:
    fresh = Case.objects.get(pk=case.pk)
    return Snapshot(
        events=fresh.events.count(),
        all_events=CaseEvent.objects.count(),
        version=fresh.version,
        state=fresh.to_state(),
        log_entries=ProcessingLogEntry.objects.count(),
        audit_records=AuditRecord.objects.count(),
        cases=Case.objects.count(),
    )
