"""Plan one synthetic stay as a list of events - pure, so demo and generator share it.

A stay is simulated forward from its referral with plausible gaps between the steps of the
process scheme (DOMAIN.md) and cut off at ``today``: cases referred long ago have mostly
flowed out, recent ones are still somewhere in the process - just as in a real caseload.
The planned events use exactly the data shapes the single-case services write, so the demo
(which replays a plan through those services) and the generator (which hands the plan to
``cases_bulk_create``) produce the same histories; both are checked by ``workflow.check``.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass

from lvv.cases import payloads as p
from lvv.cases.events import EventType, PlannedEvent
from lvv.cases.rules import AdmissionFacts, LvvRules, evaluate_admission
from lvv.cases.vocabulary import Cooperation, OutflowCategory, Scenario, Stage
from lvv.demo.synthetic import Weighted

E = EventType
DAY = dt.timedelta(days=1)

REFERRERS = ("ngo", "gemeente", "politie", "zelfmelder", "ketenpartner")
_GROUNDS = (
    "De persoon valt buiten de doelgroep van de LVV.",
    "Niet voldaan aan de toelatingscriteria; zie de toelatingstoets.",
)
EXCEPTION_REASONS = (
    "Humanitaire redenen: ernstige medische situatie.",
    "Openbare orde: opvang voorkomt overlast op straat.",
    "Kwetsbare persoon; besloten door de regisseur na overleg in het LSO.",
)
_PERSPECTIVES = {
    Scenario.DEPARTURE: "Terugkeer naar het land van herkomst is realistisch.",
    Scenario.RESIDENCE: "Kans op verblijf via een nieuwe aanvraag.",
    "": "Perspectief nog onduidelijk; eerst nader onderzoek.",
}
_ACTIONS = (
    ("Identiteitsdocumenten opvragen bij de ambassade", "DTV"),
    ("Juridische screening van eerdere procedures", "IND"),
    ("Medische situatie laten beoordelen (BMA)", "GEM"),
    ("Vertrekgesprek plannen", "DTV"),
    ("Dagbesteding en taalles regelen", "NGO"),
    ("Herhaalde aanvraag voorbereiden met advocaat", "NGO"),
    ("Nationaliteit vaststellen (taalanalyse)", "IND"),
    ("Controle op meldplicht", "AVIM"),
)
_SCENARIO_CHANGE_REASONS = (
    "Nieuwe feiten over de medische situatie.",
    "Ambassade weigert reisdocument; vertrek niet haalbaar.",
    "Herhaalde aanvraag kansloos gebleken.",
)
_COOPERATION = {Cooperation.GOOD: 70, Cooperation.PARTIAL: 20, Cooperation.INSUFFICIENT: 10}
# Loosely after the Kamerbrief of 17 Nov 2020 (DOMAIN.md), per scenario at outflow.
_OUTFLOW = {
    Scenario.RESIDENCE: {
        OutflowCategory.RESIDENCE_GRANTED: 45, OutflowCategory.ASYLUM_RECEPTION: 25,
        OutflowCategory.ART64_POSTPONEMENT: 8, OutflowCategory.UNKNOWN_DESTINATION: 8,
        OutflowCategory.FORCED_TERMINATION: 5, OutflowCategory.OTHER: 5,
        OutflowCategory.BACK_TO_BBB: 2, OutflowCategory.DEPARTURE_ORIGIN: 2,
    },
    Scenario.DEPARTURE: {
        OutflowCategory.DEPARTURE_ORIGIN: 25, OutflowCategory.UNKNOWN_DESTINATION: 25,
        OutflowCategory.FORCED_TERMINATION: 15, OutflowCategory.ASYLUM_RECEPTION: 15,
        OutflowCategory.ONWARD_MIGRATION: 8, OutflowCategory.ART64_POSTPONEMENT: 5,
        OutflowCategory.OTHER: 5, OutflowCategory.BACK_TO_BBB: 2,
    },
    "": {
        OutflowCategory.UNKNOWN_DESTINATION: 35, OutflowCategory.ASYLUM_RECEPTION: 30,
        OutflowCategory.FORCED_TERMINATION: 15, OutflowCategory.OTHER: 10,
        OutflowCategory.BACK_TO_BBB: 5, OutflowCategory.DEPARTURE_ORIGIN: 5,
    },
}  # fmt: skip


@dataclass(frozen=True)
class Traits:
    """What will happen in one stay, drawn before the dates are laid out."""

    facts: AdmissionFacts
    decision: str = "admit"  # admit | refuse | exception
    scenario: str = ""  # the first scenario; "" = none is ever set
    scenario_delay: int = 7  # days from the complete dossier to the first scenario
    stay_days: int = 400  # intake -> outflow
    outflow_category: str = ""  # forced category; "" = drawn at outflow from the scenario
    phase_change_after: int | None = None  # days after the first scenario
    scenario_change_after: int | None = None
    mrt_after: int | None = None
    mrt_advice_days: int | None = None  # None = referred, no advice (yet)
    review_gap: bool = False  # one quarterly review is skipped (-> overdue)
    action_items: int = 2


def draw_traits(
    rng: random.Random,
    *,
    rules: LvvRules,
    safe_country: bool,
    refuse_rate: float = 0.05,
    exception_rate: float = 0.03,
    mrt_rate: float = 0.02,
) -> Traits:
    """Random traits; a person outside the target group is refused or admitted as exception."""
    u = rng.random()
    decision = "admit"
    facts = AdmissionFacts(safe_country_national=safe_country)
    if u < refuse_rate + exception_rate:
        decision = "refuse" if u < refuse_rate else "exception"
        facts = facts_with_reason(rng, safe_country)
    elif evaluate_admission(facts, rules):  # a safe-country national where the LVV excludes
        decision = "refuse"
    first = rng.random()
    scenario = "" if first < 0.10 else (Scenario.DEPARTURE if first < 0.55 else Scenario.RESIDENCE)
    delay = rng.random()
    limit = rules.safe_country_limit_months if safe_country else None
    return Traits(
        facts=facts,
        decision=decision,
        scenario=scenario,
        scenario_delay=(
            rng.randint(0, 14)
            if delay < 0.7
            else rng.randint(15, 60)
            if delay < 0.9
            else rng.randint(61, 300)
        ),  # fmt: skip
        stay_days=(
            rng.randint(limit * 25, limit * 40)
            if limit
            else max(7, min(2600, int(rng.lognormvariate(6.0, 0.75))))
        ),
        phase_change_after=rng.randint(14, 120) if rng.random() < 0.6 else None,
        scenario_change_after=rng.randint(60, 400) if rng.random() < 0.08 else None,
        mrt_after=rng.randint(60, 300) if rng.random() < mrt_rate else None,
        mrt_advice_days=rng.randint(14, 60) if rng.random() < 0.75 else None,
        review_gap=rng.random() < 0.10,
        action_items=rng.randint(1, 4),
    )


def facts_with_reason(rng: random.Random, safe_country: bool) -> AdmissionFacts:
    """Facts with one exclusion reason that applies in every LVV (refusal or exception)."""
    pick = rng.randrange(6)
    return AdmissionFacts(
        entry_ban_years=10 if pick == 0 else 0,
        declared_undesirable=pick == 1,
        dublin_claimant=pick == 2,
        family_with_minor_children=pick == 3,
        regional_ties=pick != 4,
        entitled_to_state_reception=pick == 5,
        safe_country_national=safe_country,
    )


_OUTFLOW_PICK = {scenario: Weighted(table) for scenario, table in _OUTFLOW.items()}
_COOPERATION_PICK = Weighted(_COOPERATION)


def choose_outflow(rng: random.Random, scenario: str) -> str:
    return str(_OUTFLOW_PICK.get(scenario, _OUTFLOW_PICK[""]).pick(rng))


@functools.lru_cache(maxsize=1024)
def _admission_checked(facts: AdmissionFacts, rules: LvvRules) -> p.AdmissionChecked:
    """What ``services.admission_check`` records: few distinct combinations, so cached (a
    payload is immutable, so one serves every event)."""
    reasons = tuple(str(r) for r in evaluate_admission(facts, rules))
    return p.AdmissionChecked(facts=facts, reasons=reasons)


def plan_stay(
    rng: random.Random,
    *,
    traits: Traits,
    rules: LvvRules,
    lvv_code: str,
    referral_date: dt.date,
    today: dt.date,
    stop_stage: str = "",
) -> list[PlannedEvent]:
    """The events of one stay from ``referral_date``, none after ``today``.

    ``stop_stage`` freezes the stay once it reaches that stage (the demo uses it to make
    sure every stage is present); otherwise the stay runs until outflow or ``today``.
    """
    events: list[PlannedEvent] = []
    add = events.append
    day = referral_date
    add(PlannedEvent(day, p.ReferralRegistered(referred_by=rng.choice(REFERRERS))))
    day += DAY * rng.randint(0, 10)
    if stop_stage == Stage.REFERRED or day > today:
        return events
    add(PlannedEvent(day, _admission_checked(traits.facts, rules)))
    day += DAY * rng.randint(1, 14)
    if stop_stage == Stage.ADMISSION_CHECKED or day > today:
        return events
    refused = traits.decision == "refuse"
    exception = rng.choice(EXCEPTION_REASONS) if traits.decision == "exception" else ""
    decision = p.AdmissionDecided(
        outcome="refused" if refused else "admitted",
        grounds=rng.choice(_GROUNDS) if refused else "",
        exception_reason=exception,
    )
    add(PlannedEvent(day, decision))
    day += DAY * rng.randint(0, 14)
    if refused or stop_stage == Stage.ADMITTED or day > today:
        return events
    add(PlannedEvent(day, p.IntakeRegistered()))
    outflow_date = day + DAY * traits.stay_days
    end = min(outflow_date, today) if not stop_stage else today
    scenario = _shelter(rng, events, traits, lvv_code, day, end, stop_stage)
    if not stop_stage and outflow_date <= today:
        category = traits.outflow_category or choose_outflow(rng, scenario)
        add(PlannedEvent(outflow_date, p.OutflowRegistered(category=str(category))))
    return events


def _shelter(
    rng: random.Random,
    events: list[PlannedEvent],
    traits: Traits,
    lvv_code: str,
    intake: dt.date,
    end: dt.date,
    stop_stage: str,
) -> str:
    """Dossier, LSO and guidance up to ``end``; returns the scenario in force at the end."""
    add = events.append
    requested = intake + DAY * rng.randint(0, 7)
    if stop_stage == Stage.SHELTERED or requested > end:
        return ""
    add(PlannedEvent(requested, p.DossierRequested()))
    parts = sorted(
        (requested + DAY * rng.randint(5, 60), part) for part in ("ind", "dtv")
    )  # delivered in date order, whichever partner is first
    for delivered, part in parts:
        if stop_stage == Stage.DOSSIER_REQUESTED or delivered > end:
            return ""
        summary = "Procedures en identiteit" if part == "ind" else "Terugkeermogelijkheden"
        add(PlannedEvent(delivered, p.DossierPartDelivered(part=part, summary=summary)))
    complete = parts[-1][0]
    if stop_stage == Stage.REST_PERIOD:
        return ""
    happenings: list[tuple[dt.date, int, PlannedEvent]] = []
    scenario_day = complete + DAY * traits.scenario_delay
    first_lso = scenario_day
    if not traits.scenario or traits.scenario_delay > 21:  # a first LSO that sets no scenario
        first_lso = complete + DAY * rng.randint(3, 14)
        happenings.append((first_lso, 0, _lso(rng, "", first_lso)))
    scenario = traits.scenario
    if scenario:
        happenings.append((scenario_day, 0, _lso(rng, scenario, scenario_day)))
        _after_scenario(rng, happenings, traits, scenario_day)
    _reviews(rng, happenings, first_lso, end, traits.review_gap)
    _action_items(rng, happenings, traits, lvv_code, first_lso)
    happenings.sort(key=lambda h: (h[0], h[1]))
    current = ""
    for day, _order, event in happenings:
        if day > end:
            break
        add(event)
        if event.type in (E.LSO_DISCUSSED, E.SCENARIO_CHANGED) and event.payload.scenario:
            current = event.payload.scenario
    return current


def _lso(rng: random.Random, scenario: str, day: dt.date) -> PlannedEvent:
    payload = p.LsoDiscussed(
        perspective=_PERSPECTIVES[scenario], scenario=str(scenario), cooperation=_cooperation(rng)
    )
    return PlannedEvent(day, payload)


def _cooperation(rng: random.Random) -> str:
    return str(_COOPERATION_PICK.pick(rng))


def _after_scenario(
    rng: random.Random, happenings: list, traits: Traits, scenario_day: dt.date
) -> None:
    if traits.phase_change_after is not None:
        day = scenario_day + DAY * traits.phase_change_after
        reason = "Perspectief vastgesteld; door naar de opvangfase."
        happenings.append((day, 1, PlannedEvent(day, p.PhaseChanged(phase="reception"), reason)))
    if traits.scenario_change_after is not None:
        day = scenario_day + DAY * traits.scenario_change_after
        other = Scenario.RESIDENCE if traits.scenario == Scenario.DEPARTURE else Scenario.DEPARTURE
        reason = rng.choice(_SCENARIO_CHANGE_REASONS)
        happenings.append(
            (day, 2, PlannedEvent(day, p.ScenarioChanged(scenario=str(other)), reason))
        )
    if traits.mrt_after is not None:
        day = scenario_day + DAY * traits.mrt_after
        question = "Partners zijn het niet eens over het scenario; graag advies."
        positions = {"IND": "verblijf niet kansrijk", "NGO": "medische belemmeringen"}
        happenings.append(
            (
                day,
                4,
                PlannedEvent(day, p.MrtReferred(question=question, positions=positions)),
            )
        )
        if traits.mrt_advice_days is not None:
            advised = day + DAY * traits.mrt_advice_days
            advice = "Advies: vertrek voorbereiden, medische situatie eerst laten beoordelen."
            happenings.append((advised, 5, PlannedEvent(advised, p.MrtAdvised(advice=advice))))


def _reviews(
    rng: random.Random, happenings: list, first_lso: dt.date, end: dt.date, gap: bool
) -> None:
    """A quarterly review roughly every three months; with ``gap`` one is skipped."""
    day = first_lso + DAY * rng.randint(75, 92)
    gap_at = rng.randint(1, 4) if gap else -1
    count = 0
    while day <= end:
        payload = p.ReviewHeld(cooperation=_cooperation(rng))
        happenings.append((day, 3, PlannedEvent(day, payload)))
        count += 1
        day += DAY * (rng.randint(150, 260) if count == gap_at else rng.randint(75, 92))


def _action_items(
    rng: random.Random, happenings: list, traits: Traits, lvv_code: str, first_lso: dt.date
) -> None:
    """Items of the action plan; numbered in the order they are added, as the projection does."""
    added = sorted(
        (first_lso + DAY * rng.randint(0, 200), rng.choice(_ACTIONS))
        for _ in range(traits.action_items)
    )
    for number, (day, (description, owner)) in enumerate(added, start=1):
        code = f"{owner}-{lvv_code}" if owner in ("GEM", "NGO") else owner
        due = day + DAY * rng.randint(14, 90)
        payload = p.ActionItemAdded(description=description, owner_organisation=code, due_date=due)
        happenings.append((day, 6, PlannedEvent(day, payload)))
        if rng.random() < 0.7:
            done = day + DAY * rng.randint(7, 150)
            happenings.append((done, 7, PlannedEvent(done, p.ActionItemCompleted(number=number))))
