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


class AdministrationKind(models.TextChoices):
    USER_CREATED = "user_created", _("account aangemaakt")
    ACCESS_CHANGED = "access_changed", _("rollen, LVV's, organisatie of actief gewijzigd")
    DETAILS_CHANGED = "details_changed", _("naam of e-mailadres gewijzigd")
    PASSWORD_RESET_LINK = "password_reset_link", _("wachtwoord-herstellink gemaakt")
    PASSWORD_SET = "password_set", _("wachtwoord ingesteld via herstellink")
    TWO_FACTOR_RESET = "two_factor_reset", _("tweestapsverificatie hersteld")
    SETTINGS_CHANGED = "settings_changed", _("LVV-instellingen of organisatie gewijzigd")
    KEY_ROTATION = "key_rotation", _("sleutelrotatie (opnieuw versleuteld)")
    BACKUP = "backup", _("back-up gemaakt")
    RESTORE = "restore", _("back-up teruggezet")
    API_CREDENTIALS = (
        "api_credentials",
        _("API-koppeling: sleutel uitgegeven of ingetrokken, koppeling gedeactiveerd"),
    )


class AdministrationLogEntry(models.Model):
    """Append-only record of administration: who changed whose access, and maintenance.

    Granting roles is not four-eyes but recorded here, append-only in the database (triggers,
    like the processing log): who did it, when, and the access before and after. A grant
    of a role that sees personal data is flagged (``grants_personal_data``) so supervision
    (administrators and the privacy officer, ``/beheer/logboek/``) finds it at once. Plain
    values, no foreign keys: the record outlives the accounts it names.
    """

    occurred_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("soort"), max_length=30, choices=AdministrationKind.choices)
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(_("door"), max_length=150, blank=True)
    subject_id = models.BigIntegerField(null=True, db_index=True)
    subject_username = models.CharField(_("account"), max_length=150, blank=True)
    before = models.JSONField(_("voor"), default=dict, blank=True)
    after = models.JSONField(_("na"), default=dict, blank=True)
    grants_personal_data = models.BooleanField(
        _("geeft toegang tot persoonsgegevens"), default=False
    )
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)
    trace_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("beheerlogregel")
        verbose_name_plural = _("beheerlogboek")

    @property
    def before_items(self) -> list[tuple[str, str]]:
        return describe_values(self.before)

    @property
    def after_items(self) -> list[tuple[str, str]]:
        return describe_values(self.after)


VALUE_LABELS = {
    "roles": _("rollen"),
    "lvvs": _("LVV's"),
    "organisation": _("organisatie"),
    "is_active": _("actief"),
    "first_name": _("voornaam"),
    "last_name": _("achternaam"),
    "email": _("e-mailadres"),
}


def describe_values(values: dict) -> list[tuple[str, str]]:
    """The before/after of a log entry as (Dutch label, text) pairs for the page."""
    role_labels = dict(Role.choices)
    items = []
    for key, value in (values or {}).items():
        if key == "roles":
            text = ", ".join(str(role_labels.get(role, role)) for role in value)
        elif isinstance(value, bool):
            text = str(_("ja") if value else _("nee"))
        elif isinstance(value, list | tuple):
            text = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            text = ", ".join(f"{k} {v}" for k, v in value.items())
        else:
            text = "" if value is None else str(value)
        items.append((str(VALUE_LABELS.get(key, key)), text or "—"))
    return items
