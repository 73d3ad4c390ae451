"""The process vocabulary of DOMAIN.md as enums: stages, phases, scenarios, outflow codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a case stands in the process scheme (DOMAIN.md, steps 1-10)."""

    REFERRED = "referred", _("aangemeld")
    ADMISSION_CHECKED = "admission_checked", _("toelatingstoets gedaan")
    ADMITTED = "admitted", _("toegelaten")
    REFUSED = "refused", _("afgewezen")
    SHELTERED = "sheltered", _("in opvang (intake gedaan)")
    DOSSIER_REQUESTED = "dossier_requested", _("dossier opgevraagd")
    REST_PERIOD = "rest_period", _("dossier compleet, rusttermijn")
    GUIDANCE = "guidance", _("begeleiding volgens scenario")
    OUTFLOWED = "outflowed", _("uitgestroomd")


# Groups of stages the rules speak of, defined once (the transition table, the services, the
# meetings and the web read them from here).
CLOSED_STAGES = (Stage.REFUSED, Stage.OUTFLOWED)  # the stay is over: a person may start anew
RUNNING_STAGES = tuple(stage for stage in Stage if stage not in CLOSED_STAGES)  # not over
AWAITING_ADMISSION_STAGES = (Stage.REFERRED, Stage.ADMISSION_CHECKED)  # a decision is due
BEFORE_INTAKE_STAGES = (*AWAITING_ADMISSION_STAGES, Stage.ADMITTED)
# From the complete dossier until outflow: the LSO discusses the case, sets or reviews the
# scenario and may refer it to the MRT.
DISCUSSABLE_STAGES = (Stage.REST_PERIOD, Stage.GUIDANCE)
# From the intake until outflow: the person is sheltered (action plan, outflow).
SHELTER_STAGES = (Stage.SHELTERED, Stage.DOSSIER_REQUESTED, *DISCUSSABLE_STAGES)


class Phase(models.TextChoices):
    RESEARCH = "research", _("onderzoeksfase")
    RECEPTION = "reception", _("opvangfase")


class Scenario(models.TextChoices):
    DEPARTURE = "departure", _("vertrek")
    RESIDENCE = "residence", _("verblijf")


class DecisionOutcome(models.TextChoices):
    ADMITTED = "admitted", _("toegelaten")
    REFUSED = "refused", _("afgewezen")


class DossierPart(models.TextChoices):
    IND = "ind", _("IND-deel")
    DTV = "dtv", _("DT&V-deel")


class Cooperation(models.TextChoices):
    GOOD = "good", _("werkt mee")
    PARTIAL = "partial", _("werkt gedeeltelijk mee")
    INSUFFICIENT = "insufficient", _("werkt onvoldoende mee")


class MrtStatus(models.TextChoices):
    NONE = "none", _("niet voorgelegd")
    REFERRED = "referred", _("voorgelegd aan het MRT")
    ADVISED = "advised", _("advies ontvangen")


class OutflowCategory(models.TextChoices):
    RESIDENCE_GRANTED = "residence_granted", _("daadwerkelijke inwilliging")
    DEPARTURE_ORIGIN = "departure_origin", _("daadwerkelijk vertrek naar land van herkomst")
    ONWARD_MIGRATION = "onward_migration", _("doormigratie")
    ASYLUM_RECEPTION = "asylum_reception", _("uitstroom naar AZC na opvolgende asielaanvraag")
    ART64_POSTPONEMENT = "art64_postponement", _("tijdelijk uitstel van vertrek (art. 64 Vw)")
    UNKNOWN_DESTINATION = "unknown_destination", _("vertrek met onbekende bestemming (MOB)")
    BACK_TO_BBB = "back_to_bbb", _("terug naar bed-bad-brood voorziening")
    FORCED_TERMINATION = "forced_termination", _("LVV-verblijf gedwongen beëindigd")
    OTHER = "other", _("overig")


SUSTAINABLE_OUTFLOW = frozenset(
    {
        OutflowCategory.RESIDENCE_GRANTED,
        OutflowCategory.DEPARTURE_ORIGIN,
        OutflowCategory.ONWARD_MIGRATION,
    }
)
# The final evaluation's middle category: not a sustainable solution, but not nothing either.
SEMI_SUSTAINABLE_OUTFLOW = frozenset(
    {OutflowCategory.ASYLUM_RECEPTION, OutflowCategory.ART64_POSTPONEMENT}
)
# Outflow categories that end shelter by a decision under mandate (open to objection).
DECISION_OUTFLOW = frozenset({OutflowCategory.FORCED_TERMINATION})


def choice_label(choices: type[models.TextChoices], value, unknown: str = "") -> str:
    """The label of ``value`` in ``choices``; ``unknown`` for an empty or unknown value."""
    try:
        return str(choices(value).label)
    except ValueError:
        return unknown
