"""The transition table: which event may follow which, with its guard. One function checks it.

Events become a state through :func:`fold` alone - a service's one event, a bulk writer's
whole history, a corrected history: each event is checked (:func:`check`) and then applied.
Pages ask :func:`available` which actions a state offers. Everything here is pure (no
database), so the whole process can be tested as a table.

Each row says: in which stages the event is allowed, which earlier date its effective date
may not precede (the event it depends on), a guard over the event's typed payload
(``payloads.py`` checks each field on its own first), and what the state must offer for the
action to make sense at all. Refusals are Dutch sentences naming the reason (and, where it
is about one field, the field); an empty list means allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lvv.cases import payloads
from lvv.cases.events import EventType
from lvv.cases.payloads import Payload, Reason
from lvv.cases.projection import apply_payload
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import (
    DISCUSSABLE_STAGES,
    SHELTER_STAGES,
    DecisionOutcome,
    DossierPart,
    MrtStatus,
    Phase,
    Stage,
)


@dataclass(frozen=True)
class Proposed:
    """The event a guard looks at: its date, its typed payload and its reason."""

    effective_date: dt.date
    payload: Payload
    reason: str = ""


Guard = Callable[[CaseState, Proposed], list[str]]
Anchor = Callable[[CaseState, Payload], tuple[dt.date | None, str]]
# What the state must offer beyond the stage for the event to make sense at all (so that a
# page offers the action), given the payload fields a caller fixes (``part="ind"``).
Availability = Callable[[CaseState, Mapping[str, Any]], bool]


class TransitionRefused(Exception):
    """The action is not allowed now; ``reasons`` says why, in Dutch. Nothing was stored."""

    def __init__(self, reasons: Sequence[str]):
        self.reasons = list(reasons)
        super().__init__("; ".join(str(r) for r in self.reasons))

    def add_to(self, form) -> None:
        """Show the reasons on ``form``: at the field a reason names, if the form has it,
        else in the form's general errors."""
        for reason in self.reasons:
            name = getattr(reason, "field", "")
            form.add_error(name if name and name in form.fields else None, str(reason))


@dataclass(frozen=True)
class Transition:
    event: EventType
    from_stages: frozenset[str]
    anchor: Anchor
    guard: Guard
    label: str  # what the user is doing, for "... is nu niet mogelijk" (lazy: per request)
    available: Availability = lambda state, fixed: True


# --- anchors: the date an event may not precede ---------------------------------------


def _no_anchor(state: CaseState, payload: Payload) -> tuple[dt.date | None, str]:
    return None, ""


def _after(attribute: str, label: str) -> Anchor:
    def anchor(state: CaseState, payload: Payload) -> tuple[dt.date | None, str]:
        return getattr(state, attribute), label

    return anchor


def _after_everything(state: CaseState, payload: Payload) -> tuple[dt.date | None, str]:
    return state.last_effective_date, _("de laatste eerdere gebeurtenis")


def _after_latest(*attributes_and_labels: tuple[str, str]) -> Anchor:
    def anchor(state: CaseState, payload: Payload) -> tuple[dt.date | None, str]:
        best: tuple[dt.date | None, str] = (None, "")
        for attribute, label in attributes_and_labels:
            value = getattr(state, attribute)
            if value is not None and (best[0] is None or value > best[0]):
                best = (value, label)
        return best

    return anchor


def _after_item_added(state: CaseState, payload: Payload) -> tuple[dt.date | None, str]:
    item = state.action_item(payload.number)
    return (item.added_date, _("het toevoegen van de actie")) if item else (None, "")


# --- guards over the event: its payload against the state ------------------------------
# Each field's own rules (required, one of its choices, the right kind) are checked from its
# definition in ``payloads.py`` before the guard runs; a guard sees a well-formed payload.


def _no_guard(state: CaseState, event: Proposed) -> list[str]:
    return []


def _decision_guard(state: CaseState, event: Proposed) -> list[str]:
    payload: payloads.AdmissionDecided = event.payload
    exception_reason = payload.exception_reason.strip()
    if (
        payload.outcome == DecisionOutcome.ADMITTED
        and state.admission_reasons
        and not exception_reason
    ):
        return [
            Reason(
                _(
                    "De toelatingstoets geeft uitsluitingsgronden; toelaten kan alleen als "
                    "uitzondering met een schriftelijke reden."
                ),
                "exception_reason",
            )
        ]
    if payload.outcome == DecisionOutcome.REFUSED and not payload.grounds.strip():
        return [Reason(_("Een afwijzing vraagt een schriftelijke motivering."), "grounds")]
    return []


def _delivered(state: CaseState, part: str) -> dt.date | None:
    return state.dossier_ind_date if part == DossierPart.IND else state.dossier_dtv_date


def _dossier_part_guard(state: CaseState, event: Proposed) -> list[str]:
    part = event.payload.part
    if _delivered(state, part) is not None:
        return [_("Het %(part)s is al geleverd.") % {"part": DossierPart(part).label}]
    return []


