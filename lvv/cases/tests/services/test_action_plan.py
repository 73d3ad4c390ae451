"""The case action plan: adding and completing action items (and their projection rows)."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases import services
from lvv.cases.models import ActionItem
from lvv.cases.selectors import rebuild_state
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Organisation
from lvv.testing.builders import build_case

INTAKE = dt.date(2020, 1, 27)
DAY = dt.date(2020, 2, 3)


def test_adding_and_completing_an_action_item(db, actor):
    case = build_case(Stage.SHELTERED)
    added = services.action_item_add(
        case=case,
        actor=actor,
        effective_date=DAY,
        description=" identiteit vaststellen ",
        owner_organisation=Organisation.objects.get(code="DTV"),
        due_date=dt.date(2020, 3, 1),
    )
    assert added.data == {
        "description": "identiteit vaststellen",
        "owner_organisation": "DTV",
        "due_date": "2020-03-01",
    }
    item = ActionItem.objects.get(case=case)
    assert (item.number, item.owner_organisation_id, item.due_date, item.done_date) == (
        1,
        "DTV",
        dt.date(2020, 3, 1),
        None,
    )
    done = services.action_item_complete(
        case=case, actor=actor, number=1, effective_date=dt.date(2020, 2, 20)
    )
    assert done.data == {"number": 1}
    item.refresh_from_db()
    assert item.done_date == dt.date(2020, 2, 20)
    assert case.to_state() == rebuild_state(case)


def test_items_are_numbered_per_case(db, actor):
    case = build_case(Stage.SHELTERED)
    for description in ("a", "b", "c"):
        services.action_item_add(
            case=case,
            actor=actor,
            effective_date=DAY,
            description=description,
            owner_organisation="IND",
        )
    assert list(case.action_items.values_list("number", "description")) == [
        (1, "a"),
        (2, "b"),
        (3, "c"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"owner_organisation": "NOBODY"}, "geen bekende organisatie"),
        ({"due_date": DAY - dt.timedelta(days=1)}, "streefdatum ligt vóór"),
        ({"description": "  "}, "omschrijving is verplicht"),
        ({"effective_date": INTAKE - dt.timedelta(days=1)}, "de intake"),
    ],
)
def test_an_invalid_action_item_is_refused(db, actor, kwargs, message):
    case = build_case(Stage.SHELTERED)
    arguments = {
        "effective_date": DAY,
        "description": "x",
        "owner_organisation": "IND",
        **kwargs,
    }
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match=message):
        services.action_item_add(case=case, actor=actor, **arguments)
    assert snapshot(case) == before


def test_only_an_open_existing_item_can_be_completed(db, actor):
    case = build_case(Stage.SHELTERED)
    services.action_item_add(
        case=case, actor=actor, effective_date=DAY, description="x", owner_organisation="IND"
    )
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="bestaat niet"):
        services.action_item_complete(case=case, actor=actor, number=2, effective_date=DAY)
    with pytest.raises(services.TransitionRefused, match="toevoegen van de actie"):
        services.action_item_complete(
            case=case, actor=actor, number=1, effective_date=DAY - dt.timedelta(days=1)
        )
    assert snapshot(case) == before
    services.action_item_complete(case=case, actor=actor, number=1, effective_date=DAY)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="al afgerond"):
        services.action_item_complete(case=case, actor=actor, number=1, effective_date=DAY)
    assert snapshot(case) == before


def test_no_action_items_before_intake_or_after_outflow(db, actor):
    for stage in (Stage.ADMITTED, Stage.OUTFLOWED):
        case = build_case(stage)
        with pytest.raises(services.TransitionRefused, match="U kunt nu niet"):
            services.action_item_add(
                case=case,
                actor=actor,
                effective_date=dt.date(2020, 6, 1),
                description="x",
                owner_organisation="IND",
            )


def test_a_correction_cannot_move_a_due_date_before_the_day_the_item_was_added(db, actor):
    case = build_case(Stage.SHELTERED)
    added = services.action_item_add(
        case=case,
        actor=actor,
        effective_date=DAY,
        description="x",
        owner_organisation="IND",
        due_date=DAY + dt.timedelta(days=7),
    )
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="streefdatum ligt vóór"):
        services.event_correct(
            case=case,
            actor=actor,
            event=added,
            reason="verkeerd ingevoerd",
            data={"due_date": (DAY - dt.timedelta(days=1)).isoformat()},
        )
    assert snapshot(case) == before


def test_a_correction_with_a_key_the_event_does_not_know_is_refused(db, actor):
    case = build_case(Stage.SHELTERED)
    added = services.action_item_add(
        case=case, actor=actor, effective_date=DAY, description="x", owner_organisation="IND"
    )
    with pytest.raises(services.TransitionRefused, match="Onbekend gegeven: 'priority'"):
        services.event_correct(
            case=case, actor=actor, event=added, reason="r", data={"priority": "hoog"}
        )
