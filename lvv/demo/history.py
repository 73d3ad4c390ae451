"""The demo history: a few hundred synthetic stays, entered through the single-case services.

Going through the same services as a user (rather than writing rows) means the demo obeys
every rule of ``workflow.py``, names a plausible actor for every event (the IND officer
delivers the IND part, the case director decides) and leaves the processing log a real
installation would have. A fixed list of "coverage" stays comes first, so that even a small
demo shows every stage, every outflow category, exceptions, MRT referrals, corrections and
overdue deadlines; the rest is drawn at random, spread over the LVVs by capacity.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from lvv.cases import services, workflow
from lvv.cases.deadlines import next_review_due, rest_period_end
from lvv.cases.events import EventType, PlannedEvent
from lvv.cases.models import Case, CaseEvent
from lvv.cases.rules import AdmissionFacts, LvvRules
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import MrtStatus, OutflowCategory, Phase, Stage
from lvv.demo import planner
from lvv.demo.clock import RecordingClock
from lvv.demo.executor import DemoActors, create_person, run_stay
from lvv.demo.meetings import lso_meetings
from lvv.demo.synthetic import VNumberSource
from lvv.organisations.models import Lvv

PROGRAMME_START = dt.date(2019, 4, 1)
DEFAULT_SEED = 20190401
DEFAULT_CASES = 300
# Stays that end in a category after which people often turn up again elsewhere.
_RETURNING = {
    OutflowCategory.UNKNOWN_DESTINATION,
    OutflowCategory.FORCED_TERMINATION,
    OutflowCategory.BACK_TO_BBB,
    OutflowCategory.OTHER,
}
Expectation = Callable[[CaseState, list[PlannedEvent], dt.date], bool]


@dataclass(frozen=True)
class Spec:
    """One stay to plan: where, referred how long ago, and what it must show."""

    lvv: str
    days_ago: tuple[int, int]  # referral window, in days before today
    stop_stage: str = ""
    traits: Callable[[random.Random, planner.Traits], planner.Traits] | None = None
    expect: Expectation | None = None
    safe_country: bool | None = None  # None = drawn
    second_stay_in: str = ""  # after outflow, a new stay of the same person in this LVV


def _stage(stage: str) -> Expectation:
    return lambda state, events, today: state.stage == stage


def _set(**changes) -> Callable[[random.Random, planner.Traits], planner.Traits]:
    return lambda rng, traits: replace(traits, **changes)


def _admit(**changes) -> Callable[[random.Random, planner.Traits], planner.Traits]:
    """Within the target group: clean facts, admitted (coverage stays are not safe-country)."""
    return _set(decision="admit", facts=AdmissionFacts(), **changes)


def _outflow(category: str) -> Expectation:
    return lambda state, events, today: state.outflow_category == category


def _has(event_type: str) -> Expectation:
    return lambda state, events, today: any(e.type == event_type for e in events)


def coverage_specs() -> list[Spec]:
    """The stays every demo has, whatever its size (see module docstring)."""
    never_ends = {"stay_days": 9000}
    specs = [
        Spec("AMS", (1, 20), Stage.REFERRED, expect=_stage(Stage.REFERRED)),
        Spec("UTR", (3, 25), Stage.ADMISSION_CHECKED, expect=_stage(Stage.ADMISSION_CHECKED)),
        Spec("GRN", (5, 30), Stage.ADMITTED, _admit(), _stage(Stage.ADMITTED)),
        Spec("EHV", (10, 40), Stage.SHELTERED, _admit(), _stage(Stage.SHELTERED)),
        Spec(
            "RTM",
            (15, 60),
            Stage.DOSSIER_REQUESTED,
            _admit(),
            _stage(Stage.DOSSIER_REQUESTED),
        ),
        Spec(
            "AMS",
            (30, 900),
            traits=lambda rng, t: replace(
                t, decision="refuse", facts=planner.facts_with_reason(rng, False)
            ),
            expect=_stage(Stage.REFUSED),
        ),
        # rest period ended long ago without a scenario: an overdue deadline
        Spec(
            "UTR",
            (100, 200),
            traits=_admit(scenario="", **never_ends),
            expect=lambda s, e, today: (
                s.stage == Stage.REST_PERIOD and (rest_period_end(s) or today) < today
            ),
        ),
        Spec("AMS", (200, 500), Stage.GUIDANCE, _admit(), _stage(Stage.GUIDANCE)),
        # exceptions, decided by a case director
        *(
            Spec(
                code,
                (300, 1500),
                traits=lambda rng, t: replace(
                    t, decision="exception", facts=planner.facts_with_reason(rng, False)
                ),
                expect=lambda s, e, t: s.within_target_group is False and s.intake_date is not None,
            )
            for code in ("AMS", "UTR")
        ),
        # safe-country nationals in Rotterdam (sheltered at most 3 months)
        Spec("RTM", (20, 80), safe_country=True, expect=lambda s, e, t: s.is_open),
        Spec("RTM", (200, 1500), safe_country=True, expect=_stage(Stage.OUTFLOWED)),
        Spec(
            "GRN",
            (400, 1200),
            traits=_admit(mrt_after=60, mrt_advice_days=30, **never_ends),
            expect=lambda s, e, t: s.mrt_status == MrtStatus.ADVISED,
        ),
        Spec(
            "AMS",
            (200, 600),
            traits=_admit(mrt_after=30, mrt_advice_days=None, **never_ends),
            expect=lambda s, e, t: s.mrt_status == MrtStatus.REFERRED,
        ),
        Spec(
            "EHV",
            (300, 900),
            traits=_admit(scenario_change_after=60, **never_ends),
            expect=_has(EventType.SCENARIO_CHANGED),
        ),
        Spec(
            "UTR",
            (200, 700),
            traits=_admit(phase_change_after=30, **never_ends),
            expect=lambda s, e, t: s.phase == Phase.RECEPTION,
        ),
        # a quarterly review overdue
        Spec(
            "GRN",
            (300, 800),
            traits=_admit(review_gap=True, **never_ends),
            expect=lambda s, e, today: s.is_open and (next_review_due(s) or today) < today,
        ),
        # two persons with a second stay in another LVV
        Spec(
            "AMS",
            (700, 1800),
            traits=_admit(outflow_category=OutflowCategory.UNKNOWN_DESTINATION),
            expect=lambda s, e, today: (
                s.stage == Stage.OUTFLOWED and s.outflow_date < today - dt.timedelta(days=120)
            ),
            second_stay_in="RTM",
        ),
        Spec(
            "GRN",
            (700, 1800),
            traits=_admit(outflow_category=OutflowCategory.FORCED_TERMINATION),
            expect=lambda s, e, today: (
                s.stage == Stage.OUTFLOWED and s.outflow_date < today - dt.timedelta(days=120)
            ),
            second_stay_in="UTR",
        ),
    ]
    codes = ("AMS", "GRN", "UTR", "EHV", "RTM")
    for index, category in enumerate(OutflowCategory.values):
        specs.append(
            Spec(
                codes[index % len(codes)],
                (400, 2000),
                traits=_admit(outflow_category=category),
                expect=_outflow(category),
            )
        )
    return specs


@dataclass
class DemoSummary:
    cases: int = 0
    persons: int = 0
    corrections: int = 0
    meetings: int = 0


class DemoLoader:
    """Plans and enters the demo stays; ``run`` does it all in one transaction."""

    def __init__(self, *, actors: DemoActors, seed: int, today: dt.date):
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311  # reproducible synthetic data, no secrets
        self.actors = actors
        self.today = today
        self.lvvs = {lvv.code: lvv for lvv in Lvv.objects.all()}
        self.rules = {code: LvvRules.of(lvv) for code, lvv in self.lvvs.items()}
        self.weights = {code: lvv.capacity_on(today) or 1 for code, lvv in self.lvvs.items()}
        self.v_numbers = VNumberSource(self.rng)
        self.summary = DemoSummary()
        self.limit = DEFAULT_CASES
        # Their own random streams: the same seed gives the same stays as before they existed.
        recorded = random.Random(f"{seed}:recorded")  # noqa: S311  # nosec B311  # synthetic data
        self.clock = RecordingClock(recorded)
        self.meeting_rng = random.Random(f"{seed}:meetings")  # noqa: S311  # nosec B311
        self.coverage_case_ids: set[int] = set()

    @transaction.atomic
    def run(self, cases: int) -> DemoSummary:
        specs = coverage_specs()
        coverage = set(map(id, specs))
        span = (self.today - PROGRAMME_START).days
        codes = list(self.weights)
        while self.summary.cases + len(specs) < cases:
            code = self.rng.choices(codes, weights=[self.weights[c] for c in codes])[0]
            specs.append(Spec(code, (0, span)))
        self.limit = cases
        for spec in specs:
            if self.summary.cases >= cases:
                break
            stays = self._stay_and_return(spec)
            if id(spec) in coverage:
                self.coverage_case_ids.update(case.pk for case in stays)
        self._corrections()
        self.summary.meetings = len(
            lso_meetings(
                rng=self.meeting_rng,
                actors=self.actors,
                today=self.today,
                clock=self.clock,
                keep_case_ids=self.coverage_case_ids,
            )
        )
        return self.summary

    def _stay_and_return(self, spec: Spec) -> list[Case]:
        safe = spec.safe_country
        if safe is None and spec.traits is not None:
            safe = False
        if safe is None:
            safe = self.rng.random() < (0.25 if spec.lvv == "RTM" else 0.01)
        events = self._plan(spec, safe)
        person = create_person(self.rng, self.actors, spec.lvv, safe, self.v_numbers)
        stays = [
            run_stay(
                events, person=person, lvv=self.lvvs[spec.lvv], actors=self.actors, clock=self.clock
            )
        ]
        self.summary.cases += 1
        self.summary.persons += 1
        state = workflow.fold(events, today=self.today).state
        second = spec.second_stay_in
        if not second and state.outflow_category in _RETURNING and self.rng.random() < 0.3:
            second = self.rng.choice([c for c in self.lvvs if c != spec.lvv])
        start = (state.outflow_date or self.today) + dt.timedelta(days=self.rng.randint(30, 100))
        if (
            second
            and state.outflow_date
            and start <= self.today
            and self.summary.cases < self.limit
        ):
            traits = planner.draw_traits(self.rng, rules=self.rules[second], safe_country=safe)
            events = planner.plan_stay(
                self.rng,
                traits=traits,
                rules=self.rules[second],
                lvv_code=second,
                referral_date=start,
                today=self.today,
            )
            stays.append(
                run_stay(
                    events,
                    person=person,
                    lvv=self.lvvs[second],
                    actors=self.actors,
                    clock=self.clock,
                )
            )
            self.summary.cases += 1
        return stays

    def _plan(self, spec: Spec, safe: bool) -> list[PlannedEvent]:
        """Draw until the stay shows what the spec expects (coverage stays), at most 200 times."""
        rules = self.rules[spec.lvv]
        earliest = max(self.today - dt.timedelta(days=spec.days_ago[1]), PROGRAMME_START)
        latest = self.today - dt.timedelta(days=spec.days_ago[0])
        for _attempt in range(200):
            traits = planner.draw_traits(self.rng, rules=rules, safe_country=safe, mrt_rate=0.08)
            if spec.traits is not None:
                traits = spec.traits(self.rng, traits)
            referral = earliest + dt.timedelta(days=self.rng.randint(0, (latest - earliest).days))
            events = planner.plan_stay(
                self.rng,
                traits=traits,
                rules=rules,
                lvv_code=spec.lvv,
                referral_date=referral,
                today=self.today,
                stop_stage=spec.stop_stage,
            )
            folded = workflow.fold(events, today=self.today)
            if not folded.ok:
                raise workflow.TransitionRefused(folded.problems)
            state = folded.state
            if spec.expect is None or spec.expect(state, events, self.today):
                return events
        raise RuntimeError(f"no demo stay matches the spec for {spec.lvv} {spec.stop_stage}")

    def _corrections(self) -> None:
        """A few corrected mistakes, as a real history has them (``event_correct``)."""
        reviewed = Case.objects.filter(
            stage=Stage.GUIDANCE, last_review_date__isnull=False
        ).order_by("pk")[:2]
        for case in reviewed:
            event = case.events.filter(type=EventType.REVIEW_HELD).order_by("sequence").first()
            other = "partial" if event.payload.cooperation != "partial" else "good"
            self._correct(
                case,
                event,
                reason="Beoordeling van de medewerking verkeerd ingevoerd.",
                data={"cooperation": other},
            )
        late = Case.objects.filter(
            stage=Stage.OUTFLOWED, referral_date__gt=PROGRAMME_START + dt.timedelta(days=30)
        ).order_by("pk")[:1]
        for case in late:
            event = case.events.get(type=EventType.REFERRAL_REGISTERED)
            self._correct(
                case,
                event,
                reason="Aanmelddatum verkeerd overgenomen van het verwijsformulier.",
                effective_date=event.effective_date - dt.timedelta(days=2),
            )

    def _correct(self, case: Case, event: CaseEvent, **kwargs) -> None:
        case = Case.objects.select_related("lvv").get(pk=case.pk)
        last = case.events.order_by("-sequence").values_list("recorded_at", flat=True)[0]
        noticed = min(timezone.localtime(last).date() + dt.timedelta(days=20), self.today)
        with self.clock.recording(noticed, after=last):
            services.event_correct(
                case=case, actor=self.actors.director(case.lvv.code), event=event, **kwargs
            )
        self.summary.corrections += 1
