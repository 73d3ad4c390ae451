from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    ACCEPTED = "accepted", _("geaccepteerd")
    REJECTED = "rejected", _("afgewezen")


class CaseTransfer(models.Model):
    """A proposal to hand an open stay over to another LVV (written by ``services.transfer``).

    Acceptance ends the stay in the old LVV (outflow ``other``) and opens ``new_case`` in the
    receiving LVV; both case pages link to each other through this record.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="transfers_out")
    from_lvv = models.ForeignKey("organisations.Lvv", on_delete=models.PROTECT, related_name="+")
    to_lvv = models.ForeignKey(
        "organisations.Lvv",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ontvangende LVV"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PROPOSED
    )
    motivation = models.TextField(_("toelichting"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(null=True)
    decision_date = models.DateField(_("datum overdracht"), null=True)
    decision_reason = models.TextField(_("reden"), blank=True)
    new_case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        related_name="transfer_in",
    )

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("overdrachtsvoorstel")
        verbose_name_plural = _("overdrachtsvoorstellen")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="proposed"),
                name="one_open_transfer_per_case",
            )
        ]
        indexes = [models.Index(fields=["to_lvv", "status"])]
