from django.db import migrations

from lvv.processing_log.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("processing_log", "0001_initial")]
    operations = [
        append_only("processing_log_processinglogentry"),
        append_only("processing_log_auditrecord"),
    ]
