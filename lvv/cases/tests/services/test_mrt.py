"""Escalation to the MRT and its advice."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import MrtStatus, Stage
from lvv.testing.builders import build_case, make_user

REFERRED = dt.date(2020, 3, 2)
ADVISED = dt.date(2020, 3, 23)


def test_referring_to_the_mrt_and_recording_its_advice(db, case_director):
    mrt = make_user("mrt-lid", ["mrt_member"], "MRT")
    case = build_case(Stage.GUIDANCE)
    referral = services.mrt_refer(
        case=case,
        actor=case_director,
        effective_date=REFERRED,
        question=" welk scenario? ",
        positions={"IND": "verblijf kansloos", "NGO-AMS": "medisch"},
    )
    assert referral.data == {
        "question": "welk scenario?",
        "positions": {"IND": "verblijf kansloos", "NGO-AMS": "medisch"},
    }
    case.refresh_from_db()
    assert (case.mrt_status, case.mrt_referral_date, case.mrt_referral_count) == (
        MrtStatus.REFERRED,
        REFERRED,
        1,
    )
    advice = services.mrt_advise(case=case, actor=mrt, effective_date=ADVISED, advice="vertrek")
    assert (advice.type, advice.data, advice.organisation.code) == (
        EventType.MRT_ADVISED,
        {"advice": "vertrek"},
        "MRT",
    )
    case.refresh_from_db()
    assert (case.mrt_status, case.mrt_advice_date) == (MrtStatus.ADVISED, ADVISED)


def test_mrt_advice_is_refused_when_the_case_was_not_referred(db, actor):
    case = build_case(Stage.GUIDANCE)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="niet aan het MRT voorgelegd"):
        services.mrt_advise(case=case, actor=actor, effective_date=ADVISED, advice="vertrek")
    assert snapshot(case) == before


def test_a_case_already_at_the_mrt_cannot_be_referred_again(db, actor):
    case = build_case(Stage.GUIDANCE)
    services.mrt_refer(case=case, actor=actor, effective_date=REFERRED, question="q")
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="ligt al bij het MRT"):
        services.mrt_refer(case=case, actor=actor, effective_date=REFERRED, question="q")
    assert snapshot(case) == before


def test_a_second_referral_after_advice_counts_twice(db, actor):
    case = build_case(Stage.GUIDANCE)
    services.mrt_refer(case=case, actor=actor, effective_date=REFERRED, question="q")
    services.mrt_advise(case=case, actor=actor, effective_date=ADVISED, advice="a")
    with pytest.raises(services.TransitionRefused, match="vorige MRT-advies"):
        services.mrt_refer(
            case=case, actor=actor, effective_date=ADVISED - dt.timedelta(days=1), question="q"
        )
    services.mrt_refer(case=case, actor=actor, effective_date=ADVISED, question="q2")
    case.refresh_from_db()
    assert (case.mrt_status, case.mrt_referral_count, case.mrt_advice_date) == (
        MrtStatus.REFERRED,
        2,
        None,
    )


def test_a_referral_to_the_mrt_needs_a_question(db, actor):
    case = build_case(Stage.GUIDANCE)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="vraag aan het MRT"):
        services.mrt_refer(case=case, actor=actor, effective_date=REFERRED, question="  ")
    assert snapshot(case) == before
