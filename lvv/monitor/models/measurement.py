from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    """A saved measurement is never changed or deleted (the database refuses it as well)."""


class SavedMeasurement(models.Model):
    """The monitor as it was computed once, kept exactly as it was shown.

    Later corrections to the case history change what :func:`monitor_figures` returns for the
    same reference date, but not a saved measurement: that is what makes a published figure
    reproducible. Append-only in the database (migration 0002) and in :meth:`save`.
    """

    reference_date = models.DateField(_("peildatum"))
    definitions_version = models.CharField(_("versie van de definities"), max_length=20)
    lvv_codes = models.JSONField(
        _("LVV's"), null=True, blank=True, help_text=_("Leeg: alle LVV's.")
    )
    figures = models.JSONField(_("cijfers"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_by_username = models.CharField(_("opgeslagen door"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("opgeslagen op"), default=timezone.now)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("opgeslagen meting")
        verbose_name_plural = _("opgeslagen metingen")
        indexes = [models.Index(fields=["reference_date"])]

    def __str__(self) -> str:
        return f"{self.reference_date.isoformat()} ({self.definitions_version})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a saved measurement cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a saved measurement cannot be deleted")
