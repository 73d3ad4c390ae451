"""PostgreSQL-only statistics: which LVV a stay is in depends on who guides it.

A counsellor sees the stays their own organisation guides in their LVVs
(``guiding_organisation_id = X AND lvv_id IN (...)``). An NGO guides in one LVV, so the two
conditions are strongly dependent; PostgreSQL assumes independence and estimated 9,600 of
the 31,000 stays one NGO guides at 100k cases. With that estimate it chose a parallel plan
for page 40 of the case list (10 ms instead of 1.3 ms) and a slower one for the filtered
list (5.7 -> 1.9 ms). Functional-dependency statistics on the pair correct the estimate.

Nothing on SQLite; the model state does not change.
"""

from django.db import migrations

STATISTICS = "case_guided_lvv"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
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


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_list_and_worklist_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
