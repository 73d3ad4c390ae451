from django.db import migrations

from lvv.processing_log.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("monitor", "0001_initial")]
    operations = [append_only("monitor_savedmeasurement")]
