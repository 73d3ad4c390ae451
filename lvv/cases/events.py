"""The one enum of event types, and the plain values the pure functions fold.

An event as stored is an :class:`EventRecord` (its JSON ``data``); an event a bulk writer
plans is a :class:`PlannedEvent` (its typed payload, see ``payloads.py``). Both offer
``type``, ``effective_date``, ``reason`` and ``payload``, which is all ``workflow.fold``
and ``projection.apply`` read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lvv.cases.payloads import Payload

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

    @property
    def payload(self) -> Payload:
        """The typed payload of ``data`` (read leniently: the history was checked when it was
        written; see ``payloads.load``)."""
        from lvv.cases.payloads import load

        return load(self.type, self.data)


@dataclass(frozen=True)
class PlannedEvent:
    """An event a writer means to append: its date, its typed payload and a reason."""

    effective_date: dt.date
    payload: Payload
    reason: str = ""

    @property
    def type(self) -> str:
        return self.payload.TYPE

    @property
    def data(self) -> dict[str, Any]:
        """The JSON the event is stored with."""
        return self.payload.to_data()
