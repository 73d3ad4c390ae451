"""Database triggers that make a table append-only on PostgreSQL and on SQLite.

Used by the migrations of the event history and of the processing log: the application
never updates or deletes these rows, and the database refuses it to anyone who tries.
"""

from __future__ import annotations

from django.db import migrations

MESSAGE = "append-only table: UPDATE and DELETE are not allowed"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION lvv_reject_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE} (%)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def _forward(table: str):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            # params=None: the function body contains a literal '%' (RAISE's placeholder),
            # which the driver must not read as a query parameter.
            schema_editor.execute(_PG_FUNCTION, params=None)
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION lvv_reject_change();"
            )
        elif vendor == "sqlite":
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
                )
        else:  # pragma: no cover - only the two supported databases
            raise RuntimeError(f"append-only triggers not written for {vendor}")

    return apply


def _backward(table: str):
    def revert(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op};")

    return revert


def append_only(table: str) -> migrations.RunPython:
    return migrations.RunPython(_forward(table), _backward(table))
