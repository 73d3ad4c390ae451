"""Database triggers that make a table append-only on PostgreSQL and on SQLite.

Used by the migrations of the event history, the processing log, the sensitive sections and
the other tables whose rows are never changed: the application never updates or deletes
these rows, and the database refuses it to anyone who tries.

What is refused, and how:

- ``UPDATE`` and ``DELETE``: a row trigger on both databases.
- PostgreSQL ``TRUNCATE`` (which fires no row trigger): a statement trigger.
- SQLite ``INSERT OR REPLACE`` / ``REPLACE INTO`` (which deletes the conflicting row without
  firing a delete trigger unless ``recursive_triggers`` is on): a ``BEFORE INSERT`` trigger
  that refuses a row whose primary key or unique key already exists. Every connection of
  the application also turns ``PRAGMA recursive_triggers`` on (``lvv/config.py``), so the
  delete trigger fires for REPLACE as well - two independent guards.
- Migrating backwards past the migration that installed the triggers is refused
  (:func:`append_only`'s reverse), and after every ``migrate`` the triggers of every
  append-only table are (re)installed as defined here (:func:`ensure_triggers`, on
  ``post_migrate``): a table that SQLite rebuilt for a schema change, or a database made
  before a guard existed, never stays unguarded.

One maintenance path exists, for key rotation (``lvv rotate-keys``) only: re-encrypting the
encrypted columns of an append-only table. On PostgreSQL the trigger lets an UPDATE through
when the session set ``lvv.maintenance = 'key_rotation'``, the current role owns the table
(the migration role; the application's own non-owner role cannot), and only the table's
encrypted columns change. On SQLite the command drops the update trigger and reinstalls it in
the same transaction. Both are written to the processing log by the command.

The owner of the tables can always drop triggers: the full protection is to run the
application as a role that does not own the tables (docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import migrations, transaction

MESSAGE = "append-only table: UPDATE and DELETE are not allowed"
MAINTENANCE_SETTING = "lvv.maintenance"
KEY_ROTATION = "key_rotation"
# The test suite's flush between transactional tests (conftest.py); owner role only.
RESET = "reset"

# Every table made append-only by a migration (filled when the migrations are loaded).
REGISTERED: set[str] = set()

# The placeholders are replaced by constants of this module only.
_PG_FUNCTION_TEMPLATE = """
CREATE OR REPLACE FUNCTION lvv_reject_change() RETURNS trigger AS $$
DECLARE
    maintenance text := coalesce(current_setting('@MAINTENANCE_SETTING@', true), '');
    table_owner boolean;
    changed text[];
BEGIN
    IF maintenance <> '' THEN
        table_owner := pg_has_role(
            current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER'
        );
        IF table_owner AND TG_OP = 'UPDATE' AND maintenance = '@KEY_ROTATION@' THEN
            SELECT coalesce(array_agg(n.key), ARRAY[]::text[]) INTO changed
              FROM jsonb_each(to_jsonb(NEW)) AS n
              JOIN jsonb_each(to_jsonb(OLD)) AS o USING (key)
             WHERE n.value IS DISTINCT FROM o.value;
            IF changed <@ TG_ARGV THEN
                RETURN NEW;
            END IF;
        ELSIF table_owner AND TG_OP = 'TRUNCATE' AND maintenance = '@RESET@' THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION '@MESSAGE@ (% %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""
_PG_FUNCTION = (
    _PG_FUNCTION_TEMPLATE.replace("@MAINTENANCE_SETTING@", MAINTENANCE_SETTING)
    .replace("@KEY_ROTATION@", KEY_ROTATION)
    .replace("@RESET@", RESET)
    .replace("@MESSAGE@", MESSAGE)
)


def trigger_names(vendor: str, table: str) -> set[str]:
    if vendor == "postgresql":
        return {f"{table}_append_only", f"{table}_no_truncate"}
    return {f"{table}_no_update", f"{table}_no_delete", f"{table}_no_replace"}


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _sqlite_unique_keys(cursor, table: str) -> list[list[str]]:
    """Primary key and every full (not partial) unique index of ``table``, as column lists."""
    cursor.execute(f"PRAGMA table_info({table})")
    keys = [[row[1] for row in sorted(cursor.fetchall(), key=lambda r: r[5]) if row[5]]]
    cursor.execute(f"PRAGMA index_list({table})")
    for _seq, name, unique, _origin, partial in cursor.fetchall():
        if unique and not partial:
            cursor.execute(f"PRAGMA index_info({_quote_sqlite(name)})")
            keys.append([row[2] for row in sorted(cursor.fetchall())])
    return [key for key in keys if key]


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_statements(cursor, table: str) -> list[str]:
    raise_ = f"SELECT RAISE(ABORT, '{MESSAGE}');"
    conflicts = " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE "  # noqa: S608  # nosec B608 - our table names
        + " AND ".join(f"{column} = NEW.{column}" for column in key)
        + ")"
        for key in _sqlite_unique_keys(cursor, table)
    )
    statements = []
    for name in sorted(trigger_names("sqlite", table)):
        statements.append(f"DROP TRIGGER IF EXISTS {name};")
    statements += [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN {raise_} END;",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN {raise_} END;",
        # REPLACE would delete the existing row first: refuse any insert on an existing key.
        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
        f"WHEN {conflicts or '0'} BEGIN {raise_} END;",
    ]
    return statements


