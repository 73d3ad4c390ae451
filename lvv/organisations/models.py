"""Reference data: the LVVs, their settings and capacity, and the partner organisations."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class SafeCountryPolicy(models.TextChoices):
    EXCLUDE = "exclude", _("uitsluiten")
    LIMIT_MONTHS = "limit_months", _("beperkt aantal maanden opvang")
    REFER_VBL = "refer_vbl", _("doorverwijzen naar de VBL")


class Lvv(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    municipality = models.CharField(_("gemeente"), max_length=100)
    start_date = models.DateField(_("startdatum"))
    regional_ties_required = models.BooleanField(_("regiobinding vereist"), default=True)
    safe_country_policy = models.CharField(
        _("beleid veilig land van herkomst"),
        max_length=20,
        choices=SafeCountryPolicy.choices,
        default=SafeCountryPolicy.EXCLUDE,
    )
    safe_country_limit_months = models.PositiveSmallIntegerField(
        _("maximale opvang veilig land (maanden)"), null=True, blank=True
    )
    max_stay_months = models.PositiveSmallIntegerField(
        _("maximale verblijfsduur (maanden)"), null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("LVV")
        verbose_name_plural = _("LVV's")
        constraints = [
            models.CheckConstraint(
                name="lvv_limit_months_with_policy",
                condition=~models.Q(safe_country_policy="limit_months")
                | models.Q(safe_country_limit_months__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def capacity_on(self, day: dt.date) -> int:
        period = self.capacity_periods.filter(valid_from__lte=day).order_by("-valid_from").first()
        return period.places if period else 0


class CapacityPeriod(models.Model):
    """Places of an LVV from a date on; capacity on D is the latest period starting on/before D."""

    lvv = models.ForeignKey(Lvv, on_delete=models.CASCADE, related_name="capacity_periods")
    valid_from = models.DateField(_("geldig vanaf"))
    places = models.PositiveIntegerField(_("plaatsen"))

    class Meta:
        ordering = ["lvv", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["lvv", "valid_from"], name="capacity_once_per_day")
        ]


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("gemeente")
    NGO = "ngo", _("maatschappelijke organisatie")
    IND = "ind", _("IND")
    DTV = "dtv", _("DT&V")
    AVIM = "avim", _("AVIM (politie)")
    PROGRAMME_OFFICE = "programme_office", _("programmabureau")
    MRT = "mrt", _("MRT")


class Organisation(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    lvv = models.ForeignKey(
        Lvv,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Leeg voor landelijke organisaties."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name
