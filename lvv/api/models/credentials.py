"""Credentials of partner organisations' applications (IND, DT&V, a municipality's own system).

An application belongs to one organisation; it holds tokens. A token is a random secret of
256 bits, shown once when it is issued; only its SHA-256 digest is stored, so the table
holds nothing that lets anyone call the API. Every token expires, and can be revoked
earlier; deactivating the application stops all its tokens at once.

The application is not a user: each call names the acting person (``X-LVV-Acting-User``),
an active user of the application's organisation, and the policy applied is that person's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiApplication(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="api_applications",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__code", "name"]
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    application = models.ForeignKey(ApiApplication, on_delete=models.PROTECT, related_name="tokens")
    # SHA-256 of the whole token (hex): what a call is looked up by.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, to recognise it in lists; never enough to use it.
    prefix = models.CharField(_("begin van de sleutel"), max_length=16, editable=False)
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        ordering = ["application", "-issued_at"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.prefix}…"

    def is_valid(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.application.is_active

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return str(_("ingetrokken"))
        if self.expires_at <= timezone.now():
            return str(_("verlopen"))
        if not self.application.is_active:
            return str(_("koppeling inactief"))
        return str(_("geldig"))
