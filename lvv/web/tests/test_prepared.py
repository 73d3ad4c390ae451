"""Compiled queries are reused per key and give the rows Django would give."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.cases.models import Case
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case
from lvv.web import prepared as prepared_module
from lvv.web.prepared import prepared

pytestmark = pytest.mark.django_db


def test_rows_equal_the_querysets_own_values_with_dates_converted():
    build_case(Stage.GUIDANCE, lvv="AMS", start=dt.date(2026, 1, 5))
    build_case(Stage.REFERRED, lvv="UTR", start=dt.date(2026, 2, 5))

    def build():
        return Case.objects.order_by("pk").values("id", "stage", "referral_date")

    rows = prepared(("test:cases",), build).rows()
    assert rows == list(build())
    assert all(isinstance(row["referral_date"], dt.date) for row in rows)


def test_the_sql_is_built_once_per_key_and_the_rows_read_every_time():
    calls = []

    def build(stage):
        calls.append(stage)
        return Case.objects.filter(stage=stage).values("id")

    first = prepared(("test:stage", Stage.REFERRED), lambda: build(Stage.REFERRED))
    assert first.rows() == []
    case = build_case(Stage.REFERRED, lvv="AMS")
    again = prepared(("test:stage", Stage.REFERRED), lambda: build(Stage.REFERRED))
    assert again is first and again.rows() == [{"id": case.pk}]  # new data, same SQL
    prepared(("test:stage", Stage.GUIDANCE), lambda: build(Stage.GUIDANCE))
    assert calls == [Stage.REFERRED, Stage.GUIDANCE]


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(prepared_module, "MAX_ENTRIES", 3)
    prepared_module.clear()
    for number in range(5):
        prepared(
            ("test:bounded", number),
            lambda number=number: Case.objects.filter(pk=number).values("id"),
        )
    assert len(prepared_module._cache) == 3
    prepared_module.clear()


def test_columns_keep_the_order_of_the_select_with_annotations_in_between():
    from django.db.models import Count, Window

    build_case(Stage.REFERRED, lvv="AMS")

    def build():
        return (
            Case.objects.annotate(total=Window(Count("pk")))
            .order_by("pk")
            .values("id", "total", "lvv_id", "person__pseudonym")
        )

    rows = prepared(("test:order",), build).rows()
    assert rows == list(build())
    assert rows[0]["total"] == 1


def _worklist_summary(user, today) -> dict:
    from lvv.web.worklist import build_worklist

    worklist = build_worklist(user, today)
    return {
        "counts": worklist.counts,
        "deadlines": [
            (row.case.pk, row.kind, row.due_date, row.status) for row in worklist.deadlines
        ],
        "referrals": [row.pk for row in worklist.referrals],
        "mrt_advice": [row.pk for row in worklist.mrt_advice],
        "action_items": [(item.case.pk, item.number) for item in worklist.action_items],
    }


def _listed(client, params=None) -> str:
    import re

    from django.urls import reverse

    html = client.get(reverse("web:case_list"), params or {}).content.decode()
    return " ".join(re.findall(r"[A-Z]{3}-\d{6}", html))


def test_a_warm_cache_gives_every_scope_the_rows_it_gives_fresh(users, login):
    """The cache keeps compiled SQL per scope key: users of different scopes on one warm
    cache must each get exactly the rows they get with an empty cache."""
    from django.utils import timezone

    from lvv.cases import services

    today = timezone.localdate()
    for lvv in ("AMS", "RTM", "UTR"):
        build_case(Stage.GUIDANCE, lvv=lvv)  # overdue reviews
        build_case(Stage.REFERRED, lvv=lvv, start=today - dt.timedelta(days=3))
        build_case(Stage.REST_PERIOD, lvv=lvv, start=today - dt.timedelta(days=40))
    referred = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=100))
    services.mrt_refer(case=referred, actor=users["director"], effective_date=today, question="?")
    services.action_item_add(
        case=referred,
        actor=users["director"],
        effective_date=today,
        description="Actie",
        owner_organisation="NGO-AMS",
    )
    scopes = ["director", "director_rtm", "counsellor", "ind", "mrt"]
    filters = {"termijn": "on", "sorteer": "-intake"}

    prepared_module.clear()
    warm = {}
    for key in scopes:  # one cache, every scope in turn
        client = login(users[key])
        warm[key] = (
            _worklist_summary(users[key], today),
            _listed(client),
            _listed(client, filters),
        )
    for key in scopes:
        prepared_module.clear()
        client = login(users[key])
        fresh = (_worklist_summary(users[key], today), _listed(client), _listed(client, filters))
        assert warm[key] == fresh, key

    # not vacuous: the scopes really see different rows
    assert len({str(value) for value in warm.values()}) == len(scopes)
    assert "RTM-" in warm["director_rtm"][1] and "RTM-" not in warm["director"][1]
    assert warm["mrt"][1] == referred.reference