def _dossier_part_available(state: CaseState, fixed: Mapping[str, Any]) -> bool:
    parts = [fixed["part"]] if "part" in fixed else list(DossierPart.values)
    return any(_delivered(state, part) is None for part in parts)


def _lso_guard(state: CaseState, event: Proposed) -> list[str]:
    payload: payloads.LsoDiscussed = event.payload
    problems: list[str] = []
    scenario = payload.scenario
    if scenario and state.scenario and scenario != state.scenario:
        problems.append(
            Reason(
                _(
                    "Er is al een scenario vastgesteld; wijzig het via 'scenario wijzigen' "
                    "met een reden."
                ),
                "scenario",
            )
        )
    if payload.phase == Phase.RESEARCH and state.phase == Phase.RECEPTION:
        problems.append(
            Reason(
                _("Een casus gaat niet terug van de opvangfase naar de onderzoeksfase."), "phase"
            )
        )
    if payload.phase == Phase.RECEPTION and not (scenario or state.scenario):
        problems.append(
            Reason(_("De opvangfase begint pas als er een scenario is vastgesteld."), "phase")
        )
    if not payload.agreed and not payload.dissenting_organisations:
        problems.append(
            Reason(
                _("Geef aan welke partner(s) het niet eens zijn met de uitkomst."),
                "dissenting_organisations",
            )
        )
    return problems


def _phase_guard(state: CaseState, event: Proposed) -> list[str]:
    if event.payload.phase != Phase.RECEPTION or state.phase != Phase.RESEARCH:
        return [_("Alleen de overgang van de onderzoeksfase naar de opvangfase is mogelijk.")]
    if not state.scenario:
        return [_("De opvangfase begint pas als er een scenario is vastgesteld.")]
    return []


def _phase_available(state: CaseState, fixed: Mapping[str, Any]) -> bool:
    return state.phase == Phase.RESEARCH


def _action_item_added_guard(state: CaseState, event: Proposed) -> list[str]:
    due = event.payload.due_date
    if due is not None and due < event.effective_date:
        return [Reason(_("De streefdatum ligt vóór de datum van toevoegen."), "due_date")]
    return []


def _action_item_completed_guard(state: CaseState, event: Proposed) -> list[str]:
    item = state.action_item(event.payload.number)
    if item is None:
        return [_("Deze actie bestaat niet in het plan van aanpak.")]
    if not item.is_open:
        return [_("Deze actie is al afgerond.")]
    return []


def _action_item_completable(state: CaseState, fixed: Mapping[str, Any]) -> bool:
    if "number" in fixed:
        item = state.action_item(fixed["number"])
        return item is not None and item.is_open
    return any(item.is_open for item in state.action_items)


def _mrt_referred_guard(state: CaseState, event: Proposed) -> list[str]:
    if state.mrt_status == MrtStatus.REFERRED:
        return [_("De casus ligt al bij het MRT; wacht eerst het advies af.")]
    return []


def _mrt_advised_guard(state: CaseState, event: Proposed) -> list[str]:
    if state.mrt_status != MrtStatus.REFERRED:
        return [_("De casus is niet aan het MRT voorgelegd.")]
    return []


def _scenario_change_guard(state: CaseState, event: Proposed) -> list[str]:
    problems = []
    if event.payload.scenario == state.scenario:
        problems.append(Reason(_("Dit is al het huidige scenario."), "scenario"))
    if not event.reason.strip():
        problems.append(Reason(_("Een scenariowijziging vraagt een reden."), "reason"))
    return problems


_DISCUSSABLE = frozenset(DISCUSSABLE_STAGES)
_SHELTER = frozenset(SHELTER_STAGES)


