"""The one enum of event types, and the plain record the pure functions work on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    REFERRAL_REGISTERED = "referral_registered", _("aanmelding geregistreerd")
    ADMISSION_CHECKED = "admission_checked", _("toelatingstoets uitgevoerd")
    ADMISSION_DECIDED = "admission_decided", _("besluit over toelating")
    INTAKE_REGISTERED = "intake_registered", _("intake (start opvang)")
    DOSSIER_REQUESTED = "dossier_requested", _("dossier opgevraagd")
    DOSSIER_PART_DELIVERED = "dossier_part_delivered", _("dossierdeel geleverd")
    LSO_DISCUSSED = "lso_discussed", _("besproken in het LSO")
    PHASE_CHANGED = "phase_changed", _("fase gewijzigd")
    ACTION_ITEM_ADDED = "action_item_added", _("actie toegevoegd aan plan van aanpak")
    ACTION_ITEM_COMPLETED = "action_item_completed", _("actie afgerond")
    REVIEW_HELD = "review_held", _("kwartaalbespreking gehouden")
    MRT_REFERRED = "mrt_referred", _("voorgelegd aan het MRT")
    MRT_ADVISED = "mrt_advised", _("advies van het MRT")
    SCENARIO_CHANGED = "scenario_changed", _("scenario gewijzigd")
    OUTFLOW_REGISTERED = "outflow_registered", _("uitstroom geregistreerd")
    EVENT_CORRECTED = "event_corrected", _("correctie van een eerdere gebeurtenis")
    PERSON_MERGED = "person_merged", _("dubbele persoonsregistratie samengevoegd")


@dataclass(frozen=True)
class EventRecord:
    """An event as the pure functions see it: no ORM, no actor, just what happened when."""

    type: str
    effective_date: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    sequence: int = 0
    corrects: int | None = None  # sequence of the corrected event, for EVENT_CORRECTED
    reason: str = ""
