"""Special categories of personal data (AVG art. 9 and 10), kept apart from the case.

Medical situation, asylum motive (may reveal religion or sexual orientation) and
criminal-law data are stored encrypted, each version as a new row (append-only, enforced by
triggers), so earlier versions are never overwritten and every change names who made it.
Who may read them is decided by the policy (``Action.SENSITIVE_VIEW``) alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.crypto.fields import EncryptedTextField


class SectionKind(models.TextChoices):
    MEDICAL = "medical", _("medische situatie")
    ASYLUM_MOTIVE = "asylum_motive", _("asielmotief")
    CRIMINAL_LAW = "criminal_law", _("strafrechtelijke gegevens")


class SensitiveSection(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=SectionKind.choices)
    content = EncryptedTextField(_("inhoud"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["case", "kind", "-recorded_at", "-id"]
        indexes = [
            models.Index(
                fields=["case", "kind", "recorded_at"], name="sensitive_s_case_id_586099_idx"
            )
        ]
        verbose_name = _("bijzonder gegeven")
        verbose_name_plural = _("bijzondere gegevens")