def _transitions() -> dict[str, Transition]:
    rows = [
        Transition(
            EventType.REFERRAL_REGISTERED,
            frozenset({""}),
            _no_anchor,
            _no_guard,
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
            _dossier_part_available,
        ),
        Transition(
            EventType.LSO_DISCUSSED,
            _DISCUSSABLE,
            _after_latest(
                ("dossier_complete_date", _lazy("het complete dossier")),
                ("scenario_date", _lazy("het vaststellen van het huidige scenario")),
            ),
            _lso_guard,
            _lazy("de LSO-bespreking vastleggen"),
        ),
        Transition(
            EventType.PHASE_CHANGED,
            _DISCUSSABLE,
            _after("phase_date", _lazy("het begin van de huidige fase")),
            _phase_guard,
            _lazy("de fase wijzigen"),
            _phase_available,
        ),
        Transition(
            EventType.ACTION_ITEM_ADDED,
            _SHELTER,
            _after("intake_date", _lazy("de intake")),
            _action_item_added_guard,
            _lazy("een actie toevoegen"),
        ),
        Transition(
            EventType.ACTION_ITEM_COMPLETED,
            _SHELTER,
            _after_item_added,
            _action_item_completed_guard,
            _lazy("een actie afronden"),
            _action_item_completable,
        ),
        Transition(
            EventType.REVIEW_HELD,
            _DISCUSSABLE,
            _after("dossier_complete_date", _lazy("het complete dossier")),
            _no_guard,
            _lazy("een kwartaalbespreking vastleggen"),
        ),
        Transition(
            EventType.MRT_REFERRED,
            _DISCUSSABLE,
            _after_latest(
                ("dossier_complete_date", _lazy("het complete dossier")),
                ("mrt_advice_date", _lazy("het vorige MRT-advies")),
            ),
            _mrt_referred_guard,
            _lazy("de casus aan het MRT voorleggen"),
            lambda state, fixed: state.mrt_status != MrtStatus.REFERRED,
        ),
        Transition(
            EventType.MRT_ADVISED,
            _DISCUSSABLE,
            _after("mrt_referral_date", _lazy("de voorlegging aan het MRT")),
            _mrt_advised_guard,
            _lazy("het MRT-advies vastleggen"),
            lambda state, fixed: state.mrt_status == MrtStatus.REFERRED,
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
            _SHELTER,
            _after_everything,
            _no_guard,
            _lazy("de uitstroom registreren"),
        ),
        Transition(
            EventType.PERSON_MERGED,
            frozenset(Stage.values),
            _no_anchor,
            _no_guard,
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
    data: Mapping[str, Any] | Payload | None = None,
    reason: str = "",
    *,
    today: dt.date,
) -> list[str]:
    """Every reason why ``event_type`` on ``effective_date`` may not follow ``state``.

    ``data`` is the event's payload, or its JSON (then every unknown key and every value of
    the wrong kind is a reason too). A wrong stage is the whole answer; otherwise the date,
    then the payload's own fields (required, choices), then - only for a well-formed payload -
    the guard of the transition, which weighs it against the state.
    """
    transition = TRANSITIONS.get(event_type)
    if transition is None:
        return [_("Onbekende handeling.")]
    if state.stage not in transition.from_stages:
        stage = Stage(state.stage).label if state.stage else _("nog niet aangemeld")
        return [
            _("U kunt nu niet %(action)s: de casus staat op '%(stage)s'.")
            % {"action": transition.label, "stage": stage}
        ]
    if isinstance(data, Payload):
        if event_type != data.TYPE:
            raise TypeError(f"a {type(data).__name__} is no payload of {event_type}")
        payload, malformed = data, []
    else:
        payload, malformed = payloads.read(event_type, data)
    problems: list[str] = []
    if effective_date > today:
        problems.append(_("De datum ligt in de toekomst; dat kan niet."))
    anchor, label = transition.anchor(state, payload)
    if anchor is not None and effective_date < anchor:
        problems.append(
            _("De datum mag niet vóór %(event)s (%(date)s) liggen.")
            % {"event": label, "date": _fmt(anchor)}
        )
    malformed.extend(payload.problems())
    if malformed:
        return problems + malformed
    problems.extend(transition.guard(state, Proposed(effective_date, payload, reason or "")))
    return problems


# Recorded only as a side effect of another service (``person_merge``), never chosen on a case.
SERVICE_ONLY_EVENTS = frozenset({EventType.PERSON_MERGED})


def available(state: CaseState, event_type: str, **fixed: Any) -> bool:
    """May ``event_type`` be offered on a case in ``state``: its stage allows it and the state
    gives it something to do (say, a dossier part not delivered yet). ``fixed`` narrows the
    question to payload fields a page fixes (``part="ind"``, ``number=3``). The payload's
    own rules are checked on submit, by :func:`check`."""
    row = TRANSITIONS.get(event_type)
    return (
        row is not None
        and event_type not in SERVICE_ONLY_EVENTS
        and state.stage in row.from_stages
        and row.available(state, fixed)
    )


def allowed_events(state: CaseState) -> list[str]:
    """The event types :func:`available` on a case in ``state``."""
    return [event for event in TRANSITIONS if available(state, event)]


class Foldable(Protocol):
    """An event to fold: an ``EventRecord`` (stored) or a ``PlannedEvent`` (to be written)."""

    type: str
    effective_date: dt.date
    reason: str

    @property
    def payload(self) -> Payload: ...


@dataclass(frozen=True)
class Folded:
    """The state after the events, and why the first refused one was refused (if any)."""

    state: CaseState
    problems: list[str]
    refused: int | None = None  # index of the refused event; the state is the one before it

    @property
    def ok(self) -> bool:
        return not self.problems


def fold(events: Iterable[Foldable], *, today: dt.date, state: CaseState | None = None) -> Folded:
    """Check each event against the state so far (:func:`check`) and apply it; stop at the
    first refusal. The one way events become a state where rules must hold: a service's
    single event, a bulk writer's history (generator, import), a corrected history."""
    state = state if state is not None else CaseState()
    for index, event in enumerate(events):
        payload = event.payload
        problems = check(
            state, event.type, event.effective_date, payload, event.reason, today=today
        )
        if problems:
            return Folded(state, problems, index)
        state = apply_payload(state, event.type, event.effective_date, payload)
    return Folded(state, [])
