"""Bulk-created cases: the same rows as the single services write, and the same rules."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases import payloads, services
from lvv.cases.events import PlannedEvent
from lvv.cases.models import Case, CaseEvent
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case, make_person

pytestmark = pytest.mark.django_db

SKIPPED = {"id", "person_id", "created_at", "updated_at"}


def _case_columns(case: Case) -> dict:
    row = Case.objects.filter(pk=case.pk).values().get()
    return {name: value for name, value in row.items() if name not in SKIPPED}


def _events(case: Case) -> list[tuple]:
    return list(
        CaseEvent.objects.filter(case=case)
        .order_by("sequence")
        .values_list(
            "sequence", "type", "effective_date", "data", "reason", "actor", "organisation"
        )
    )


def _items(case: Case) -> list[tuple]:
    return list(
        case.action_items.order_by("number").values_list(
            "number", "description", "owner_organisation", "due_date", "added_date", "done_date"
        )
    )


def test_a_bulk_created_case_has_the_rows_the_single_services_write(actor):
    by_hand = build_case(Stage.GUIDANCE, actor=actor)
    services.action_item_add(
        case=by_hand,
        actor=actor,
        effective_date=dt.date(2020, 2, 20),
        description="paspoort aanvragen",
        owner_organisation="DTV",
        due_date=dt.date(2020, 4, 1),
    )
    services.action_item_complete(
        case=by_hand, actor=actor, number=1, effective_date=dt.date(2020, 3, 2)
    )
    history = [
        PlannedEvent(event.effective_date, event.payload, event.reason)
        for event in by_hand.events.order_by("sequence")
    ]

    (bulk,) = services.cases_bulk_create(
        actor=actor,
        histories=[
            services.CaseHistory(
                person=make_person(actor),
                lvv=by_hand.lvv,
                events=history,
                guiding_organisation=by_hand.guiding_organisation,
            )
        ],
    )

    by_hand.refresh_from_db()
    assert _case_columns(bulk) == _case_columns(by_hand)
    assert _events(bulk) == _events(by_hand)
    assert _items(bulk) == _items(by_hand)
    assert ProcessingLogEntry.objects.filter(
        resource=f"case:{bulk.pk}", subject_pseudonym=bulk.person.pseudonym
    ).exists()


def _walk_to_sheltered() -> list[PlannedEvent]:
    day = dt.date(2020, 1, 6)
    return [
        PlannedEvent(day, payloads.ReferralRegistered(referred_by="ngo")),
        PlannedEvent(day, payloads.AdmissionChecked()),
        PlannedEvent(day, payloads.AdmissionDecided(outcome="admitted")),
        PlannedEvent(day, payloads.IntakeRegistered()),
    ]


def _dossier(day: dt.date) -> list[PlannedEvent]:
    return [
        PlannedEvent(day, payloads.DossierRequested()),
        PlannedEvent(day, payloads.DossierPartDelivered(part="ind")),
        PlannedEvent(day, payloads.DossierPartDelivered(part="dtv")),
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            [
                PlannedEvent(
                    dt.date(2020, 2, 1),
                    payloads.ActionItemAdded(
                        description="x", owner_organisation="IND", due_date=dt.date(2020, 1, 31)
                    ),
                )
            ],
            "De streefdatum ligt vóór de datum van toevoegen.",
            id="action-item-due-before-added",
        ),
        pytest.param(
            [
                *_dossier(dt.date(2020, 2, 1)),
                PlannedEvent(dt.date(2020, 2, 3), payloads.LsoDiscussed(agreed=False)),
            ],
            "Geef aan welke partner(s) het niet eens zijn met de uitkomst.",
            id="disagreement-without-dissenting-partners",
        ),
    ],
)
def test_a_bulk_history_that_breaks_a_rule_is_refused_and_nothing_is_written(actor, extra, message):
    good = services.CaseHistory(
        person=make_person(actor), lvv=Lvv.objects.get(code="AMS"), events=_walk_to_sheltered()
    )
    bad = services.CaseHistory(
        person=make_person(actor),
        lvv=Lvv.objects.get(code="AMS"),
        events=[*_walk_to_sheltered(), *extra],
    )
    before = Case.objects.count()
    with pytest.raises(services.BulkRefused) as refused:
        services.cases_bulk_create(actor=actor, histories=[good, bad])
    assert refused.value.problems == {1: [message]}
    assert Case.objects.count() == before
