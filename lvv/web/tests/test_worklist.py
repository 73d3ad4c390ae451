"""The worklist's contents, and the database deadline filters agreeing with deadlines_for."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from lvv.cases import services
from lvv.cases.deadlines import DeadlineStatus, deadlines_for
from lvv.cases.models import Case
from lvv.cases.rules import AdmissionFacts, LvvRules
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case
from lvv.web.deadline_filters import kind_filters
from lvv.web.worklist import build_worklist

pytestmark = pytest.mark.django_db


def test_worklist_shows_each_kind_of_work_and_links_to_the_case(users, login):
    today = timezone.localdate()
    overdue = build_case(Stage.GUIDANCE, lvv="AMS")  # 2020: review long overdue
    waiting = build_case(Stage.REFERRED, lvv="AMS", start=today - dt.timedelta(days=3))
    advised = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=120))
    services.mrt_refer(case=advised, actor=users["director"], effective_date=today, question="?")
    services.mrt_advise(case=advised, actor=users["director"], effective_date=today, advice="!")
    services.action_item_add(
        case=overdue,
        actor=users["director"],
        effective_date=today,
        description="Gesprek plannen",
        owner_organisation="GEM-AMS",
    )
    services.action_item_add(
        case=overdue,
        actor=users["director"],
        effective_date=today,
        description="Paspoort aanvragen",
        owner_organisation="DTV",
    )
    elsewhere = build_case(Stage.GUIDANCE, lvv="RTM")

    response = login(users["director"]).get(reverse("web:home"))
    body = response.content.decode()
    assert response.status_code == 200
    for case in (overdue, waiting, advised):
        assert reverse("web:case_detail", args=[case.pk]) in body
    assert reverse("web:case_detail", args=[elsewhere.pk]) not in body
    assert "kwartaalbespreking" in body and "verlopen" in body
    assert "Gesprek plannen" in body and "Paspoort aanvragen" not in body
    worklist = build_worklist(users["director"], today)
    assert worklist.counts["referrals"] == 1
    assert worklist.counts["mrt_advice"] == 1
    assert worklist.counts["action_items"] == 1
    assert worklist.counts["overdue"] >= 2  # review and maximum stay (AMS: 18 months)
    logged = ProcessingLogEntry.objects.filter(resource="worklist")
    assert {overdue.person.pseudonym, waiting.person.pseudonym} <= set(
        logged.values_list("subject_pseudonym", flat=True)
    )

    dtv_body = login(users["dtv"]).get(reverse("web:home")).content.decode()
    assert "Paspoort aanvragen" in dtv_body and "Gesprek plannen" not in dtv_body
    assert 'id="aanmeldingen"' not in dtv_body  # DT&V does not decide on admission


def test_mrt_advice_disappears_once_the_lso_discussed_it(users):
    today = timezone.localdate()
    case = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=120))
    services.mrt_refer(case=case, actor=users["director"], effective_date=today, question="?")
    services.mrt_advise(case=case, actor=users["director"], effective_date=today, advice="!")
    assert build_worklist(users["director"], today).counts["mrt_advice"] == 1
    tomorrow = today + dt.timedelta(days=1)
    services.lso_discuss(case=case, actor=users["director"], effective_date=today)
    # discussed in the LSO on the day of the advice: processed
    assert build_worklist(users["director"], tomorrow).counts["mrt_advice"] == 0


def test_mrt_advice_on_the_day_of_the_lso_referral_is_to_be_processed(users, login):
    """The LSO discussed the case today and referred it; the MRT advised the same day."""
    today = timezone.localdate()
    case = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=120))
    director = users["director"]
    services.lso_discuss(
        case=case,
        actor=director,
        effective_date=today,
        agreed=False,
        dissenting_organisations=["IND"],
    )
    services.mrt_refer(case=case, actor=director, effective_date=today, question="?")
    services.mrt_advise(case=case, actor=director, effective_date=today, advice="!")
    worklist = build_worklist(director, today)
    assert worklist.counts["mrt_advice"] == 1
    assert [row.pk for row in worklist.mrt_advice] == [case.pk]
    body = login(director).get(reverse("web:home")).content.decode()
    section = body.split('id="mrt"', 1)[1]
    assert reverse("web:case_detail", args=[case.pk]) in section


def test_the_filters_on_stored_due_dates_agree_with_deadlines_for(users):
    today = timezone.localdate()
    actor = users["director"]
    for back in range(36, 700, 9):
        start = today - dt.timedelta(days=back)
        stage = Stage.GUIDANCE if back % 2 and back >= 42 else Stage.REST_PERIOD  # noqa: PLR2004
        build_case(stage, lvv="AMS", start=start)
    for back in range(60, 200, 7):  # safe-country nationals in Rotterdam (3 months at most)
        build_case(
            Stage.GUIDANCE,
            lvv="RTM",
            start=today - dt.timedelta(days=back),
            facts=AdmissionFacts(safe_country_national=True),
        )
    for back in range(20, 80, 3):  # refusals and forced terminations: objection periods
        build_case(Stage.REFUSED, lvv="UTR", start=today - dt.timedelta(days=back))
        build_case(
            Stage.OUTFLOWED,
            lvv="UTR",
            start=today - dt.timedelta(days=back + 60),
            outflow_category="forced_termination",
        )
    expected: Counter = Counter()
    for case in Case.objects.select_related("lvv"):
        state = case.to_state(with_items=False)
        for deadline in deadlines_for(state, LvvRules.of(case.lvv), today):
            if deadline.status != DeadlineStatus.LATER:
                expected[f"{deadline.status}_{deadline.kind}"] += 1
    filters = kind_filters(today)
    aggregates = {}
    for f in filters:
        aggregates[f"overdue_{f.kind}"] = Count("pk", filter=f.overdue)
        aggregates[f"due_soon_{f.kind}"] = Count("pk", filter=f.due_soon)
    actual = Case.objects.aggregate(**aggregates)
    assert {k: v for k, v in actual.items() if v} == dict(expected)
    assert len(expected) >= 6  # the data set really covers several kinds and both statuses
    # The lists ask for "overdue or due soon" as one date range: the same stays.
    for f in filters:
        either = set(Case.objects.filter(f.either).values_list("pk", flat=True))
        both = set(Case.objects.filter(f.overdue | f.due_soon).values_list("pk", flat=True))
        assert either == both, f.kind
    del actor


def test_each_list_shows_the_most_urgent_few_and_says_how_many_there_are(users, login):
    from lvv.web.worklist import LIST_LIMIT

    today = timezone.localdate()
    waiting = [
        build_case(Stage.REFERRED, lvv="AMS", start=today - dt.timedelta(days=30 - number))
        for number in range(LIST_LIMIT + 2)
    ]
    worklist = build_worklist(users["director"], today)
    assert worklist.counts["referrals"] == LIST_LIMIT + 2
    assert [case.pk for case in worklist.referrals] == [case.pk for case in waiting[:LIST_LIMIT]]
    body = login(users["director"]).get(reverse("web:home")).content.decode()
    assert f"{LIST_LIMIT} van {LIST_LIMIT + 2} getoond" in body
    assert reverse("web:case_detail", args=[waiting[-1].pk]) not in body  # the newest
