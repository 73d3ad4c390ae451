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
