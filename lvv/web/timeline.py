"""Readable lines for the case page: what each event says, corrections shown as such."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lvv.cases.events import EventType
from lvv.cases.models import CaseEvent
from lvv.cases.rules import ExclusionReason
from lvv.cases.vocabulary import (
    Cooperation,
    DecisionOutcome,
    DossierPart,
    OutflowCategory,
    Phase,
    Scenario,
    choice_label,
)
from lvv.web.templatetags.lvv_web import datum


def _date(value) -> str:
    """A date stored in an event's data (ISO text) as the pages write dates in text."""
    if not value:
        return datum(None)
    try:
        return datum(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _label(choices, value) -> str:
    """A stored value the vocabulary no longer knows is shown as it was recorded."""
    return choice_label(choices, value, unknown=str(value or ""))


@dataclass
class TimelineEntry:
    event: CaseEvent
    details: list[tuple[str, str]] = field(default_factory=list)
    corrected_by: list[CaseEvent] = field(default_factory=list)
    voided: bool = False

    @property
    def is_correction(self) -> bool:
        return self.event.type == EventType.EVENT_CORRECTED


def describe(event: CaseEvent) -> list[tuple[str, str]]:
    data = event.data or {}
    t = event.type
    rows: list[tuple[str, str]] = []
    if t == EventType.REFERRAL_REGISTERED:
        rows.append((_("Aangemeld door"), data.get("referred_by", "")))
    elif t == EventType.ADMISSION_CHECKED:
        reasons = [_label(ExclusionReason, r) for r in data.get("reasons", [])]
        rows.append((_("Uitsluitingsgronden"), "; ".join(reasons) if reasons else _("geen")))
    elif t == EventType.ADMISSION_DECIDED:
        rows.append((_("Besluit"), _label(DecisionOutcome, data.get("outcome"))))
        if data.get("grounds"):
            rows.append((_("Motivering"), data["grounds"]))
        if data.get("exception_reason"):
            rows.append((_("Uitzondering"), data["exception_reason"]))
    elif t == EventType.DOSSIER_PART_DELIVERED:
        rows.append((_("Dossierdeel"), _label(DossierPart, data.get("part"))))
        if data.get("summary"):
            rows.append((_("Samenvatting"), data["summary"]))
    elif t == EventType.LSO_DISCUSSED:
        if data.get("perspective"):
            rows.append((_("Toekomstperspectief"), data["perspective"]))
        if data.get("scenario"):
            rows.append((_("Scenario"), _label(Scenario, data["scenario"])))
        if data.get("phase"):
            rows.append((_("Fase"), _label(Phase, data["phase"])))
        if data.get("cooperation"):
            rows.append((_("Medewerking"), _label(Cooperation, data["cooperation"])))
        if data.get("agreed") is False:
            rows.append(
                (
                    _("Geen overeenstemming"),
                    ", ".join(data.get("dissenting_organisations") or []) or _("ja"),
                )
            )
        if data.get("notes"):
            rows.append((_("Aantekeningen"), data["notes"]))
    elif t == EventType.PHASE_CHANGED:
        rows.append((_("Fase"), _label(Phase, data.get("phase"))))
    elif t == EventType.REVIEW_HELD:
        rows.append((_("Medewerking"), _label(Cooperation, data.get("cooperation"))))
        if data.get("notes"):
            rows.append((_("Aantekeningen"), data["notes"]))
    elif t == EventType.ACTION_ITEM_ADDED:
        rows.append((_("Actie"), data.get("description", "")))
        rows.append((_("Eigenaar"), data.get("owner_organisation", "")))
        if data.get("due_date"):
            rows.append((_("Streefdatum"), _date(data["due_date"])))
    elif t == EventType.ACTION_ITEM_COMPLETED:
        rows.append((_("Actie nummer"), str(data.get("number", ""))))
    elif t == EventType.MRT_REFERRED:
        rows.append((_("Vraag"), data.get("question", "")))
        for organisation, position in (data.get("positions") or {}).items():
            rows.append((_("Standpunt %(org)s") % {"org": organisation}, position))
    elif t == EventType.MRT_ADVISED:
        rows.append((_("Advies"), data.get("advice", "")))
    elif t == EventType.SCENARIO_CHANGED:
        rows.append((_("Nieuw scenario"), _label(Scenario, data.get("scenario"))))
    elif t == EventType.OUTFLOW_REGISTERED:
        rows.append((_("Categorie"), _label(OutflowCategory, data.get("category"))))
        if data.get("notes"):
            rows.append((_("Toelichting"), data["notes"]))
    elif t == EventType.EVENT_CORRECTED:
        if data.get("void"):
            rows.append((_("Correctie"), _("gebeurtenis vervallen")))
        if data.get("effective_date"):
            rows.append((_("Juiste datum"), _date(data["effective_date"])))
        for key, value in (data.get("data") or {}).items():
            rows.append((key, str(value)))
    elif t == EventType.PERSON_MERGED:
        rows.append((_("Persoonsregistratie"), _("samengevoegd met een dubbele registratie")))
    return [(label, value) for label, value in rows if value not in (None, "")]


def timeline(events: list[CaseEvent]) -> list[TimelineEntry]:
    entries = {event.pk: TimelineEntry(event, describe(event)) for event in events}
    for event in events:
        if event.type == EventType.EVENT_CORRECTED and event.corrects_id in entries:
            target = entries[event.corrects_id]
            target.corrected_by.append(event)
            target.voided = bool(event.data.get("void"))
    return list(entries.values())
