"""Intake and dossier: intake_register, dossier_request, dossier_part_deliver."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case, make_user

# build_case steps a week at a time from 6 January 2020
DECISION = dt.date(2020, 1, 20)
INTAKE = dt.date(2020, 1, 27)
REQUESTED = dt.date(2020, 2, 3)


def test_intake_starts_shelter(db, counsellor):
    case = build_case(Stage.ADMITTED)
    event = services.intake_register(case=case, actor=counsellor, effective_date=INTAKE)
    assert (event.type, event.sequence, event.effective_date, event.data) == (
        EventType.INTAKE_REGISTERED,
        4,
        INTAKE,
        {},
    )
    assert (event.actor, event.organisation.code) == (counsellor, "NGO-AMS")
    # the caller's instance is brought up to date
    assert (case.stage, case.intake_date, case.version) == (Stage.SHELTERED, INTAKE, 4)
    case.refresh_from_db()
    assert (case.stage, case.intake_date, case.version) == (Stage.SHELTERED, INTAKE, 4)


def test_intake_before_the_decision_is_refused(db, counsellor):
    case = build_case(Stage.ADMITTED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="toelatingsbesluit"):
        services.intake_register(
            case=case, actor=counsellor, effective_date=DECISION - dt.timedelta(days=1)
        )
    assert snapshot(case) == before


@pytest.mark.parametrize("stage", [Stage.REFERRED, Stage.REFUSED, Stage.SHELTERED])
def test_intake_outside_the_admitted_stage_is_refused(db, counsellor, stage):
    case = build_case(stage)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="U kunt nu niet de intake"):
        services.intake_register(case=case, actor=counsellor, effective_date=INTAKE)
    assert snapshot(case) == before


def test_requesting_the_dossier(db, counsellor):
    case = build_case(Stage.SHELTERED)
    event = services.dossier_request(case=case, actor=counsellor, effective_date=REQUESTED)
    assert (event.type, event.sequence) == (EventType.DOSSIER_REQUESTED, 5)
    case.refresh_from_db()
    assert (case.stage, case.dossier_requested_date) == (Stage.DOSSIER_REQUESTED, REQUESTED)


def test_both_dossier_parts_complete_the_dossier_and_start_the_rest_period(db):
    ind = make_user("ind-1", ["ind_officer"], "IND", ["AMS"])
    dtv = make_user("dtv-1", ["dtv_officer"], "DTV", ["AMS"])
    case = build_case(Stage.DOSSIER_REQUESTED)
    first = services.dossier_part_deliver(
        case=case, actor=ind, part="ind", summary="geen procedures", effective_date=REQUESTED
    )
    assert first.data == {"part": "ind", "summary": "geen procedures"}
    assert first.organisation.code == "IND"
    case.refresh_from_db()
    assert case.stage == Stage.DOSSIER_REQUESTED
    assert (case.dossier_ind_date, case.dossier_complete_date) == (REQUESTED, None)
    later = REQUESTED + dt.timedelta(days=5)
    second = services.dossier_part_deliver(case=case, actor=dtv, part="dtv", effective_date=later)
    assert (second.sequence, second.organisation.code) == (7, "DTV")
    case.refresh_from_db()
    assert case.stage == Stage.REST_PERIOD
    assert (case.dossier_dtv_date, case.dossier_complete_date) == (later, later)


@pytest.mark.parametrize("part", ["ind", "dtv"])
def test_a_dossier_part_delivered_twice_is_refused(db, actor, part):
    case = build_case(Stage.DOSSIER_REQUESTED)
    services.dossier_part_deliver(case=case, actor=actor, part=part, effective_date=REQUESTED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="al geleverd"):
        services.dossier_part_deliver(case=case, actor=actor, part=part, effective_date=REQUESTED)
    assert snapshot(case) == before


def test_an_unknown_dossier_part_is_refused(db, actor):
    case = build_case(Stage.DOSSIER_REQUESTED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="dossierdeel"):
        services.dossier_part_deliver(case=case, actor=actor, part="avim", effective_date=REQUESTED)
    assert snapshot(case) == before
