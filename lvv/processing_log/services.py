"""Writing to the processing log. Reading it is for the privacy officer (selectors)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, router, transaction
from django.db.models import Max
from django.utils import timezone

from lvv.bulk_write import insert_rows
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.processing_log.trace import current_foreign_operation, current_trace_id

# Rows per INSERT on other databases than PostgreSQL: 8 parameters each stays below
# SQLite's limit of 32,766 parameters per statement (since SQLite 3.32), and no page shows
# more persons than this, so a page's number of queries stays fixed.
ROWS_PER_INSERT = 1000


def processing_record(
    *,
    actor,
    operation: Operation,
    activity: Activity,
    subject_pseudonyms: Iterable[str] = ("",),
    resource: str = "",
    outcome: str = "success",
) -> list[int]:
    """Append one entry per data subject, each with its audit record; returns the entry ids.

    Entries and audit records are written in one transaction (the caller's, if any): never
    an entry without its record, and one commit instead of two outside a transaction. Every
    page that shows persons writes here, so the rows go in as plain SQL - on PostgreSQL one
    statement for both tables - instead of building two model instances per person through
    ``bulk_create`` (figures in docs/performance.md).
    """
    pseudonyms = [pseudonym or "" for pseudonym in subject_pseudonyms]
    organisation = getattr(actor, "organisation", None)
    who = (
        getattr(actor, "pk", None),
        getattr(actor, "username", "") or "",
        organisation.code if organisation else "",
    )
    connection = connections[router.db_for_write(ProcessingLogEntry)]
    occurred_at = connection.ops.adapt_datetimefield_value(timezone.now())
    what = (
        str(operation),
        str(activity),
        resource,
        current_trace_id(),
        str(outcome),
        current_foreign_operation(),
    )
    entries = connection.ops.quote_name(ProcessingLogEntry._meta.db_table)
    audits = connection.ops.quote_name(AuditRecord._meta.db_table)
    columns = (
        "occurred_at, operation, activity, resource, trace_id, outcome, foreign_operation, "
        "subject_pseudonym"
    )
    # The SQL text holds only these quoted names of our own tables and columns (hence the
    # "nosec B608" below); every value goes as a parameter.
    if connection.vendor == "postgresql":
        # One statement writes both tables, and a statement is atomic by itself: outside a
        # transaction it commits on its own (no BEGIN and COMMIT round trips), inside one
        # it belongs to it.
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH new_entries AS (INSERT INTO {entries} ({columns}) "  # noqa: S608  # nosec B608
                "SELECT %s, %s, %s, %s, %s, %s, %s, p.pseudonym "
                "FROM unnest(%s::varchar[]) WITH ORDINALITY AS p(pseudonym, n) ORDER BY p.n "
                "RETURNING id) "
                f"INSERT INTO {audits} (entry_id, user_id, username, organisation_code) "
                "SELECT id, %s, %s, %s FROM new_entries RETURNING entry_id",
                (occurred_at, *what, pseudonyms, *who),
            )
            return sorted(row[0] for row in cursor.fetchall())
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        ids: list[int] = []
        for start in range(0, len(pseudonyms), ROWS_PER_INSERT):
            chunk = pseudonyms[start : start + ROWS_PER_INSERT]
            rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {entries} ({columns}) VALUES {rows} RETURNING id",  # noqa: S608  # nosec B608
                [value for pseudonym in chunk for value in (occurred_at, *what, pseudonym)],
            )
            ids += sorted(row[0] for row in cursor.fetchall())
        cursor.executemany(
            f"INSERT INTO {audits} (entry_id, user_id, username, organisation_code) "  # noqa: S608  # nosec B608
            "VALUES (%s, %s, %s, %s)",
            [(entry_id, *who) for entry_id in ids],
        )
        return ids


LOG_FIELDS = (
    "occurred_at",
    "operation",
    "activity",
    "subject_pseudonym",
    "resource",
    "trace_id",
    "outcome",
)


def processing_records_bulk(
    *,
    actor,
    operation: Operation,
    activity: Activity,
    subjects: Sequence[tuple[str, str]],
) -> None:
    """One entry per ``(pseudonym, resource)``, each with its audit record, for bulk writers
    (thousands of subjects: :func:`processing_record` writes the same rows, one page's worth).

    The entries are inserted in one statement; their audit records - all naming the same
    actor - are then derived in the database from the entries of this trace that are newer
    than the ones that existed before, so no entry id has to travel back to Python.
    """
    trace_id = current_trace_id()
    before = (
        ProcessingLogEntry.objects.filter(trace_id=trace_id).aggregate(last=Max("id"))["last"] or 0
    )
    now = timezone.now()
    insert_rows(
        ProcessingLogEntry,
        LOG_FIELDS,
        (
            (now, operation, activity, pseudonym, resource, trace_id, "success")
            for pseudonym, resource in subjects
        ),
    )
    organisation = getattr(actor, "organisation", None)
    connection = connections[router.db_for_write(AuditRecord)]
    qn = connection.ops.quote_name
    audit, entry = AuditRecord._meta, ProcessingLogEntry._meta
    columns = ", ".join(
        qn(audit.get_field(name).column)
        for name in ("entry", "user_id", "username", "organisation_code")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(audit.db_table)} ({columns}) "  # noqa: S608  # nosec B608  # names, not data
            f"SELECT {qn(entry.pk.column)}, %s, %s, %s FROM {qn(entry.db_table)} "
            f"WHERE {qn(entry.get_field('trace_id').column)} = %s "
            f"AND {qn(entry.pk.column)} > %s",
            [
                getattr(actor, "pk", None),
                getattr(actor, "username", "") or "",
                organisation.code if organisation else "",
                trace_id,
                before,
            ],
        )
