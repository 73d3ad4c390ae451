"""Two real connections writing the same case at the same moment (PostgreSQL only).

The row lock in ``append_event`` (``select_for_update``) serialises the writers; the
optimistic version check turns a stale read into a ConflictError. Either way exactly one of
two competing actions is stored. These tests commit for real (``transaction=True``), so they
only run on PostgreSQL: SQLite's flush uses DELETE, which the append-only triggers refuse.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from lvv.access.system import system_actor
from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import Case
from lvv.cases.selectors import rebuild_state
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case, make_person

pytestmark = [
    pytest.mark.postgres_only,
    # serialized_rollback: restore the reference data (LVVs, organisations) that an earlier
    # transactional test's flush removed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DAY = dt.date(2020, 4, 6)
WAIT = 20  # seconds; a deadlock shows up as a timeout instead of a hanging test run


def race(*calls):
    """Start every call at the same moment in its own thread (so its own connection)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=WAIT)
            outcomes[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - reported to the test below
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT * 2)
        assert not thread.is_alive(), "a writer hung"
    return outcomes


def _split(outcomes):
    ok = [value for kind, value in outcomes if kind == "ok"]
    errors = [value for kind, value in outcomes if kind == "error"]
    return ok, errors


def _fresh(case_id: int) -> Case:
    return Case.objects.get(pk=case_id)


def test_two_intakes_with_the_same_expected_version_store_one(db):
    case = build_case(Stage.ADMITTED)
    actor = system_actor()
    version = case.version

    def intake():
        return services.intake_register(
            case=_fresh(case.pk), actor=actor, effective_date=DAY, expected_version=version
        )

    ok, errors = _split(race(intake, intake))
    assert len(ok) == 1, errors
    assert len(errors) == 1
    assert isinstance(errors[0], services.ConflictError | services.TransitionRefused)
    case.refresh_from_db()
    assert case.events.filter(type=EventType.INTAKE_REGISTERED).count() == 1
    assert case.version == version + 1
    assert case.to_state() == rebuild_state(case)


def test_two_outflows_of_one_case_store_one(db):
    case = build_case(Stage.GUIDANCE)
    actor = system_actor()
    logs = ProcessingLogEntry.objects.count()

    def outflow(category):
        return lambda: services.outflow_register(
            case=_fresh(case.pk), actor=actor, effective_date=DAY, category=category
        )

    ok, errors = _split(race(outflow("departure_origin"), outflow("unknown_destination")))
    assert len(ok) == 1, errors
    assert len(errors) == 1
    assert isinstance(errors[0], services.ConflictError | services.TransitionRefused)
    case.refresh_from_db()
    assert case.events.filter(type=EventType.OUTFLOW_REGISTERED).count() == 1
    assert case.outflow_category == ok[0].data["category"]
    assert case.to_state() == rebuild_state(case)
    assert ProcessingLogEntry.objects.count() == logs + 1


def test_concurrent_writers_without_a_version_are_serialised_without_gaps(db):
    case = build_case(Stage.GUIDANCE)
    actor = system_actor()
    version = case.version

    def review(cooperation):
        return lambda: services.review_hold(
            case=_fresh(case.pk), actor=actor, effective_date=DAY, cooperation=cooperation
        )

    outcomes = race(*(review(c) for c in ["good", "partial", "insufficient", "good"]))
    ok, errors = _split(outcomes)
    # the row lock makes each writer wait for the previous one; none is lost
    assert errors == []
    assert sorted(event.sequence for event in ok) == list(range(version + 1, version + 5))
    case.refresh_from_db()
    assert case.version == version + 4
    assert list(case.events.values_list("sequence", flat=True)) == list(range(1, version + 5))
    assert case.to_state() == rebuild_state(case)


def test_two_referrals_of_one_person_open_one_case(db):
    person = make_person()
    actor = system_actor()

    def refer(code):
        return lambda: services.referral_register(
            actor=actor,
            person=person,
            lvv=Lvv.objects.get(code=code),
            effective_date=DAY,
            referred_by="ngo",
        )

    ok, errors = _split(race(refer("AMS"), refer("UTR")))
    assert len(ok) == 1, errors
    assert len(errors) == 1
    assert isinstance(errors[0], services.TransitionRefused)
    assert Case.objects.filter(person=person).count() == 1
