"""The transition table: which event may follow which, with its guard. One function checks it.

Every service asks :func:`check` before it appends an event; the web layer asks
:func:`allowed_events` to know which actions to offer. Everything here is pure (no database),
so the whole process can be tested as a table.

Each row says: in which stages the event is allowed, which earlier date its effective date
may not precede (the event it depends on), and a guard over the event's data. Refusals are
Dutch sentences naming the reason; an empty list means allowed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lvv.cases.events import EventRecord, EventType
from lvv.cases.projection import apply, parse_date
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import (
    Cooperation,
    DecisionOutcome,
    DossierPart,
    MrtStatus,
    OutflowCategory,
    Phase,
    Scenario,
    Stage,
)

Guard = Callable[[CaseState, dict, str], list[str]]
Anchor = Callable[[CaseState], tuple[dt.date | None, str]]


class TransitionRefused(Exception):
    """The action is not allowed now; ``reasons`` says why, in Dutch. Nothing was stored."""

    def __init__(self, reasons: Sequence[str]):
        self.reasons = list(reasons)
        super().__init__("; ".join(str(r) for r in self.reasons))


@dataclass(frozen=True)
class Transition:
    event: EventType
    from_stages: frozenset[str]
    anchor: Anchor
    guard: Guard
    label: str  # what the user is doing, for "... is nu niet mogelijk" (lazy: per request)


# --- anchors: the date an event may not precede ---------------------------------------


def _no_anchor(state: CaseState) -> tuple[dt.date | None, str]:
    return None, ""


def _after(attribute: str, label: str) -> Anchor:
    def anchor(state: CaseState) -> tuple[dt.date | None, str]:
        return getattr(state, attribute), label

    return anchor


def _after_everything(state: CaseState) -> tuple[dt.date | None, str]:
    return state.last_effective_date, _("de laatste eerdere gebeurtenis")


def _after_latest(*attributes_and_labels: tuple[str, str]) -> Anchor:
    def anchor(state: CaseState) -> tuple[dt.date | None, str]:
        best: tuple[dt.date | None, str] = (None, "")
        for attribute, label in attributes_and_labels:
            value = getattr(state, attribute)
            if value is not None and (best[0] is None or value > best[0]):
                best = (value, label)
        return best

    return anchor


# --- guards over the event data --------------------------------------------------------


@functools.cache
def _values(choices: type) -> tuple[str, ...]:
    """``choices.values``, built once: Django rebuilds that list on every access, and the
    guards ask for it for every event the generator and the import check."""
    return tuple(choices.values)


def _required(*keys_and_labels: tuple[str, str]) -> Guard:
    def guard(state: CaseState, data: dict, reason: str) -> list[str]:
        return [
            _("%(field)s is verplicht.") % {"field": label}
            for key, label in keys_and_labels
            if not str(data.get(key) or "").strip()
        ]

    return guard


def _no_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    return []


def _one_of(key: str, choices: type, label: str) -> Guard:
    def guard(state: CaseState, data: dict, reason: str) -> list[str]:
        if data.get(key) not in _values(choices):
            return [_("%(field)s heeft geen geldige waarde.") % {"field": label}]
        return []

    return guard


def _all(*guards: Guard) -> Guard:
    def guard(state: CaseState, data: dict, reason: str) -> list[str]:
        problems: list[str] = []
        for g in guards:
            problems.extend(g(state, data, reason))
        return problems

    return guard


def _decision_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    outcome = data.get("outcome")
    if outcome not in _values(DecisionOutcome):
        return [_("Kies of de persoon wordt toegelaten of afgewezen.")]
    exception_reason = str(data.get("exception_reason") or "").strip()
    if outcome == DecisionOutcome.ADMITTED and state.admission_reasons and not exception_reason:
        return [
            _(
                "De toelatingstoets geeft uitsluitingsgronden; toelaten kan alleen als "
                "uitzondering met een schriftelijke reden."
            )
        ]
    if outcome == DecisionOutcome.REFUSED and not str(data.get("grounds") or "").strip():
        return [_("Een afwijzing vraagt een schriftelijke motivering.")]
    return []


def _dossier_part_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    part = data.get("part")
    if part not in _values(DossierPart):
        return [_("Geef aan welk dossierdeel (IND of DT&V) is geleverd.")]
    delivered = state.dossier_ind_date if part == DossierPart.IND else state.dossier_dtv_date
    if delivered is not None:
        return [_("Het %(part)s is al geleverd.") % {"part": DossierPart(part).label}]
    return []


def _lso_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    problems: list[str] = []
    scenario = data.get("scenario") or ""
    if scenario and scenario not in _values(Scenario):
        problems.append(_("Het scenario heeft geen geldige waarde."))
    if scenario and state.scenario and scenario != state.scenario:
        problems.append(
            _(
                "Er is al een scenario vastgesteld; wijzig het via 'scenario wijzigen' "
                "met een reden."
            )
        )
    phase = data.get("phase") or ""
    if phase and phase not in _values(Phase):
        problems.append(_("De fase heeft geen geldige waarde."))
    if phase == Phase.RESEARCH and state.phase == Phase.RECEPTION:
        problems.append(_("Een casus gaat niet terug van de opvangfase naar de onderzoeksfase."))
    if phase == Phase.RECEPTION and not (scenario or state.scenario):
        problems.append(_("De opvangfase begint pas als er een scenario is vastgesteld."))
    cooperation = data.get("cooperation") or ""
    if cooperation and cooperation not in _values(Cooperation):
        problems.append(_("De beoordeling van de medewerking heeft geen geldige waarde."))
    return problems


def _phase_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    if data.get("phase") != Phase.RECEPTION or state.phase != Phase.RESEARCH:
        return [_("Alleen de overgang van de onderzoeksfase naar de opvangfase is mogelijk.")]
    if not state.scenario:
        return [_("De opvangfase begint pas als er een scenario is vastgesteld.")]
    return []


def _action_item_added_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    problems = _required(
        ("description", _("De omschrijving")), ("owner_organisation", _("De eigenaar"))
    )(state, data, reason)
    try:
        parse_date(data.get("due_date"))
    except ValueError:
        problems.append(_("De streefdatum is geen geldige datum."))
    return problems


def _action_item_completed_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    item = state.action_item(data.get("number") or 0)
    if item is None:
        return [_("Deze actie bestaat niet in het plan van aanpak.")]
    if not item.is_open:
        return [_("Deze actie is al afgerond.")]
    return []


def _mrt_referred_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    if state.mrt_status == MrtStatus.REFERRED:
        return [_("De casus ligt al bij het MRT; wacht eerst het advies af.")]
    return _required(("question", _("De vraag aan het MRT")))(state, data, reason)


def _mrt_advised_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    if state.mrt_status != MrtStatus.REFERRED:
        return [_("De casus is niet aan het MRT voorgelegd.")]
    return _required(("advice", _("Het advies")))(state, data, reason)


def _scenario_change_guard(state: CaseState, data: dict, reason: str) -> list[str]:
    scenario = data.get("scenario")
    if scenario not in _values(Scenario):
        return [_("Het scenario heeft geen geldige waarde.")]
    problems = []
    if scenario == state.scenario:
        problems.append(_("Dit is al het huidige scenario."))
    if not reason.strip():
        problems.append(_("Een scenariowijziging vraagt een reden."))
    return problems


_GUIDANCE_STAGES = frozenset({Stage.REST_PERIOD, Stage.GUIDANCE})
_SHELTER_STAGES = frozenset(
    {Stage.SHELTERED, Stage.DOSSIER_REQUESTED, Stage.REST_PERIOD, Stage.GUIDANCE}
)


def _transitions() -> dict[str, Transition]:
    rows = [
        Transition(
            EventType.REFERRAL_REGISTERED,
            frozenset({""}),
            _no_anchor,
            _required(("referred_by", _lazy("Wie de persoon heeft aangemeld"))),
            _lazy("aanmelden"),
        ),
        Transition(
            EventType.ADMISSION_CHECKED,
            frozenset({Stage.REFERRED, Stage.ADMISSION_CHECKED}),
            _after("referral_date", _lazy("de aanmelding")),
            _no_guard,
            _lazy("de toelatingstoets uitvoeren"),
        ),
        Transition(
            EventType.ADMISSION_DECIDED,
            frozenset({Stage.ADMISSION_CHECKED}),
            _after("admission_check_date", _lazy("de toelatingstoets")),
            _decision_guard,
            _lazy("een besluit over toelating nemen"),
        ),
        Transition(
            EventType.INTAKE_REGISTERED,
            frozenset({Stage.ADMITTED}),
            _after("decision_date", _lazy("het toelatingsbesluit")),
            _no_guard,
            _lazy("de intake registreren"),
        ),
        Transition(
            EventType.DOSSIER_REQUESTED,
            frozenset({Stage.SHELTERED}),
            _after("intake_date", _lazy("de intake")),
            _no_guard,
            _lazy("het dossier opvragen"),
        ),
        Transition(
            EventType.DOSSIER_PART_DELIVERED,
            frozenset({Stage.DOSSIER_REQUESTED}),
            _after("dossier_requested_date", _lazy("de dossieraanvraag")),
            _dossier_part_guard,
            _lazy("een dossierdeel leveren"),
        ),
        Transition(
            EventType.LSO_DISCUSSED,
            _GUIDANCE_STAGES,
            _after_latest(
                ("dossier_complete_date", _lazy("het complete dossier")),
                ("scenario_date", _lazy("het vaststellen van het huidige scenario")),
            ),
            _lso_guard,
            _lazy("de LSO-bespreking vastleggen"),
        ),
        Transition(
            EventType.PHASE_CHANGED,
            _GUIDANCE_STAGES,
            _after("phase_date", _lazy("het begin van de huidige fase")),
            _phase_guard,
            _lazy("de fase wijzigen"),
        ),
        Transition(
            EventType.ACTION_ITEM_ADDED,
            _SHELTER_STAGES,
            _after("intake_date", _lazy("de intake")),
            _action_item_added_guard,
            _lazy("een actie toevoegen"),
        ),
        Transition(
            EventType.ACTION_ITEM_COMPLETED,
            _SHELTER_STAGES,
            lambda state: (None, ""),  # refined per item in check()
            _action_item_completed_guard,
            _lazy("een actie afronden"),
        ),
        Transition(
            EventType.REVIEW_HELD,
            _GUIDANCE_STAGES,
            _after("dossier_complete_date", _lazy("het complete dossier")),
            _one_of("cooperation", Cooperation, _lazy("De beoordeling van de medewerking")),
            _lazy("een kwartaalbespreking vastleggen"),
        ),
        Transition(
            EventType.MRT_REFERRED,
            _GUIDANCE_STAGES,
            _after_latest(
                ("dossier_complete_date", _lazy("het complete dossier")),
                ("mrt_advice_date", _lazy("het vorige MRT-advies")),
            ),
            _mrt_referred_guard,
            _lazy("de casus aan het MRT voorleggen"),
        ),
        Transition(
            EventType.MRT_ADVISED,
            _GUIDANCE_STAGES,
            _after("mrt_referral_date", _lazy("de voorlegging aan het MRT")),
            _mrt_advised_guard,
            _lazy("het MRT-advies vastleggen"),
        ),
        Transition(
            EventType.SCENARIO_CHANGED,
            frozenset({Stage.GUIDANCE}),
            _after("scenario_date", _lazy("het vaststellen van het huidige scenario")),
            _scenario_change_guard,
            _lazy("het scenario wijzigen"),
        ),
        Transition(
            EventType.OUTFLOW_REGISTERED,
            _SHELTER_STAGES,
            _after_everything,
            _one_of("category", OutflowCategory, _lazy("De uitstroomcategorie")),
            _lazy("de uitstroom registreren"),
        ),
        Transition(
            EventType.PERSON_MERGED,
            frozenset(Stage.values),
            _no_anchor,
            _required(("kept_person", _lazy("De persoon die blijft"))),
            _lazy("een dubbele persoon samenvoegen"),
        ),
    ]
    return {row.event: row for row in rows}


TRANSITIONS: dict[str, Transition] = _transitions()


def _fmt(day: dt.date) -> str:
    return date_format(day, "j F Y")


def check(
    state: CaseState,
    event_type: str,
    effective_date: dt.date,
    data: dict | None = None,
    reason: str = "",
    *,
    today: dt.date,
) -> list[str]:
    """Every reason why ``event_type`` on ``effective_date`` may not follow ``state``."""
    data = data or {}
    transition = TRANSITIONS.get(event_type)
    if transition is None:
        return [_("Onbekende handeling.")]
    if state.stage not in transition.from_stages:
        stage = Stage(state.stage).label if state.stage else _("nog niet aangemeld")
        return [
            _("U kunt nu niet %(action)s: de casus staat op '%(stage)s'.")
            % {"action": transition.label, "stage": stage}
        ]
    problems: list[str] = []
    if effective_date > today:
        problems.append(_("De datum ligt in de toekomst; dat kan niet."))
    anchor, label = transition.anchor(state)
    if event_type == EventType.ACTION_ITEM_COMPLETED:
        item = state.action_item(data.get("number") or 0)
        anchor, label = (item.added_date, _("het toevoegen van de actie")) if item else (None, "")
    if anchor is not None and effective_date < anchor:
        problems.append(
            _("De datum mag niet vóór %(event)s (%(date)s) liggen.")
            % {"event": label, "date": _fmt(anchor)}
        )
    problems.extend(transition.guard(state, data, reason or ""))
    return problems


# Recorded only as a side effect of another service (``person_merge``), never chosen on a case.
SERVICE_ONLY_EVENTS = frozenset({EventType.PERSON_MERGED})


def allowed_events(state: CaseState) -> list[str]:
    """Event types whose stage condition holds now (data guards are checked on submit)."""
    return [
        event
        for event, row in TRANSITIONS.items()
        if state.stage in row.from_stages and event not in SERVICE_ONLY_EVENTS
    ]


def replay(events: Sequence[EventRecord], *, today: dt.date) -> tuple[CaseState, list[str]]:
    """Fold resolved events through :func:`check`; the problems of the first bad one, if any.

    Used to validate a correction: the corrected history must still obey every rule.
    """
    state = CaseState()
    for event in events:
        problems = check(
            state, event.type, event.effective_date, event.data, event.reason, today=today
        )
        if problems:
            return state, problems
        state = apply(state, event)
    return state, []
