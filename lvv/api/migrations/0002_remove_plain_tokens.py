"""The plain tokens of ``rest_framework.authtoken`` are gone: they were stored in clear and
never expired. The app has left INSTALLED_APPS; this removes what an installation still has
of it - the table with every old token, its migration records and its content type (and so
its permissions) - so no usable secret stays behind. Partner systems get an application
token instead (docs/api.md, "From the old tokens").
"""

from django.db import migrations

OLD_APP = "authtoken"
OLD_TABLE = "authtoken_token"


def remove_plain_tokens(connection, content_type_model) -> bool:
    """Drop the old token table if there is one; True if it was there."""
    present = OLD_TABLE in connection.introspection.table_names()
    with connection.cursor() as cursor:
        if present:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(OLD_TABLE)}")
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", [OLD_APP])
    content_type_model.objects.filter(app_label=OLD_APP).delete()
    return present


def forward(apps, schema_editor):
    remove_plain_tokens(schema_editor.connection, apps.get_model("contenttypes", "ContentType"))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_credentials_and_rate_windows"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Nothing to restore backwards: the old tokens must not come back.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