def _pg_statements(table: str, rotatable: list[str]) -> list[str]:
    arguments = ", ".join("'" + column.replace("'", "''") + "'" for column in rotatable)
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION lvv_reject_change({arguments});",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION lvv_reject_change();",
    ]


def encrypted_columns(table: str) -> list[str]:
    """The columns of ``table`` that hold field-encrypted values (rewritten by key rotation)."""
    from django.apps import apps

    from lvv.crypto.fields import EncryptedTextField

    columns: list[str] = []
    for model in apps.get_models():
        if model._meta.db_table == table:
            columns += [
                field.column
                for field in model._meta.concrete_fields
                if isinstance(field, EncryptedTextField)
            ]
    return sorted(columns)


def install(connection, table: str, rotatable: list[str] | None = None) -> None:
    """(Re)install the triggers of ``table``; idempotent."""
    if rotatable is None:
        rotatable = encrypted_columns(table)
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if vendor == "postgresql":
            # params=None: the function body contains a literal '%' (RAISE's placeholder),
            # which the driver must not read as a query parameter.
            cursor.execute(_PG_FUNCTION, None)
            statements = _pg_statements(table, rotatable)
        elif vendor == "sqlite":
            statements = _sqlite_statements(cursor, table)
        else:  # pragma: no cover - only the two supported databases
            raise RuntimeError(f"append-only triggers not written for {vendor}")
        for statement in statements:
            cursor.execute(statement)


def installed_triggers(connection) -> dict[str, set[str]]:
    """The append-only triggers present in the database, per table."""
    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE p.proname = 'lvv_reject_change' AND NOT t.tgisinternal "
                "AND c.relnamespace = to_regnamespace(current_schema())"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        for table, name in cursor.fetchall():
            if name in trigger_names(connection.vendor, table):
                found.setdefault(table, set()).add(name)
    return found


def ensure_triggers(connection, tables: set[str] | None = None) -> list[str]:
    """Install the current triggers on every existing append-only table; returns the tables.

    Run after every ``migrate``: it upgrades databases made before a guard existed (e.g. the
    TRUNCATE and REPLACE guards) and re-guards a table SQLite rebuilt for a schema change.
    """
    wanted = set(REGISTERED if tables is None else tables)
    existing = set(connection.introspection.table_names())
    done = []
    for table in sorted(wanted & existing):
        install(connection, table)
        done.append(table)
    return done


def _forward(table: str):
    def apply(apps, schema_editor):
        install(schema_editor.connection, table, rotatable=[])

    return apply


def backward_refusal(tables: list[str]) -> str:
    names = ", ".join(tables)
    return (
        f"Terugmigreren geweigerd: {names} is alleen-toevoegen; terugmigreren zou de triggers "
        "verwijderen die de geschiedenis onveranderbaar maken. Zet liever een back-up terug "
        "(docs/operations.md).\n"
        f"Migrating backwards refused: {names} is append-only; migrating back would drop the "
        "triggers that keep its history unchangeable. Restore a backup instead "
        "(docs/operations.md)."
    )


def _refuse_backward(table: str):
    def refuse(apps, schema_editor):
        raise migrations.exceptions.IrreversibleError(backward_refusal([table]))

    return refuse


def append_only_tables_unapplied(plan) -> list[str]:
    """The append-only tables whose guarding migration a migration ``plan`` would unapply.

    Checked before ``migrate`` starts (``pre_migrate``), so a backward plan is refused as a
    whole instead of half-way, after earlier steps (on SQLite: table rebuilds that drop the
    triggers) were already committed.
    """
    return [
        operation.lvv_append_only
        for migration, backwards in plan or []
        if backwards
        for operation in migration.operations
        if getattr(operation, "lvv_append_only", None)
    ]


def append_only(table: str) -> migrations.RunPython:
    """The migration operation that makes ``table`` append-only (and registers it)."""
    REGISTERED.add(table)
    operation = migrations.RunPython(_forward(table), _refuse_backward(table), elidable=False)
    operation.lvv_append_only = table
    return operation


@contextmanager
def key_rotation(connection, table: str) -> Iterator[None]:
    """Within the caller's transaction: let UPDATEs of ``table``'s encrypted columns through.

    PostgreSQL: ``SET LOCAL lvv.maintenance`` (ends with the transaction; the trigger still
    demands the owner role and refuses any other column). SQLite: the update trigger is
    dropped and reinstalled before the transaction commits.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("key_rotation() needs a transaction (transaction.atomic)")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL {MAINTENANCE_SETTING} = '{KEY_ROTATION}'")
            try:
                yield
            finally:
                cursor.execute(f"SET LOCAL {MAINTENANCE_SETTING} = ''")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            try:
                yield
            finally:
                install(connection, table)
