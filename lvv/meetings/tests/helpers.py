"""Small helpers for the meeting tests (synthetic data only)."""

from __future__ import annotations

import datetime as dt

from lvv.cases import services as case_services
from lvv.cases.vocabulary import Stage
from lvv.meetings import services
from lvv.organisations.models import Lvv
from lvv.testing.builders import build_case

# build_case steps a week at a time from 6 Jan 2020: dossier complete on 10 Feb 2020, first
# LSO (scenario) on 17 Feb 2020. A meeting on 2 March 2020 is past the rest period.
DOSSIER_COMPLETE = dt.date(2020, 2, 10)
FIRST_LSO = dt.date(2020, 2, 17)
MEETING_DAY = dt.date(2020, 3, 2)


def rest_period_case(lvv: str = "AMS"):
    return build_case(Stage.REST_PERIOD, lvv=lvv)


def guidance_case(lvv: str = "AMS"):
    return build_case(Stage.GUIDANCE, lvv=lvv)


def recent_guidance_case(lvv: str = "AMS"):
    """Discussed two weeks ago: nothing is due for a meeting in the coming weeks."""
    return build_case(Stage.GUIDANCE, lvv=lvv, start=dt.date.today() - dt.timedelta(weeks=8))


def meeting(actor, day: dt.date = MEETING_DAY, lvv: str = "AMS"):
    """A meeting planned on ``day`` itself (meetings are never planned in the past)."""
    today = min(day, dt.date.today())
    return services.meeting_create(
        actor=actor, lvv=Lvv.objects.get(code=lvv), date=day, today=today
    )


def referred_case(actor, lvv: str = "AMS", question: str = "Welke oplossing?", positions=None):
    case = recent_guidance_case(lvv)
    case_services.mrt_refer(
        case=case,
        actor=actor,
        effective_date=dt.date.today() - dt.timedelta(days=7),
        question=question,
        positions=positions or {"IND": "Verblijf is niet aan de orde.", "NGO-AMS": "Medisch."},
    )
    case.refresh_from_db()
    return case


def outcome_post(partners=(), **overrides) -> dict:
    data = {
        "perspective": "Terugkeer naar land van herkomst is realistisch.",
        "scenario": "departure",
        "scenario_change_reason": "",
        "phase": "",
        "cooperation": "",
        "agreed": "yes",
        "notes": "",
        "actie-TOTAL_FORMS": "3",
        "actie-INITIAL_FORMS": "0",
        "actie-MIN_NUM_FORMS": "0",
        "actie-MAX_NUM_FORMS": "10",
    }
    for code in partners:
        data[f"position_{code}"] = ""
    data.update(overrides)
    return data
