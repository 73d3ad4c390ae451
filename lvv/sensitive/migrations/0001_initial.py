import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import lvv.crypto.fields
from lvv.processing_log.append_only import append_only


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0002_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SensitiveSection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("medical", "medische situatie"),
                            ("asylum_motive", "asielmotief"),
                            ("criminal_law", "strafrechtelijke gegevens"),
                        ],
                        max_length=20,
                        verbose_name="soort",
                    ),
                ),
                ("content", lvv.crypto.fields.EncryptedTextField(verbose_name="inhoud")),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="vastgelegd op"),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "bijzonder gegeven",
                "verbose_name_plural": "bijzondere gegevens",
                "ordering": ["case", "kind", "-recorded_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["case", "kind", "recorded_at"],
                        name="sensitive_s_case_id_586099_idx",
                    )
                ],
            },
        ),
        append_only("sensitive_sensitivesection"),
    ]
