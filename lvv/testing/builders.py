"""Build cases up to a given stage through the real services (so every rule applies)."""

from __future__ import annotations

import datetime as dt
import itertools

from lvv.access.models import User
from lvv.access.system import system_actor
from lvv.cases import services
from lvv.cases.models import Case, Person
from lvv.cases.rules import AdmissionFacts
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv, Organisation

_counter = itertools.count(1)

STAGE_ORDER = [
    Stage.REFERRED,
    Stage.ADMISSION_CHECKED,
    Stage.ADMITTED,
    Stage.SHELTERED,
    Stage.DOSSIER_REQUESTED,
    Stage.REST_PERIOD,
    Stage.GUIDANCE,
    Stage.OUTFLOWED,
]


def make_user(
    username: str, roles: list[str], organisation: str | None = None, lvvs: list[str] = ()
) -> User:
    user = User.objects.create_user(
        username=username,
        password="Demo-wachtwoord-2026!",  # noqa: S106 - test accounts only
        organisation=Organisation.objects.get(code=organisation) if organisation else None,
        roles=list(roles),
    )
    if lvvs:
        user.lvvs.set(Lvv.objects.filter(code__in=lvvs))
    return user


def make_person(actor=None, **fields) -> Person:
    n = next(_counter)
    defaults = {
        "local_reference": f"TEST-{n:06d}",
        "given_names": "Testpersoon",
        "family_name": f"Nummer{n}",
        "birth_year": 1990,
        "sex": "M",
        "nationalities": ["ERI"],
    }
    defaults.update(fields)
    return services.person_create(actor=actor or system_actor(), **defaults)


def build_case(
    stage: str = Stage.GUIDANCE,
    *,
    lvv: str = "AMS",
    start: dt.date = dt.date(2020, 1, 6),
    person: Person | None = None,
    actor=None,
    scenario: str = "departure",
    outflow_category: str = "departure_origin",
    exception_reason: str = "",
    facts: AdmissionFacts | None = None,
) -> Case:
    """A case walked up to ``stage``; dates step a week at a time from ``start``."""
    actor = actor or system_actor()
    person = person or make_person(actor)
    target = STAGE_ORDER.index(Stage.REFERRED if stage == Stage.REFUSED else stage)
    day = iter(start + dt.timedelta(days=7 * i) for i in range(100))
    lvv_obj = Lvv.objects.get(code=lvv)
    case = services.referral_register(
        actor=actor,
        person=person,
        lvv=lvv_obj,
        effective_date=next(day),
        referred_by="ngo",
        guiding_organisation=Organisation.objects.get(code=f"NGO-{lvv}"),
    )
    steps = [
        lambda d: services.admission_check(
            case=case, actor=actor, facts=facts or AdmissionFacts(), effective_date=d
        ),
        lambda d: services.admission_decide(
            case=case,
            actor=actor,
            outcome="refused" if stage == Stage.REFUSED else "admitted",
            grounds="buiten de doelgroep" if stage == Stage.REFUSED else "",
            exception_reason=exception_reason,
            effective_date=d,
        ),
        lambda d: services.intake_register(case=case, actor=actor, effective_date=d),
        lambda d: services.dossier_request(case=case, actor=actor, effective_date=d),
        lambda d: (
            services.dossier_part_deliver(case=case, actor=actor, part="ind", effective_date=d),
            services.dossier_part_deliver(case=case, actor=actor, part="dtv", effective_date=d),
        ),
        lambda d: services.lso_discuss(
            case=case, actor=actor, effective_date=d, scenario=scenario, perspective="perspectief"
        ),
        lambda d: services.outflow_register(
            case=case, actor=actor, effective_date=d, category=outflow_category
        ),
    ]
    if stage == Stage.REFUSED:
        steps = steps[:2]
        target = 2
    for step in steps[:target]:
        step(next(day))
    case.refresh_from_db()
    return case
