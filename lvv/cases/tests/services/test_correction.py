"""Corrections: a new event_corrected event, replayed through the whole transition table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import ActionItem
from lvv.cases.selectors import rebuild_state
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case


def _event(case, event_type, nth=0):
    return case.events.filter(type=event_type).order_by("sequence")[nth]


def test_a_correction_appends_an_event_and_changes_the_projection(db, case_director):
    case = build_case(Stage.GUIDANCE)
    intake = _event(case, EventType.INTAKE_REGISTERED)
    logs = ProcessingLogEntry.objects.count()
    correction = services.event_correct(
        case=case,
        actor=case_director,
        event=intake,
        effective_date=dt.date(2020, 1, 29),
        reason=" typefout ",
        expected_version=case.version,
    )
    assert correction.type == EventType.EVENT_CORRECTED
    assert correction.corrects == intake
    assert correction.sequence == 9
    assert correction.effective_date == timezone.localdate()
    assert correction.data == {"void": False, "effective_date": "2020-01-29"}
    assert (correction.reason, correction.actor, correction.organisation.code) == (
        "typefout",
        case_director,
        "GEM-AMS",
    )
    case.refresh_from_db()
    assert case.intake_date == dt.date(2020, 1, 29)
    assert case.version == 9
    assert case.to_state() == rebuild_state(case)
    intake.refresh_from_db()
    assert intake.effective_date == dt.date(2020, 1, 27)  # the original stays as it was
    assert ProcessingLogEntry.objects.count() == logs + 1


def test_a_correction_of_data_changes_the_outflow_category(db, actor):
    case = build_case(Stage.OUTFLOWED)
    outflow = _event(case, EventType.OUTFLOW_REGISTERED)
    services.event_correct(
        case=case,
        actor=actor,
        event=outflow,
        data={"category": "unknown_destination"},
        reason="bleek MOB",
    )
    case.refresh_from_db()
    assert case.outflow_category == "unknown_destination"


def test_voiding_the_outflow_reopens_the_stay(db, actor):
    case = build_case(Stage.OUTFLOWED)
    services.event_correct(
        case=case,
        actor=actor,
        event=_event(case, EventType.OUTFLOW_REGISTERED),
        void=True,
        reason="r",
    )
    case.refresh_from_db()
    assert (case.stage, case.outflow_date, case.outflow_category) == (Stage.GUIDANCE, None, "")
    assert case.to_state() == rebuild_state(case)


def test_voiding_an_action_item_removes_its_row(db, actor):
    case = build_case(Stage.SHELTERED)
    services.action_item_add(
        case=case,
        actor=actor,
        effective_date=case.intake_date,
        description="a",
        owner_organisation="IND",
    )
    services.event_correct(
        case=case,
        actor=actor,
        event=_event(case, EventType.ACTION_ITEM_ADDED),
        void=True,
        reason="r",
    )
    assert not ActionItem.objects.filter(case=case).exists()
    assert case.to_state() == rebuild_state(case)


@pytest.mark.parametrize(
    ("event_type", "kwargs"),
    [
        pytest.param(
            EventType.INTAKE_REGISTERED,
            {"effective_date": dt.date(2020, 3, 30)},
            id="intake-moved-after-the-outflow",
        ),
        pytest.param(
            EventType.ADMISSION_DECIDED,
            {"effective_date": dt.date(2020, 1, 28)},
            id="decision-moved-after-the-intake",
        ),
        pytest.param(EventType.INTAKE_REGISTERED, {"void": True}, id="intake-voided"),
        pytest.param(
            EventType.OUTFLOW_REGISTERED, {"data": {"category": "nonsense"}}, id="bad-category"
        ),
        pytest.param(
            EventType.OUTFLOW_REGISTERED,
            {"effective_date": dt.date(2099, 1, 1)},
            id="outflow-moved-into-the-future",
        ),
    ],
)
def test_a_correction_that_breaks_the_history_is_refused(db, actor, event_type, kwargs):
    case = build_case(Stage.OUTFLOWED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="klopt de geschiedenis niet meer"):
        services.event_correct(
            case=case, actor=actor, event=_event(case, event_type), reason="r", **kwargs
        )
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("target", "kwargs", "message"),
    [
        ("intake", {"reason": " ", "void": True}, "vraagt een reden"),
        ("intake", {"reason": "r"}, "wat er gecorrigeerd moet worden"),
        ("referral", {"reason": "r", "void": True}, "aanmelding zelf kan niet vervallen"),
        ("other-case", {"reason": "r", "void": True}, "hoort niet bij deze casus"),
        ("correction", {"reason": "r", "void": True}, "niet een correctie"),
    ],
)
def test_an_incomplete_or_misdirected_correction_is_refused(db, actor, target, kwargs, message):
    case = build_case(Stage.SHELTERED)
    if target == "correction":
        services.event_correct(
            case=case,
            actor=actor,
            event=_event(case, EventType.INTAKE_REGISTERED),
            effective_date=dt.date(2020, 1, 28),
            reason="r",
        )
        event = _event(case, EventType.EVENT_CORRECTED)
    elif target == "other-case":
        event = _event(build_case(Stage.SHELTERED), EventType.INTAKE_REGISTERED)
    elif target == "referral":
        event = _event(case, EventType.REFERRAL_REGISTERED)
    else:
        event = _event(case, EventType.INTAKE_REGISTERED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match=message):
        services.event_correct(case=case, actor=actor, event=event, **kwargs)
    assert snapshot(case) == before


def test_a_correction_with_a_stale_version_is_a_conflict(db, actor):
    case = build_case(Stage.SHELTERED)
    before = snapshot(case)
    with pytest.raises(services.ConflictError):
        services.event_correct(
            case=case,
            actor=actor,
            event=_event(case, EventType.INTAKE_REGISTERED),
            effective_date=dt.date(2020, 1, 28),
            reason="r",
            expected_version=case.version - 1,
        )
    assert snapshot(case) == before


def test_the_latest_correction_counts(db, actor):
    case = build_case(Stage.SHELTERED)
    intake = _event(case, EventType.INTAKE_REGISTERED)
    for day in (dt.date(2020, 1, 28), dt.date(2020, 1, 30)):
        services.event_correct(case=case, actor=actor, event=intake, effective_date=day, reason="r")
    case.refresh_from_db()
    assert case.intake_date == dt.date(2020, 1, 30)
    assert case.events.filter(type=EventType.EVENT_CORRECTED).count() == 2


@pytest.mark.parametrize(
    ("closed", "closing_event"),
    [
        (Stage.OUTFLOWED, EventType.OUTFLOW_REGISTERED),
        (Stage.REFUSED, EventType.ADMISSION_DECIDED),
    ],
)
def test_a_correction_may_not_reopen_a_stay_while_the_person_has_another_open_case(
    db, actor, closed, closing_event
):
    old = build_case(closed)
    build_case(Stage.REFERRED, person=old.person, lvv="UTR", start=dt.date(2021, 1, 4))
    before = snapshot(old)
    with pytest.raises(services.TransitionRefused, match="al een lopende casus"):
        services.event_correct(
            case=old, actor=actor, event=_event(old, closing_event), void=True, reason="vergissing"
        )
    assert snapshot(old) == before


def test_a_correction_may_reopen_a_stay_when_the_person_has_no_other_open_case(db, actor):
    old = build_case(Stage.OUTFLOWED)
    services.event_correct(
        case=old,
        actor=actor,
        event=_event(old, EventType.OUTFLOW_REGISTERED),
        void=True,
        reason="vergissing",
    )
    old.refresh_from_db()
    assert old.stage == Stage.GUIDANCE
