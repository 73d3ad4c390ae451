"""The register of processing activities: every log entry names one of these purposes.

Documented in ``docs/processing-log.md``; a new purpose is added here first.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    REFERRAL = "referral", _("aanmelding")
    ADMISSION_CHECK = "admission_check", _("toelatingstoets en besluit")
    CASE_GUIDANCE = "case_guidance", _("begeleiding en dossier")
    LSO_CASE_DISCUSSION = "lso_case_discussion", _("casusbespreking LSO")
    MRT_REVIEW = "mrt_review", _("bespreking MRT")
    OUTFLOW = "outflow", _("uitstroom")
    CASELOAD_IMPORT = "caseload_import", _("import bestaande caseload")
    MONITOR = "monitor", _("landelijke monitor")
    POLICE_PARTICIPANT_CHECK = "police_participant_check", _("politiecheck deelname")
    PRIVACY_SUPERVISION = "privacy_supervision", _("toezicht op verwerkingen")
    DEMO_DATA = "demo_data", _("synthetische demodata")


class Operation(models.TextChoices):
    READ = "read", _("inzien")
    CREATE = "create", _("aanmaken")
    UPDATE = "update", _("wijzigen")
    EXPORT = "export", _("exporteren")
    DELETE = "delete", _("verwijderen")
    DENIED = "denied", _("geweigerd")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("gelukt")
    DENIED = "denied", _("geweigerd")
    FOUND = "found", _("gevonden")
    NOT_FOUND = "not_found", _("niet gevonden")
