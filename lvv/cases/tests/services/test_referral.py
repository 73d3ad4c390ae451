"""Opening a case: referral_register, and one open case per person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import Case
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv, Organisation
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case, make_person

DAY = dt.date(2020, 1, 6)


def _refer(actor, person, lvv="AMS", **kwargs):
    kwargs.setdefault("effective_date", DAY)
    kwargs.setdefault("referred_by", "ngo")
    return services.referral_register(
        actor=actor, person=person, lvv=Lvv.objects.get(code=lvv), **kwargs
    )


def test_a_referral_opens_a_case_with_one_event(db, case_director):
    person = make_person()
    guiding = Organisation.objects.get(code="NGO-AMS")
    case = _refer(case_director, person, guiding_organisation=guiding)
    case.refresh_from_db()
    assert (case.stage, case.referral_date, case.referred_by) == (Stage.REFERRED, DAY, "ngo")
    assert case.version == 1
    assert case.guiding_organisation == guiding
    [event] = case.events.all()
    assert event.type == EventType.REFERRAL_REGISTERED
    assert (event.sequence, event.effective_date, event.data) == (1, DAY, {"referred_by": "ngo"})
    assert (event.actor, event.organisation.code) == (case_director, "GEM-AMS")


def test_a_referral_is_logged_as_a_create_with_the_persons_pseudonym(db, actor):
    person = make_person()
    case = _refer(actor, person)
    entry = ProcessingLogEntry.objects.get(resource=f"case:{case.pk}")
    assert (entry.operation, entry.activity) == ("create", "referral")
    assert entry.subject_pseudonym == person.pseudonym
    assert entry.audit.username == actor.username


def test_a_person_cannot_have_two_open_cases(db, actor):
    person = make_person()
    first = _refer(actor, person)
    before = snapshot(first)
    with pytest.raises(services.TransitionRefused, match="al een lopende casus"):
        _refer(actor, person, lvv="UTR")
    assert snapshot(first) == before
    assert Case.objects.filter(person=person).count() == 1


@pytest.mark.parametrize("closed", [Stage.OUTFLOWED, Stage.REFUSED])
def test_a_person_may_be_referred_again_after_the_last_case_closed(db, actor, closed):
    person = make_person()
    build_case(closed, person=person)
    case = _refer(actor, person, lvv="GRN", effective_date=dt.date(2021, 1, 4))
    assert case.stage == Stage.REFERRED
    assert Case.objects.filter(person=person).count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"referred_by": " "}, "aangemeld is verplicht"),
        ({"effective_date": "future"}, "in de toekomst"),
        ({"guiding_organisation": "NGO-UTR"}, "ngo van deze LVV"),
        ({"guiding_organisation": "IND"}, "ngo van deze LVV"),
    ],
)
def test_a_refused_referral_stores_nothing(db, actor, kwargs, message):
    person = make_person()
    if kwargs.get("effective_date") == "future":
        kwargs["effective_date"] = timezone.localdate() + dt.timedelta(days=1)
    if "guiding_organisation" in kwargs:
        kwargs["guiding_organisation"] = Organisation.objects.get(
            code=kwargs["guiding_organisation"]
        )
    cases, logs = Case.objects.count(), ProcessingLogEntry.objects.count()
    with pytest.raises(services.TransitionRefused, match=message):
        _refer(actor, person, **kwargs)
    assert (Case.objects.count(), ProcessingLogEntry.objects.count()) == (cases, logs)
