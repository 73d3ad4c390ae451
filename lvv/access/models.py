from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.roles import Role


class User(AbstractUser):
    """A person working for one organisation, with roles, for a set of LVVs.

    ``is_system`` marks the non-login account that commands (import, demo) act as, so the
    event history and the processing log always name an actor.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisatie"),
    )
    roles = models.JSONField(_("rollen"), default=list, blank=True)
    lvvs = models.ManyToManyField(
        "organisations.Lvv", blank=True, related_name="users", verbose_name=_("LVV's")
    )
    is_system = models.BooleanField(_("systeemaccount"), default=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def has_role(self, role: Role | str) -> bool:
        return str(role) in (self.roles or [])
