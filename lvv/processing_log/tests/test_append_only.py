"""The processing log is append-only in the database: UPDATE and DELETE are refused."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.append_only import MESSAGE
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.processing_log.services import processing_record

STATEMENTS = [
    pytest.param(
        "UPDATE processing_log_processinglogentry SET outcome = 'x' WHERE id = %s", id="entry-u"
    ),
    pytest.param("DELETE FROM processing_log_processinglogentry WHERE id = %s", id="entry-delete"),
    pytest.param(
        "UPDATE processing_log_auditrecord SET username = 'x' WHERE entry_id = %s", id="audit-u"
    ),
    pytest.param("DELETE FROM processing_log_auditrecord WHERE entry_id = %s", id="audit-delete"),
]


@pytest.fixture
def entry(db):
    [entry_id] = processing_record(
        actor=None,
        operation=Operation.READ,
        activity=Activity.CASE_GUIDANCE,
        subject_pseudonyms=["pseudoniem-1"],
        resource="case:1",
    )
    return ProcessingLogEntry.objects.get(pk=entry_id)


def _rows():
    return (
        list(ProcessingLogEntry.objects.values()),
        list(AuditRecord.objects.values()),
    )


@pytest.mark.parametrize("sql", STATEMENTS)
def test_the_database_refuses_to_change_or_delete_log_rows(entry, sql):
    before = _rows()
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, [entry.pk])
    assert MESSAGE in str(error.value)
    assert _rows() == before


def test_the_orm_cannot_delete_log_entries(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        ProcessingLogEntry.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(entry=entry).update(username="iemand anders")
    assert ProcessingLogEntry.objects.count() == 1
    assert AuditRecord.objects.get().username == ""


def test_the_log_can_still_grow_after_a_refused_change(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM processing_log_processinglogentry")
    processing_record(actor=None, operation=Operation.READ, activity=Activity.MONITOR)
    assert ProcessingLogEntry.objects.count() == 2
