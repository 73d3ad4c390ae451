"""LSO meetings for the demo, made through the meeting services as a case director would.

Per LVV: one meeting held one or two weeks ago - the system's proposed agenda plus a few
cases the case director added, outcomes recorded for the cases it could discuss, closed by
the chair - and one planned for the coming weeks with its proposed agenda. Coverage stays
(``history.coverage_specs``) are left undiscussed, so the situations they show (an overdue
review, a rest period over without a scenario) are still there after the meeting.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection

from lvv.cases.models import Case
from lvv.cases.vocabulary import DISCUSSABLE_STAGES, Cooperation, Scenario
from lvv.cases.workflow import TransitionRefused
from lvv.demo.clock import RecordingClock
from lvv.demo.executor import DemoActors
from lvv.meetings import services
from lvv.meetings.models import AgendaItemStatus, AgendaReason, Meeting
from lvv.meetings.selectors.meetings import partner_organisations
from lvv.organisations.models import Lvv, OrganisationKind

LSO_WEEKDAY = 1  # Tuesday
ADDED_BY_DIRECTOR = 3
ACTIONS = (
    ("DTV", "Identiteitsdocumenten opvragen bij de ambassade"),
    ("DTV", "Vertrekgesprek voeren en terugkeeropties bespreken"),
    ("IND", "Mogelijkheden van een nieuwe aanvraag beoordelen"),
    ("NGO", "Medische informatie (BMA-advies) opvragen"),
    ("NGO", "Dagbesteding en taalles regelen"),
    ("GEM", "Zorgoverleg met de huisarts plannen"),
)
PERSPECTIVES = {
    Scenario.DEPARTURE: "Terugkeer naar het land van herkomst is realistisch.",
    Scenario.RESIDENCE: "Verblijf lijkt mogelijk; een nieuwe aanvraag wordt voorbereid.",
}


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _action(rng: random.Random, lvv: Lvv, day: dt.date) -> services.ActionItemInput:
    owner, description = rng.choice(ACTIONS)
    code = owner if owner in ("IND", "DTV") else f"{owner}-{lvv.code}"
    return services.ActionItemInput(
        description=description,
        owner_organisation=code,
        due_date=day + dt.timedelta(days=rng.choice((14, 28, 42))),
    )


def _outcome(rng: random.Random, item, lvv: Lvv, day: dt.date) -> services.OutcomeInput:
    """What the LSO plausibly decides, by why the case was on the agenda."""
    reasons = set(item.reasons)
    case = item.case
    actions = (_action(rng, lvv, day),) if rng.random() < 0.6 else ()  # noqa: PLR2004
    cooperation = rng.choices(
        (Cooperation.GOOD, Cooperation.PARTIAL, Cooperation.INSUFFICIENT), (70, 22, 8)
    )[0]
    if AgendaReason.MRT_ADVICE in reasons:
        return services.OutcomeInput(
            notes="Het advies van het MRT is besproken; de partners volgen het advies.",
            cooperation=cooperation,
            action_items=actions,
        )
    if not case.scenario:
        scenario = rng.choice((Scenario.DEPARTURE, Scenario.RESIDENCE, ""))
        if not scenario:  # not yet: first establish identity and nationality
            return services.OutcomeInput(
                perspective="Eerst identiteit en nationaliteit vaststellen.",
                notes="Scenario volgt na het onderzoek naar identiteit en nationaliteit.",
                action_items=actions or (_action(rng, lvv, day),),
            )
        agreed = rng.random() > 0.15  # noqa: PLR2004 - now and then a partner disagrees
        return services.OutcomeInput(
            perspective=PERSPECTIVES[scenario],
            scenario=scenario,
            cooperation=cooperation,
            agreed=agreed,
            dissenting_organisations=() if agreed else ("IND",),
            positions={} if agreed else {"IND": "Verblijf is niet aan de orde."},
            action_items=actions,
        )
    return services.OutcomeInput(
        cooperation=cooperation,
        is_review=AgendaReason.REVIEW_DUE in reasons,
        notes="Voortgang van het plan van aanpak besproken.",
        action_items=actions,
    )


def lso_meetings(
    *,
    rng: random.Random,
    actors: DemoActors,
    today: dt.date,
    clock: RecordingClock,
    keep_case_ids: Collection[int] = (),
) -> list[Meeting]:
    """A held and a planned meeting per LVV (see the module docstring)."""
    held_day = _weekday_on_or_before(today - dt.timedelta(days=7), LSO_WEEKDAY)
    planned_day = _weekday_on_or_after(today + dt.timedelta(days=7), LSO_WEEKDAY)
    meetings = []
    for lvv in Lvv.objects.order_by("code"):
        director = actors.director(lvv.code)
        partners = [
            org
            for org in partner_organisations(lvv)
            if org.kind != OrganisationKind.AVIM or rng.random() < 0.5  # noqa: PLR2004
        ]
        attendees = [
            director,
            actors.counsellor(lvv.code),
            actors.users["ind"],
            actors.users["dtv"],
        ]
        held = services.meeting_create(
            actor=director,
            lvv=lvv,
            date=held_day,
            organisations=partners,
            attendees=attendees,
            today=held_day,
        )
        # The director adds a few cases to talk about how they are going.
        quiet = list(
            Case.objects.filter(
                lvv=lvv, stage__in=DISCUSSABLE_STAGES, last_effective_date__lte=held_day
            )
            .exclude(pk__in=list(keep_case_ids))
            .exclude(agenda_items__meeting=held)
            .order_by("pk")
        )
        for case in rng.sample(quiet, min(ADDED_BY_DIRECTOR, len(quiet))):
            services.agenda_add_case(meeting=held, case=case, actor=director)
        for item in held.items.filter(status=AgendaItemStatus.OPEN).select_related("case"):
            case = item.case
            # Only what could have been discussed then: nothing happened to it since.
            if case.pk in keep_case_ids or (case.last_effective_date or today) > held_day:
                continue
            last = case.events.order_by("-sequence").values_list("recorded_at", flat=True)[0]
            try:
                with clock.recording(held_day, after=last):
                    services.outcome_record(
                        item=item, actor=director, outcome=_outcome(rng, item, lvv, held_day)
                    )
            except TransitionRefused:
                continue
        services.meeting_close(meeting=held, actor=director, today=held_day)
        planned = services.meeting_create(
            actor=director, lvv=lvv, date=planned_day, organisations=partners, today=today
        )
        meetings += [held, planned]
    return meetings
