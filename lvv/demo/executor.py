"""Replay a planned stay through the single-case services, each step by a plausible actor.

This is the demo's bridge from a plan (``planner.plan_stay``) to the real write path: every
event goes through its own service - lock, ``workflow.check``, append, project, log - so a
demo case is indistinguishable from one entered by hand.
"""

from __future__ import annotations

import random
from contextlib import nullcontext
from dataclasses import dataclass

from lvv.access.models import User
from lvv.cases import services
from lvv.cases.events import EventType, PlannedEvent
from lvv.cases.models import Case, Person
from lvv.cases.services.person import person_find_by_v_number
from lvv.cases.vocabulary import DECISION_OUTFLOW
from lvv.demo.clock import RecordingClock
from lvv.demo.synthetic import VNumberSource, draw_person
from lvv.organisations.models import Lvv, Organisation
from lvv.processing_log.activities import Activity

E = EventType
ACTIVITY = Activity.DEMO_DATA


@dataclass(frozen=True)
class DemoActors:
    """The demo users who act in the history, by LVV and organisation."""

    users: dict[str, User]  # username -> user

    def director(self, lvv_code: str) -> User:
        return self.users[f"regisseur-{lvv_code.lower()}"]

    def counsellor(self, lvv_code: str) -> User:
        return self.users[f"begeleider-{lvv_code.lower()}"]

    def of_organisation(self, code: str) -> User:
        """Who completes an action owned by ``code``: a member of that organisation."""
        kind, _, lvv_code = code.partition("-")
        if kind == "GEM":
            return self.director(lvv_code)
        if kind == "NGO":
            return self.counsellor(lvv_code)
        return self.users[{"IND": "ind", "DTV": "dtv", "AVIM": "politie"}.get(code, "mrt")]


def create_person(
    rng: random.Random, actors: DemoActors, lvv_code: str, safe: bool, v_numbers: VNumberSource
) -> Person:
    """A synthetic person; 80% known by V-number, the rest by a local reference."""
    facts = draw_person(rng, safe_country=safe)
    v_number = local_reference = ""
    if rng.random() < 0.8:
        v_number = v_numbers.next()
        while person_find_by_v_number(v_number):
            v_number = v_numbers.next()
    else:
        number = Person.objects.count() + 1
        local_reference = f"DEMO-{lvv_code}-{number:05d}"
        while Person.objects.filter(local_reference=local_reference).exists():
            number += 1
            local_reference = f"DEMO-{lvv_code}-{number:05d}"
    return services.person_create(
        actor=actors.counsellor(lvv_code),
        v_number=v_number,
        local_reference=local_reference,
        given_names=facts.given_names,
        family_name=facts.family_name,
        birth_year=facts.birth_year,
        sex=facts.sex,
        nationalities=facts.nationalities,
        languages=facts.languages,
        identity_doubt=facts.identity_doubt,
        nationality_doubt=facts.nationality_doubt,
        activity=ACTIVITY,
    )


def run_stay(
    events: list[PlannedEvent],
    *,
    person: Person,
    lvv: Lvv,
    actors: DemoActors,
    clock: RecordingClock | None = None,
) -> Case:
    """Register the referral, then every later event through its service; with ``clock``,
    each is recorded shortly after it happened rather than at the moment of loading."""
    last = None

    def recording(day):
        nonlocal last
        if clock is None:
            return nullcontext()
        last = clock.moment(day, after=last)
        return services.recorded_at(last)

    first = events[0]
    with recording(first.effective_date):
        case = services.referral_register(
            actor=actors.counsellor(lvv.code),
            person=person,
            lvv=lvv,
            effective_date=first.effective_date,
            referred_by=first.payload.referred_by,
            guiding_organisation=Organisation.objects.get(code=f"NGO-{lvv.code}"),
            activity=ACTIVITY,
        )
    for event in events[1:]:
        with recording(event.effective_date):
            _execute(case, event, lvv.code, actors)
    return case


def _execute(case: Case, event: PlannedEvent, lvv_code: str, actors: DemoActors) -> None:
    data = event.payload  # typed: every field is there
    director = actors.director(lvv_code)
    common = {"case": case, "effective_date": event.effective_date, "activity": ACTIVITY}
    match event.type:
        case E.ADMISSION_CHECKED:
            services.admission_check(actor=director, facts=data.facts, **common)
        case E.ADMISSION_DECIDED:
            services.admission_decide(
                actor=director,
                outcome=data.outcome,
                grounds=data.grounds,
                exception_reason=data.exception_reason,
                **common,
            )
        case E.INTAKE_REGISTERED:
            services.intake_register(actor=actors.counsellor(lvv_code), **common)
        case E.DOSSIER_REQUESTED:
            services.dossier_request(actor=director, **common)
        case E.DOSSIER_PART_DELIVERED:
            services.dossier_part_deliver(
                actor=actors.users["ind" if data.part == "ind" else "dtv"],
                part=data.part,
                summary=data.summary,
                **common,
            )
        case E.LSO_DISCUSSED:
            services.lso_discuss(
                actor=director,
                perspective=data.perspective,
                scenario=data.scenario,
                phase=data.phase,
                cooperation=data.cooperation,
                agreed=data.agreed,
                dissenting_organisations=data.dissenting_organisations,
                notes=data.notes,
                **common,
            )
        case E.PHASE_CHANGED:
            services.phase_change(actor=director, phase=data.phase, reason=event.reason, **common)
        case E.ACTION_ITEM_ADDED:
            services.action_item_add(
                actor=director,
                description=data.description,
                owner_organisation=data.owner_organisation,
                due_date=data.due_date,
                **common,
            )
        case E.ACTION_ITEM_COMPLETED:
            number = data.number
            owner = case.action_items.get(number=number).owner_organisation_id
            services.action_item_complete(
                actor=actors.of_organisation(owner), number=number, **common
            )
        case E.REVIEW_HELD:
            services.review_hold(
                actor=director, cooperation=data.cooperation, notes=data.notes, **common
            )
        case E.MRT_REFERRED:
            services.mrt_refer(
                actor=director, question=data.question, positions=data.positions, **common
            )
        case E.MRT_ADVISED:
            services.mrt_advise(actor=actors.users["mrt"], advice=data.advice, **common)
        case E.SCENARIO_CHANGED:
            services.scenario_change(
                actor=director, scenario=data.scenario, reason=event.reason, **common
            )
        case E.OUTFLOW_REGISTERED:
            # ending shelter against the person's will is a decision, so the director's
            forced = data.category in DECISION_OUTFLOW
            services.outflow_register(
                actor=director if forced else actors.counsellor(lvv_code),
                category=data.category,
                notes=data.notes,
                **common,
            )
        case _:  # pragma: no cover - the planner only plans the types above
            raise ValueError(f"demo cannot replay {event.type}")
