"""Outflow: the end of a stay, with one category; nothing may follow it."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import OutflowCategory, Stage
from lvv.testing.builders import build_case

INTAKE = dt.date(2020, 1, 27)
OUT = dt.date(2020, 3, 2)


@pytest.mark.parametrize("category", OutflowCategory.values)
def test_outflow_ends_the_stay_with_its_category(db, case_director, category):
    case = build_case(Stage.GUIDANCE)
    event = services.outflow_register(
        case=case, actor=case_director, effective_date=OUT, category=category, notes="n"
    )
    assert (event.type, event.sequence, event.effective_date) == (
        EventType.OUTFLOW_REGISTERED,
        9,
        OUT,
    )
    assert event.data == {"category": category, "notes": "n"}
    case.refresh_from_db()
    assert (case.stage, case.outflow_category, case.outflow_date) == (
        Stage.OUTFLOWED,
        category,
        OUT,
    )


@pytest.mark.parametrize("stage", [Stage.SHELTERED, Stage.DOSSIER_REQUESTED, Stage.REST_PERIOD])
def test_outflow_is_possible_from_every_shelter_stage(db, actor, stage):
    case = build_case(stage)
    services.outflow_register(case=case, actor=actor, effective_date=OUT, category="other")
    case.refresh_from_db()
    assert case.stage == Stage.OUTFLOWED


def test_outflow_before_intake_is_refused(db, actor):
    case = build_case(Stage.SHELTERED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="De datum mag niet vóór"):
        services.outflow_register(
            case=case, actor=actor, effective_date=INTAKE - dt.timedelta(days=1), category="other"
        )
    assert snapshot(case) == before


def test_outflow_before_the_last_event_is_refused(db, actor):
    case = build_case(Stage.GUIDANCE)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="laatste eerdere gebeurtenis"):
        services.outflow_register(
            case=case,
            actor=actor,
            effective_date=case.last_effective_date - dt.timedelta(days=1),
            category="other",
        )
    assert snapshot(case) == before


@pytest.mark.parametrize("stage", [Stage.ADMITTED, Stage.REFUSED, Stage.OUTFLOWED])
def test_outflow_without_shelter_or_twice_is_refused(db, actor, stage):
    case = build_case(stage)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="U kunt nu niet de uitstroom"):
        services.outflow_register(case=case, actor=actor, effective_date=OUT, category="other")
    assert snapshot(case) == before


def test_an_unknown_outflow_category_is_refused(db, actor):
    case = build_case(Stage.GUIDANCE)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="uitstroomcategorie"):
        services.outflow_register(case=case, actor=actor, effective_date=OUT, category="escape")
    assert snapshot(case) == before
