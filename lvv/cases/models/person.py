from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv import crypto
from lvv.crypto.fields import EncryptedTextField

# [0-9], not \d: \d also matches other scripts' digits (e.g. fullwidth), which would give a
# different blind index for a look-alike number; \Z, not $, which allows a trailing newline.
v_number_validator = RegexValidator(
    r"^[0-9]{10}\Z", _("Een V-nummer bestaat uit precies 10 cijfers.")
)


class Sex(models.TextChoices):
    MALE = "M", _("man")
    FEMALE = "F", _("vrouw")
    OTHER = "X", _("onbekend / anders")


class Person(models.Model):
    """The foreign national. One record per person, whatever the number of stays.

    The V-number is stored encrypted; ``v_number_index`` (a keyed blind index) makes it
    searchable and unique without clear text in any index. ``pseudonym`` is the keyed
    pseudonym used for the processing log and national deduplication.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    v_number = EncryptedTextField(_("V-nummer"), blank=True, default="")
    v_number_index = models.CharField(max_length=64, null=True, blank=True, unique=True)
    local_reference = models.CharField(_("lokale referentie"), max_length=50, blank=True)
    pseudonym = models.CharField(max_length=64, unique=True, editable=False)
    given_names = models.CharField(_("voornamen"), max_length=150, blank=True)
    family_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.OTHER)
    nationalities = models.JSONField(_("nationaliteiten (ISO 3166-1 alpha-3)"), default=list)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    identity_doubt = models.BooleanField(_("twijfel over identiteit"), default=False)
    nationality_doubt = models.BooleanField(_("twijfel over nationaliteit"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        # The case list sorted by name walks this index and stops after one page, instead
        # of sorting every person (figures in docs/performance.md).
        indexes = [
            models.Index(fields=["family_name", "given_names", "id"], name="person_name_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["local_reference"],
                condition=~models.Q(local_reference=""),
                name="person_local_reference_unique",
            ),
            models.CheckConstraint(
                name="person_birth_year_plausible",
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_names} {self.family_name}".strip()
        return name or self.local_reference or str(_("(naam onbekend)"))

    def set_v_number(self, v_number: str) -> None:
        self.v_number = v_number or ""
        self.v_number_index = crypto.blind_index(v_number) if v_number else None

    def save(self, *args, **kwargs):
        if not self.pseudonym:
            self.pseudonym = crypto.keyed_hash("person", str(self.uuid))
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year
        super().save(*args, **kwargs)
