"""The pages issue a fixed number of queries, whatever the number of cases (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lvv.cases import services
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case

pytestmark = pytest.mark.django_db


def add_cases(count: int, actor) -> list:
    today = timezone.localdate()
    cases = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            case = build_case(Stage.REFERRED, lvv="AMS", start=today - dt.timedelta(days=5))
        elif kind == 1:
            case = build_case(Stage.GUIDANCE, lvv="AMS")  # overdue deadlines
        elif kind == 2:  # noqa: PLR2004
            case = build_case(Stage.REST_PERIOD, lvv="AMS", start=today - dt.timedelta(days=40))
        else:
            case = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=100))
            services.action_item_add(
                case=case,
                actor=actor,
                effective_date=today,
                description="Actie",
                owner_organisation="GEM-AMS",
            )
            services.mrt_refer(case=case, actor=actor, effective_date=today, question="?")
            services.mrt_advise(case=case, actor=actor, effective_date=today, advice="!")
        cases.append(case)
    build_case(Stage.GUIDANCE, lvv="RTM")  # never visible
    return cases


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_worklist_case_list_and_case_page_at_10_and_100_cases(users, login, settings):
    # Building 90 more cases can take over a minute on a loaded machine; the session's
    # once-a-minute renewal would then add its own queries to the second round.
    settings.LVV_SESSION_REFRESH_SECONDS = 24 * 3600
    director = users["director"]
    first = add_cases(10, director)
    client = login(director)
    filtered = {"stap": "guidance", "termijn": "on", "sorteer": "naam", "q": "Testpersoon"}
    pages = {
        "worklist": (reverse("web:home"), None),
        "case list": (reverse("web:case_list"), None),
        "case list filtered": (reverse("web:case_list"), filtered),
        "case page": (reverse("web:case_detail", args=[first[3].pk]), None),
    }
    at_10 = {name: count_queries(client, url, params) for name, (url, params) in pages.items()}
    more = add_cases(90, director)
    pages["case page"] = (reverse("web:case_detail", args=[more[-1].pk]), None)
    at_100 = {name: count_queries(client, url, params) for name, (url, params) in pages.items()}
    assert at_100 == at_10
    assert at_10["worklist"] <= 25  # noqa: PLR2004 - a fixed, small number
    assert at_10["case list"] <= 15  # noqa: PLR2004


def test_case_page_queries_do_not_grow_with_events_or_action_items(users, login):
    director = users["director"]
    today = timezone.localdate()
    small = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=100))
    big = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=100))
    for i in range(15):
        services.action_item_add(
            case=big,
            actor=director,
            effective_date=today,
            description=f"Actie {i}",
            owner_organisation="IND",
        )
    services.action_item_complete(case=big, actor=director, number=1, effective_date=today)
    intake = big.events.get(type="intake_registered")
    services.event_correct(
        case=big,
        actor=director,
        event=intake,
        reason="datum",
        effective_date=intake.effective_date + dt.timedelta(days=1),
    )
    client = login(director)
    small_count = count_queries(client, reverse("web:case_detail", args=[small.pk]))
    big_count = count_queries(client, reverse("web:case_detail", args=[big.pk]))
    assert big_count == small_count


def test_every_case_list_sort_has_an_index_in_its_order_with_and_without_the_lvv():
    """A page of a sorted list is read by walking an index in sort order and stopping after
    the page; without one, PostgreSQL sorts every visible stay (docs/performance.md).
    Users of one LVV need the LVV in front, users of several need it absent (an IN list
    cannot walk the LVV-first index in order). A new sort column needs both."""
    from lvv.cases.models import Case, Person
    from lvv.web.forms.cases import SORT_COLUMNS

    def leading_columns(model) -> set[tuple[str, ...]]:
        found = set()
        for index in model._meta.indexes:
            if index.condition is not None:
                continue
            names = tuple(model._meta.get_field(name).column for name in index.fields)
            found.update(names[:length] for length in range(1, len(names) + 1))
        return found

    case_orders = leading_columns(Case)
    for key, order in SORT_COLUMNS.items():
        if key == "casus":  # the primary key itself
            continue
        if key == "naam":  # walks the person index, then finds the stays of each person
            assert ("family_name", "given_names", "id") in leading_columns(Person)
            continue
        if key == "lvv":  # a join to the LVV's code: the keys-first path (KEYS_FIRST)
            continue
        columns = tuple(
            "id" if name == "pk" else Case._meta.get_field(name).column for name in order
        )
        assert columns in case_orders, key
        assert ("lvv_id", *columns) in case_orders, key


def test_every_worklist_deadline_list_has_an_index_in_due_date_order():
    """Each deadline list of the worklist (``deadline_filters``) is "the first ten by due
    date"; a partial index of the stays where that deadline applies, in due-date order, with
    and without the LVV in front, lets the database read ten entries and stop."""
    from django.db.models import Q

    from lvv.cases.deadlines import DUE_COLUMNS
    from lvv.cases.models import Case
    from lvv.web.deadline_filters import kind_filters

    partial = {
        (tuple(index.fields), index.condition)
        for index in Case._meta.indexes
        if index.condition is not None
    }
    ordered_by = [f.column for f in kind_filters(timezone.localdate())]
    assert sorted(ordered_by) == sorted(DUE_COLUMNS)
    for column in ordered_by:
        applies = Q(**{f"{column}__isnull": False})
        assert ((column, "id"), applies) in partial, column
        assert (("lvv", column, "id"), applies) in partial, column
