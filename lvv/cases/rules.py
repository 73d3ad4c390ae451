"""Admission rules: who belongs to the LVV target group (DOMAIN.md, "Target group").

A pure function over the facts of a referral and the LVV's settings. It returns *every*
reason that applies, so the case director sees the whole picture; admitting despite a
reason is an explicit exception (see the ADMISSION_DECIDED guard in ``workflow.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

HEAVY_ENTRY_BAN_YEARS = 10


class ExclusionReason(models.TextChoices):
    HEAVY_ENTRY_BAN = "heavy_entry_ban", _("zwaar inreisverbod (10 jaar of langer)")
    DECLARED_UNDESIRABLE = "declared_undesirable", _("ongewenstverklaard")
    EU_CITIZEN = "eu_citizen", _("EU-burger")
    DUBLIN_CLAIMANT = "dublin_claimant", _("Dublinclaimant")
    FAMILY_WITH_MINOR_CHILDREN = (
        "family_with_minor_children",
        _("gezin met minderjarige kinderen (recht op gezinslocatie)"),
    )
    ENTITLED_TO_STATE_RECEPTION = "entitled_to_state_reception", _("heeft nog recht op rijksopvang")
    NO_REGIONAL_TIES = "no_regional_ties", _("geen aantoonbare regiobinding")
    SAFE_COUNTRY_EXCLUDED = (
        "safe_country_excluded",
        _("onderdaan van een veilig land van herkomst (deze LVV sluit uit)"),
    )
    SAFE_COUNTRY_REFER_VBL = (
        "safe_country_refer_vbl",
        _("onderdaan van een veilig land van herkomst (deze LVV verwijst naar de VBL)"),
    )


@dataclass(frozen=True)
class AdmissionFacts:
    entry_ban_years: int = 0
    declared_undesirable: bool = False
    eu_citizen: bool = False
    dublin_claimant: bool = False
    family_with_minor_children: bool = False
    entitled_to_state_reception: bool = False
    regional_ties: bool = True
    safe_country_national: bool = False


@dataclass(frozen=True)
class LvvRules:
    """The per-LVV settings the rules and deadlines use (copied from ``organisations.Lvv``)."""

    regional_ties_required: bool = True
    safe_country_policy: str = "exclude"  # exclude | limit_months | refer_vbl
    safe_country_limit_months: int | None = None
    max_stay_months: int | None = None

    @classmethod
    def of(cls, lvv) -> LvvRules:
        return cls(
            regional_ties_required=lvv.regional_ties_required,
            safe_country_policy=lvv.safe_country_policy,
            safe_country_limit_months=lvv.safe_country_limit_months,
            max_stay_months=lvv.max_stay_months,
        )


def evaluate_admission(facts: AdmissionFacts, rules: LvvRules) -> list[ExclusionReason]:
    reasons: list[ExclusionReason] = []
    if facts.entry_ban_years >= HEAVY_ENTRY_BAN_YEARS:
        reasons.append(ExclusionReason.HEAVY_ENTRY_BAN)
    if facts.declared_undesirable:
        reasons.append(ExclusionReason.DECLARED_UNDESIRABLE)
    if facts.eu_citizen:
        reasons.append(ExclusionReason.EU_CITIZEN)
    if facts.dublin_claimant:
        reasons.append(ExclusionReason.DUBLIN_CLAIMANT)
    if facts.family_with_minor_children:
        reasons.append(ExclusionReason.FAMILY_WITH_MINOR_CHILDREN)
    if facts.entitled_to_state_reception:
        reasons.append(ExclusionReason.ENTITLED_TO_STATE_RECEPTION)
    if rules.regional_ties_required and not facts.regional_ties:
        reasons.append(ExclusionReason.NO_REGIONAL_TIES)
    if facts.safe_country_national:
        if rules.safe_country_policy == "exclude":
            reasons.append(ExclusionReason.SAFE_COUNTRY_EXCLUDED)
        elif rules.safe_country_policy == "refer_vbl":
            reasons.append(ExclusionReason.SAFE_COUNTRY_REFER_VBL)
        # limit_months: admitted, with a deadline (deadlines.safe_country_limit)
    return reasons
