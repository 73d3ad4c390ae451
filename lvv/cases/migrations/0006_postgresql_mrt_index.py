"""PostgreSQL-only index for the worklist's "MRT advice to process".

``case_mrt_advised``: stays with an MRT advice, by LVV and advice date, with the date of the
last LSO meeting. The worklist's count and list of advice to process read these few index
entries of the user's LVVs instead of every advised stay of every LVV (figures in
docs/performance.md).

As in 0005: nothing on SQLite, and the model state does not change.
"""

from django.db import migrations

INDEXES = {
    "case_mrt_advised": (
        'CREATE INDEX IF NOT EXISTS "case_mrt_advised" ON "cases_case" '
        '("lvv_id", "mrt_advice_date") INCLUDE ("last_lso_date", "id") '
        "WHERE \"mrt_status\" = 'advised'"
    ),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in INDEXES.values():
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_postgresql_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
