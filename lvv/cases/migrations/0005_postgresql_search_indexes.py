"""PostgreSQL-only indexes for the case list's search and the worklist.

1. Trigram indexes for the search. ``lvv.web.views.cases.search_filter`` matches every word
   anywhere in the given names, the family name or the local reference, case-insensitively:
   ``icontains``, which Django writes on PostgreSQL as ``UPPER(column::text) LIKE
   UPPER(pattern)``. A B-tree cannot serve ``LIKE '%word%'``; a GIN index with
   ``gin_trgm_ops`` on exactly that expression can, so the search no longer scans the whole
   person table (twice: count and page). Words shorter than three letters still scan.
2. Covering indexes, answered from the index alone (once VACUUM has marked the pages
   all-visible) instead of a table row per entry:
   - ``action_item_open_cover``: the worklist's "open actions of my organisation" reads every
     open action item of the organisation (owner, due date, case) to keep those of open,
     visible stays and count them;
   - ``case_open_stage_cover``: open stays by LVV and stage, with the columns of the
     deadline filters (``lvv.web.deadline_filters``), so the case list's count of "stage X
     with an overdue deadline" needs no table rows.

On SQLite this migration does nothing: the same queries simply scan, as before. The model
state does not change, because these are expression / covering indexes of one backend.
``pg_trgm`` ships with PostgreSQL; creating the extension needs a role that may. Where the
migration role may not (and the extension is not there yet), the trigram indexes are left
out and the search works as before, only slower (see docs/performance.md).
"""

from django.db import DatabaseError, migrations, transaction

TRIGRAM_COLUMNS = ("given_names", "family_name", "local_reference")


def _trigram_name(column: str) -> str:
    return f"person_{column}_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        trigram = False  # not allowed to create it: the search scans, as before
    else:
        trigram = True
    for column in TRIGRAM_COLUMNS if trigram else ():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_trigram_name(column)}" ON "cases_person" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "case_open_stage_cover" ON "cases_case" ("lvv_id", "stage") '
        'INCLUDE ("id", "person_id", "intake_date", "dossier_complete_date", '
        '"first_scenario_date", "scenario", "last_lso_date", "safe_country_national") '
        'WHERE "intake_date" IS NOT NULL AND "outflow_date" IS NULL'
    )
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "action_item_open_cover" ON "cases_actionitem" '
        '("owner_organisation_id", "due_date") INCLUDE ("case_id", "number", "id") '
        'WHERE "done_date" IS NULL'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_trigram_name(column)}"')
    schema_editor.execute('DROP INDEX IF EXISTS "case_open_stage_cover"')
    schema_editor.execute('DROP INDEX IF EXISTS "action_item_open_cover"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_worklist_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
