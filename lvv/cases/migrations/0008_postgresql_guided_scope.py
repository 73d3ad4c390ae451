"""PostgreSQL-only: the counsellor's scope, counted from an index and estimated right.

A counsellor sees the stays their own organisation guides in their LVVs
(``guiding_organisation_id = X AND lvv_id IN (...)``).

1. ``case_guided_open_cover``: the open ones with the columns of the deadline filters
   (``lvv.web.deadline_filters``) and the stage, as ``case_open_stage_cover`` (0005) does for
   the LVV scope. The worklist's counts and open action items, and the case list's count,
   read only this index.
2. ``case_guided_lvv``: functional-dependency statistics. An NGO guides in one LVV, so the
   two conditions are strongly dependent; PostgreSQL assumes independence, underestimated
   the stays one NGO guides by a factor of three and chose slower plans (a parallel one for
   a page deep in the case list) on that estimate.

Figures in docs/performance.md.

Nothing on SQLite; the model state does not change.
"""

from django.db import migrations

COVER = "case_guided_open_cover"
STATISTICS = "case_guided_lvv"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{COVER}" ON "cases_case" '
        '("guiding_organisation_id", "lvv_id") '
        'INCLUDE ("id", "stage", "person_id", "intake_date", "dossier_complete_date", '
        '"first_scenario_date", "scenario", "last_lso_date", "safe_country_national") '
        'WHERE "intake_date" IS NOT NULL AND "outflow_date" IS NULL'
    )
    schema_editor.execute(
        f'CREATE STATISTICS IF NOT EXISTS "{STATISTICS}" (dependencies) '
        'ON "guiding_organisation_id", "lvv_id" FROM "cases_case"'
    )
    # Statistics objects are filled by ANALYZE (autovacuum would do it later).
    schema_editor.execute('ANALYZE "cases_case"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP STATISTICS IF EXISTS "{STATISTICS}"')
    schema_editor.execute(f'DROP INDEX IF EXISTS "{COVER}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_list_and_worklist_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
