"""Deadlines as projection columns: each case stores its due dates (``Case.due_<kind>``).

The case services write them whenever an event is applied (``Case.column_values``), so the
worklist and the case list filter and sort on plain date columns instead of re-deriving
every deadline in SQL. This migration adds the columns, fills them for the stays that exist
(with ``deadlines.due_dates``, the one definition, and each LVV's settings in force), and
replaces the indexes the derived filters used by one partial index per due date (with and
without the LVV in front).

On PostgreSQL the two covering indexes of the open stays (``case_open_stage_cover`` of
0005, ``case_guided_open_cover`` of 0008), from which the worklist counts, are rebuilt to
include the due dates instead of the columns they were derived from.
"""

from django.db import migrations, models

from lvv.cases.deadlines import due_column, due_dates
from lvv.cases.rules import LvvRules
from lvv.cases.state import CaseState

# The projection columns ``due_dates`` reads.
READ = (
    "intake_date",
    "outflow_date",
    "outflow_category",
    "scenario",
    "first_scenario_date",
    "dossier_complete_date",
    "last_lso_date",
    "safe_country_national",
    "decision_outcome",
    "decision_date",
)
BATCH = 1000


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Lvv = apps.get_model("organisations", "Lvv")
    rules = {lvv.pk: LvvRules.of(lvv) for lvv in Lvv.objects.all()}
    columns = None
    batch = []
    for pk, lvv_id, *values in Case.objects.order_by("pk").values_list("pk", "lvv_id", *READ):
        state = CaseState(**dict(zip(READ, values, strict=True)))
        dues = {due_column(kind): due for kind, due in due_dates(state, rules[lvv_id]).items()}
        columns = columns or list(dues)
        if any(due is not None for due in dues.values()):
            batch.append(Case(pk=pk, **dues))
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, columns)
            batch = []
    if batch:
        Case.objects.bulk_update(batch, columns)


OPEN = 'WHERE "intake_date" IS NOT NULL AND "outflow_date" IS NULL'
DUE = '"due_first_scenario", "due_review", "due_safe_country_limit", "due_max_stay"'
DERIVED = (
    '"intake_date", "dossier_complete_date", "first_scenario_date", "scenario", '
    '"last_lso_date", "safe_country_national"'
)


def _covers(include_columns: str) -> list[str]:
    return [
        'DROP INDEX IF EXISTS "case_open_stage_cover"',
        'CREATE INDEX "case_open_stage_cover" ON "cases_case" ("lvv_id", "stage") '
        f'INCLUDE ("id", "person_id", {include_columns}) {OPEN}',
        'DROP INDEX IF EXISTS "case_guided_open_cover"',
        'CREATE INDEX "case_guided_open_cover" ON "cases_case" '
        '("guiding_organisation_id", "lvv_id") '
        f'INCLUDE ("id", "stage", "person_id", {include_columns}) {OPEN}',
    ]


def covers_forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _covers(DUE):
            schema_editor.execute(statement)
        # The new columns have no statistics until ANALYZE (autovacuum would do it later).
        schema_editor.execute('ANALYZE "cases_case"')


def covers_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _covers(DERIVED):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_case_list_running_indexes"),
        ("organisations", "0002_reference_data"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="case_refusal_date",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_open_last_lso",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_open_intake",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_open_no_first_scenario",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_open_last_lso_date",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_open_no_scenario_date",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_open_safe_country",
        ),
        migrations.AddField(
            model_name="case",
            name="due_first_scenario",
            field=models.DateField(null=True, verbose_name="eerste scenario uiterlijk"),
        ),
        migrations.AddField(
            model_name="case",
            name="due_max_stay",
            field=models.DateField(null=True, verbose_name="maximale verblijfsduur"),
        ),
        migrations.AddField(
            model_name="case",
            name="due_objection_period",
            field=models.DateField(null=True, verbose_name="einde bezwaartermijn"),
        ),
        migrations.AddField(
            model_name="case",
            name="due_review",
            field=models.DateField(null=True, verbose_name="kwartaalbespreking uiterlijk"),
        ),
        migrations.AddField(
            model_name="case",
            name="due_safe_country_limit",
            field=models.DateField(null=True, verbose_name="maximale opvang veilig land"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_objection_period__isnull", False)),
                fields=["lvv", "due_objection_period", "id"],
                name="case_due_objection_lvv",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_objection_period__isnull", False)),
                fields=["due_objection_period", "id"],
                name="case_due_objection",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_first_scenario__isnull", False)),
                fields=["lvv", "due_first_scenario", "id"],
                name="case_due_scenario_lvv",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_first_scenario__isnull", False)),
                fields=["due_first_scenario", "id"],
                name="case_due_scenario",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_review__isnull", False)),
                fields=["lvv", "due_review", "id"],
                name="case_due_review_lvv",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_review__isnull", False)),
                fields=["due_review", "id"],
                name="case_due_review",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_safe_country_limit__isnull", False)),
                fields=["lvv", "due_safe_country_limit", "id"],
                name="case_due_safe_lvv",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_safe_country_limit__isnull", False)),
                fields=["due_safe_country_limit", "id"],
                name="case_due_safe",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_max_stay__isnull", False)),
                fields=["lvv", "due_max_stay", "id"],
                name="case_due_max_stay_lvv",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("due_max_stay__isnull", False)),
                fields=["due_max_stay", "id"],
                name="case_due_max_stay",
            ),
        ),
        migrations.RunPython(covers_forwards, covers_backwards, elidable=False),
    ]
