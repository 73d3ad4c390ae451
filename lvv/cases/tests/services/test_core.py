"""append_event for every service: the written events, the optimistic version check, and that
a refused or conflicting action stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from lvv.cases import payloads, services
from lvv.cases.events import EventType
from lvv.cases.models import CaseEvent
from lvv.cases.rules import AdmissionFacts
from lvv.cases.selectors import rebuild_state
from lvv.cases.services._core import append_event
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.testing.builders import build_case

LATER = dt.date(2020, 4, 6)

# (stage to build, service, keyword arguments) - each valid on a case built up to that stage.
ACTIONS = [
    pytest.param(
        Stage.REFERRED,
        services.admission_check,
        {"facts": AdmissionFacts(), "effective_date": LATER},
        id="admission_check",
    ),
    pytest.param(
        Stage.ADMISSION_CHECKED,
        services.admission_decide,
        {"outcome": "admitted", "effective_date": LATER},
        id="admission_decide",
    ),
    pytest.param(
        Stage.ADMITTED, services.intake_register, {"effective_date": LATER}, id="intake_register"
    ),
    pytest.param(
        Stage.SHELTERED, services.dossier_request, {"effective_date": LATER}, id="dossier_request"
    ),
    pytest.param(
        Stage.DOSSIER_REQUESTED,
        services.dossier_part_deliver,
        {"part": "ind", "effective_date": LATER},
        id="dossier_part_deliver",
    ),
    pytest.param(
        Stage.REST_PERIOD,
        services.lso_discuss,
        {"scenario": "residence", "effective_date": LATER},
        id="lso_discuss",
    ),
    pytest.param(Stage.GUIDANCE, services.phase_change, {"effective_date": LATER}, id="phase"),
    pytest.param(
        Stage.GUIDANCE,
        services.review_hold,
        {"cooperation": "good", "effective_date": LATER},
        id="review_hold",
    ),
    pytest.param(
        Stage.GUIDANCE,
        services.scenario_change,
        {"scenario": "residence", "reason": "r", "effective_date": LATER},
        id="scenario_change",
    ),
    pytest.param(
        Stage.GUIDANCE,
        services.mrt_refer,
        {"question": "q", "effective_date": LATER},
        id="mrt_refer",
    ),
    pytest.param(
        Stage.GUIDANCE,
        services.action_item_add,
        {"description": "d", "owner_organisation": "IND", "effective_date": LATER},
        id="action_item_add",
    ),
    pytest.param(
        Stage.GUIDANCE,
        services.outflow_register,
        {"category": "departure_origin", "effective_date": LATER},
        id="outflow_register",
    ),
]


@pytest.mark.parametrize(("stage", "service", "kwargs"), ACTIONS)
def test_every_service_appends_one_event_logs_it_and_updates_the_projection(
    db, case_director, stage, service, kwargs
):
    case = build_case(stage)
    before = snapshot(case)
    event = service(case=case, actor=case_director, expected_version=case.version, **kwargs)
    assert event.sequence == before.version + 1
    assert (event.effective_date, event.actor, event.organisation.code) == (
        LATER,
        case_director,
        "GEM-AMS",
    )
    assert event.corrects is None
    after = snapshot(case)
    assert after.events == before.events + 1
    assert after.version == before.version + 1
    assert after.state != before.state
    assert after.state.last_effective_date == LATER
    assert after.state == rebuild_state(case)
    assert after.log_entries == before.log_entries + 1
    assert after.audit_records == before.audit_records + 1
    entry = ProcessingLogEntry.objects.latest("id")
    assert (entry.operation, entry.resource) == ("update", f"case:{case.pk}")
    assert entry.subject_pseudonym == case.person.pseudonym
    assert (entry.audit.user_id, entry.audit.organisation_code) == (case_director.pk, "GEM-AMS")
    # sequences stay contiguous: 1..version
    assert list(case.events.values_list("sequence", flat=True)) == list(range(1, after.version + 1))


@pytest.mark.parametrize(("stage", "service", "kwargs"), ACTIONS)
def test_a_stale_expected_version_is_a_conflict_and_stores_nothing(
    db, actor, stage, service, kwargs
):
    case = build_case(stage)
    before = snapshot(case)
    with pytest.raises(services.ConflictError, match="door iemand anders gewijzigd"):
        service(case=case, actor=actor, expected_version=case.version - 1, **kwargs)
    assert snapshot(case) == before


@pytest.mark.parametrize(("stage", "service", "kwargs"), ACTIONS)
def test_an_action_in_the_wrong_stage_stores_nothing(db, actor, stage, service, kwargs):
    case = build_case(Stage.OUTFLOWED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="U kunt nu niet"):
        service(case=case, actor=actor, expected_version=case.version, **kwargs)
    assert snapshot(case) == before
    assert case.version == before.version  # the caller's instance is untouched too


@pytest.mark.parametrize(("stage", "service", "kwargs"), ACTIONS)
def test_an_action_dated_in_the_future_stores_nothing(db, actor, stage, service, kwargs):
    case = build_case(stage)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="in de toekomst"):
        service(case=case, actor=actor, **{**kwargs, "effective_date": dt.date(2099, 1, 1)})
    assert snapshot(case) == before


def test_the_expected_version_of_a_fresh_read_is_accepted_after_another_write(db, actor):
    case = build_case(Stage.GUIDANCE)
    stale = case.version
    services.review_hold(case=case, actor=actor, effective_date=LATER, cooperation="good")
    with pytest.raises(services.ConflictError):
        services.review_hold(
            case=case, actor=actor, effective_date=LATER, cooperation="good", expected_version=stale
        )
    services.review_hold(
        case=case,
        actor=actor,
        effective_date=LATER,
        cooperation="partial",
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.cooperation == "partial"


def test_append_event_refuses_to_run_outside_a_transaction(db, actor):
    case = build_case(Stage.GUIDANCE)
    connection = transaction.get_connection()
    # pytest-django's ``db`` wraps the test in atomic; pretend we are outside it
    in_block = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="transaction.atomic"):
            append_event(
                case=case,
                actor=actor,
                payload=payloads.ReviewHeld(cooperation="good"),
                effective_date=LATER,
            )
    finally:
        connection.in_atomic_block = in_block
    assert snapshot(case).events == case.version


def test_append_event_accepts_a_case_id(db, actor):
    case = build_case(Stage.GUIDANCE)
    with transaction.atomic():
        event = append_event(
            case=case.pk,
            actor=actor,
            payload=payloads.ReviewHeld(cooperation="good"),
            effective_date=LATER,
        )
    assert event.sequence == case.version + 1
    case.refresh_from_db()
    assert case.last_review_date == LATER


def test_the_full_walk_leaves_one_event_per_step_in_order(db, actor):
    case = build_case(Stage.OUTFLOWED)
    events = list(CaseEvent.objects.filter(case=case))
    assert [(e.sequence, e.type) for e in events] == [
        (1, EventType.REFERRAL_REGISTERED),
        (2, EventType.ADMISSION_CHECKED),
        (3, EventType.ADMISSION_DECIDED),
        (4, EventType.INTAKE_REGISTERED),
        (5, EventType.DOSSIER_REQUESTED),
        (6, EventType.DOSSIER_PART_DELIVERED),
        (7, EventType.DOSSIER_PART_DELIVERED),
        (8, EventType.LSO_DISCUSSED),
        (9, EventType.OUTFLOW_REGISTERED),
    ]
    assert all(e.actor == actor and e.organisation.code == "PROGRAMMA" for e in events)
    assert [e.effective_date for e in events] == sorted(e.effective_date for e in events)
    assert case.version == 9
    assert case.to_state() == rebuild_state(case)
    assert AuditRecord.objects.filter(username=actor.username).count() >= 9


def test_a_replayed_history_records_events_at_the_given_moment_never_in_the_future(actor):
    """``recorded_at`` is for replaying a history (the demo): inside it an event gets that
    recording time; outside it, now. A moment in the future is refused."""
    from django.utils import timezone

    case = build_case(Stage.GUIDANCE)
    moment = timezone.now() - dt.timedelta(days=3, hours=2)
    with services.recorded_at(moment):
        event = services.review_hold(
            case=case, actor=actor, effective_date=LATER, cooperation="good"
        )
    assert event.recorded_at == moment
    later = services.review_hold(case=case, actor=actor, effective_date=LATER, cooperation="good")
    assert later.recorded_at > moment + dt.timedelta(days=3)
    with pytest.raises(ValueError), services.recorded_at(timezone.now() + dt.timedelta(hours=1)):
        pass
