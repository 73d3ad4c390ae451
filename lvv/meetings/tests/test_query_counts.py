"""The agenda, outcome and minutes pages take the same number of queries for 10 or 50 cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvv.meetings import services
from lvv.meetings.tests.helpers import MEETING_DAY, meeting, rest_period_case
from lvv.testing.web import login_verified

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _discuss_first(lso, director):
    item = lso.items.order_by("position").first()
    item.case.refresh_from_db()
    services.outcome_record(
        item=item,
        actor=director,
        outcome=services.OutcomeInput(
            scenario="departure",
            action_items=(services.ActionItemInput("Actie", "DTV"),),
            agreed=False,
            dissenting_organisations=("IND",),
            positions={"IND": "Anders"},
        ),
    )


@pytest.mark.parametrize("user_fixture", ["director", "ngo_counsellor"])
def test_query_counts_do_not_grow_with_the_agenda(client, director, request, user_fixture):
    reader = request.getfixturevalue(user_fixture)
    for _ in range(10):
        rest_period_case()
    small = meeting(director)
    for _ in range(40):
        rest_period_case()
    large = meeting(director, day=MEETING_DAY + dt.timedelta(days=7))
    assert small.items.count() == 10 and large.items.count() == 50
    _discuss_first(small, director)
    _discuss_first(large, director)
    login_verified(client, reader)
    for name in ("meeting_detail", "minutes"):
        counts = [_count(client, reverse(f"meetings:{name}", args=[m.pk])) for m in (small, large)]
        assert counts[0] == counts[1], (name, counts)
    client.get(reverse("meetings:meeting_list"))
    if user_fixture == "director":
        item = large.items.exclude(status="discussed").first()
        small_item = small.items.exclude(status="discussed").first()
        counts = [
            _count(client, reverse("meetings:item_outcome", args=[i.meeting_id, i.pk]))
            for i in (small_item, item)
        ]
        assert counts[0] == counts[1]
