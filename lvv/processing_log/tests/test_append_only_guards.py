"""The other ways around the append-only triggers: REPLACE, TRUNCATE, maintenance, backwards.

UPDATE and DELETE are covered by test_append_only.py (and the event history's test_triggers).
Here: SQLite's ``INSERT OR REPLACE`` (which deletes the old row without a delete trigger),
PostgreSQL's ``TRUNCATE`` (which fires no row trigger), the key-rotation maintenance path
(only the owner, only encrypted columns), and that every append-only table carries every
guard after ``migrate``.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.exceptions import IrreversibleError

from lvv.cases.models import CaseEvent
from lvv.cases.vocabulary import Stage
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.append_only import (
    MAINTENANCE_SETTING,
    MESSAGE,
    REGISTERED,
    append_only,
    append_only_tables_unapplied,
    installed_triggers,
    key_rotation,
    trigger_names,
)
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.processing_log.services import processing_record
from lvv.testing.builders import build_case

KNOWN_APPEND_ONLY = {
    "cases_caseevent",
    "processing_log_processinglogentry",
    "processing_log_auditrecord",
    "sensitive_sensitivesection",
    "monitor_savedmeasurement",
    "access_administrationlogentry",
}

sqlite_only = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="INSERT OR REPLACE is SQLite syntax"
)


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


def _refused(sql: str, params=()) -> DatabaseError:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    assert MESSAGE in str(error.value)
    return error.value


def test_every_append_only_table_carries_every_guard(db):
    assert KNOWN_APPEND_ONLY <= REGISTERED
    expected = {table: trigger_names(connection.vendor, table) for table in REGISTERED}
    assert installed_triggers(connection) == expected


# --- SQLite: INSERT OR REPLACE --------------------------------------------------------------


@sqlite_only
def test_insert_or_replace_cannot_rewrite_a_log_entry(entry):
    before = list(ProcessingLogEntry.objects.values())
    _refused(
        "INSERT OR REPLACE INTO processing_log_processinglogentry "
        "(id, occurred_at, operation, activity, subject_pseudonym, resource, trace_id, outcome) "
        "VALUES (%s, '2020-01-01 00:00:00', 'read', 'monitor', 'iemand-anders', '', 'x', "
        "'success')",
        [entry.pk],
    )
    _refused(
        "REPLACE INTO processing_log_auditrecord (id, entry_id, user_id, username, "
        "organisation_code) VALUES (999999, %s, NULL, 'vervalst', '')",
        [entry.pk],
    )
    assert list(ProcessingLogEntry.objects.values()) == before
    assert AuditRecord.objects.get(entry=entry).username == ""


@sqlite_only
def test_replace_on_a_unique_key_cannot_rewrite_a_case_event(db):
    case = build_case(Stage.REFERRED)
    event = CaseEvent.objects.get(case=case, sequence=1)
    _refused(
        "INSERT OR REPLACE INTO cases_caseevent (id, case_id, sequence, type, effective_date, "
        "recorded_at, actor_id, organisation_id, data, reason, corrects_id) "
        "SELECT 999999, case_id, sequence, type, '2019-04-01', recorded_at, actor_id, "
        "organisation_id, data, 'herschreven', corrects_id FROM cases_caseevent WHERE id = %s",
        [event.pk],
    )
    assert CaseEvent.objects.get(pk=event.pk).reason == event.reason
    assert CaseEvent.objects.filter(reason="herschreven").count() == 0


@sqlite_only
def test_each_replace_guard_holds_on_its_own(entry):
    """Without recursive triggers the insert guard refuses; without it the delete trigger."""
    sql = (
        "INSERT OR REPLACE INTO processing_log_processinglogentry "
        "(id, occurred_at, operation, activity, subject_pseudonym, resource, trace_id, outcome) "
        "VALUES (%s, '2020-01-01 00:00:00', 'read', 'monitor', 'x', '', 'x', 'success')"
    )
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone() == (1,)  # every connection of the application
        cursor.execute("PRAGMA recursive_triggers = OFF")
    try:
        _refused(sql, [entry.pk])  # the BEFORE INSERT guard alone
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")
    with (
        pytest.raises(DatabaseError) as error,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DROP TRIGGER processing_log_processinglogentry_no_replace")
        cursor.execute(sql, [entry.pk])  # the delete trigger alone
    assert MESSAGE in str(error.value)
    assert ProcessingLogEntry.objects.get(pk=entry.pk).subject_pseudonym == "pseudoniem-1"
    assert (
        "processing_log_processinglogentry_no_replace"
        in installed_triggers(connection)["processing_log_processinglogentry"]
    )


# --- PostgreSQL: TRUNCATE ----------------------------------------------------------------


def _no_pending_checks() -> None:
    """PostgreSQL refuses TRUNCATE while deferred foreign-key checks of this transaction are
    pending (the test's own inserts); a real TRUNCATE in its own transaction has none."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.postgres_only
@pytest.mark.parametrize("table", sorted(KNOWN_APPEND_ONLY))
def test_truncate_of_an_append_only_table_is_refused(entry, table):
    build_case(Stage.REFERRED)
    _no_pending_checks()
    _refused(f"TRUNCATE {table} CASCADE")
    assert ProcessingLogEntry.objects.filter(pk=entry.pk).exists()
    assert CaseEvent.objects.exists()


@pytest.mark.postgres_only
def test_truncate_of_a_table_that_cascades_into_the_history_is_refused(db):
    build_case(Stage.REFERRED)
    _no_pending_checks()
    _refused("TRUNCATE cases_case CASCADE")
    assert CaseEvent.objects.exists()


# --- the maintenance path ----------------------------------------------------------------


@pytest.mark.postgres_only
def test_the_maintenance_setting_lets_only_encrypted_columns_change(entry):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL {MAINTENANCE_SETTING} = 'key_rotation'")
        # The processing log has no encrypted column: nothing may change, even now.
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(
                "UPDATE processing_log_processinglogentry SET resource = 'x' WHERE id = %s",
                [entry.pk],
            )
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(
                "DELETE FROM processing_log_processinglogentry WHERE id = %s", [entry.pk]
            )
    assert ProcessingLogEntry.objects.get(pk=entry.pk).resource == "case:1"


def test_key_rotation_maintenance_restores_the_guard(db):
    with transaction.atomic(), key_rotation(connection, "sensitive_sensitivesection"):
        pass
    expected = trigger_names(connection.vendor, "sensitive_sensitivesection")
    assert installed_triggers(connection)["sensitive_sensitivesection"] == expected


def test_a_table_that_lost_its_triggers_is_guarded_again_after_migrate(db):
    """SQLite rebuilds a table for most schema changes, and its triggers go with the old
    table: every ``migrate`` ends by reinstalling the guards (post_migrate)."""
    from django.core.management import call_command

    table = "processing_log_processinglogentry"
    with connection.cursor() as cursor:
        for name in trigger_names(connection.vendor, table):
            cursor.execute(
                f"DROP TRIGGER {name}"
                + (f" ON {table}" if connection.vendor == "postgresql" else "")
            )
    assert table not in installed_triggers(connection)
    call_command("migrate", verbosity=0)
    assert installed_triggers(connection)[table] == trigger_names(connection.vendor, table)


# --- migrating backwards -----------------------------------------------------------------


def test_the_operation_refuses_to_run_backwards():
    operation = append_only("some_table")
    REGISTERED.discard("some_table")
    with pytest.raises(IrreversibleError) as error:
        operation.reverse_code(None, None)
    assert "append-only" in str(error.value)


def test_a_backward_plan_through_an_append_only_migration_is_recognised_before_it_runs():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    guarding = loader.get_migration("processing_log", "0002_append_only")
    later = loader.get_migration("processing_log", "0003_outcome_choices")
    assert append_only_tables_unapplied([(later, True), (guarding, True)]) == [
        "processing_log_processinglogentry",
        "processing_log_auditrecord",
    ]
    assert append_only_tables_unapplied([(later, True)]) == []
    assert append_only_tables_unapplied([(guarding, False)]) == []
