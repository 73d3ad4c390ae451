"""Worklist, case list and case page: who sees what, and which actions are offered."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lvv.cases import services
from lvv.cases.models import Case
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case, make_person

pytestmark = pytest.mark.django_db


def test_case_page_renders_for_every_role_that_may_see_it(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    for key in ("director", "counsellor", "ind", "dtv"):
        response = login(users[key]).get(reverse("web:case_detail", args=[case.pk]))
        assert response.status_code == 200, key
        body = response.content.decode()
        assert case.person.family_name in body
        assert 'id="tijdlijn"' in body


@pytest.mark.parametrize("key", ["mrt", "police", "analyst", "director_rtm"])
def test_case_page_is_404_for_everyone_else(users, login, key):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    response = login(users[key]).get(reverse("web:case_detail", args=[case.pk]))
    assert response.status_code == 404


def test_mrt_member_sees_a_case_only_while_it_is_with_the_mrt(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    client = login(users["mrt"])
    assert client.get(reverse("web:case_detail", args=[case.pk])).status_code == 404
    services.mrt_refer(
        case=case, actor=users["director"], effective_date=dt.date(2020, 6, 1), question="Vast?"
    )
    response = client.get(reverse("web:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert reverse("web:case_action_mrt_advies", args=[case.pk]) in response.content.decode()


@pytest.mark.parametrize("key", ["director", "counsellor", "ind", "dtv"])
def test_case_list_and_worklist_render_for_case_roles(users, login, key):
    build_case(Stage.GUIDANCE, lvv="AMS")
    client = login(users[key])
    assert client.get(reverse("web:case_list")).status_code == 200
    assert client.get(reverse("web:home")).status_code == 200


@pytest.mark.parametrize("key", ["police", "analyst"])
def test_case_list_is_404_without_case_view(users, login, key):
    client = login(users[key])
    assert client.get(reverse("web:case_list")).status_code == 404
    assert client.get(reverse("web:home")).status_code == 200  # worklist: nothing of cases


# Links to read-only pages (special categories, export), not workflow actions.
NOT_ACTIONS = {"bijzondere-gegevens", "export.csv"}


def _action_urls(body: str, case) -> set[str]:
    prefix = f"/casussen/{case.pk}/"
    found = set()
    for part in body.split('href="')[1:]:
        url = part.split('"', 1)[0]
        if url.startswith(prefix) and url != prefix:
            found.add(url[len(prefix) :].split("/")[0])
    return found - NOT_ACTIONS


def test_actions_offered_are_workflow_times_policy(users, login):
    rest = build_case(Stage.REST_PERIOD, lvv="AMS")
    director = _action_urls(
        login(users["director"]).get(reverse("web:case_detail", args=[rest.pk])).content.decode(),
        rest,
    )
    assert {"lso-bespreking", "kwartaalbespreking", "actie-toevoegen", "uitstroom"} <= director
    assert "mrt-advies" not in director  # the director does not advise
    assert "dossier-ind" not in director  # and does not deliver dossier parts
    assert "intake" not in director  # wrong stage
    counsellor = _action_urls(
        login(users["counsellor"]).get(reverse("web:case_detail", args=[rest.pk])).content.decode(),
        rest,
    )
    assert counsellor == {"actie-toevoegen"}


def test_dossier_part_offered_to_its_own_service_only_until_delivered(users, login):
    case = build_case(Stage.DOSSIER_REQUESTED, lvv="AMS")
    ind = _action_urls(
        login(users["ind"]).get(reverse("web:case_detail", args=[case.pk])).content.decode(), case
    )
    dtv = _action_urls(
        login(users["dtv"]).get(reverse("web:case_detail", args=[case.pk])).content.decode(), case
    )
    assert ind == {"dossier-ind"}
    assert dtv == {"dossier-dtv"}
    services.dossier_part_deliver(
        case=case, actor=users["ind"], part="ind", effective_date=case.dossier_requested_date
    )
    ind = _action_urls(
        login(users["ind"]).get(reverse("web:case_detail", args=[case.pk])).content.decode(), case
    )
    assert ind == set()


def test_closed_case_offers_nothing(users, login):
    case = build_case(Stage.OUTFLOWED, lvv="AMS")
    body = login(users["director"]).get(reverse("web:case_detail", args=[case.pk])).content
    actions = _action_urls(body.decode(), case) - {"gebeurtenissen", "persoon-samenvoegen"}
    assert actions == set()
    assert "Er zijn nu geen handelingen" in body.decode()


def test_timeline_shows_corrections_with_reason_and_actor(users, login):
    case = build_case(Stage.SHELTERED, lvv="AMS")
    intake = case.events.get(type="intake_registered")
    services.event_correct(
        case=case,
        actor=users["director"],
        event=intake,
        reason="Verkeerde datum overgenomen",
        effective_date=intake.effective_date + dt.timedelta(days=1),
    )
    body = login(users["director"]).get(reverse("web:case_detail", args=[case.pk])).content
    text = body.decode()
    assert "correctie van gebeurtenis" in text
    assert "Verkeerde datum overgenomen" in text
    assert "regisseur-a" in text and "Gemeente Amsterdam" in text
    assert "gecorrigeerd" in text


def test_case_list_filters_search_sort_and_paginate(users, login):
    eri = make_person(family_name="Filtermans", nationalities=["ERI"], v_number="1234512345")
    build_case(Stage.GUIDANCE, lvv="AMS", person=eri)
    som = make_person(family_name="Anders", nationalities=["SOM"])
    build_case(Stage.REFERRED, lvv="AMS", person=som)
    build_case(Stage.GUIDANCE, lvv="RTM")
    client = login(users["director"])
    url = reverse("web:case_list")

    def names(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return response.content.decode()

    assert "Filtermans" in names({"nationaliteit": "eri"})
    assert "Anders" not in names({"nationaliteit": "ERI"})
    assert "Anders" in names({"stap": "referred"})
    assert "Filtermans" not in names({"stap": "referred"})
    assert "Filtermans" in names({"q": "1234512345"})
    assert "Filtermans" in names({"scenario": "departure"})
    assert "Anders" in names({"scenario": "geen"})
    assert "Filtermans" in names({"termijn": "on"})  # the 2020 case's review is long overdue
    assert "Anders" not in names({"termijn": "on"})
    body = names({"sorteer": "naam"})
    assert body.index("Anders") < body.index("Filtermans")
    body = names({"sorteer": "-naam"})
    assert body.index("Filtermans") < body.index("Anders")
    assert 'aria-sort="descending"' in body
    assert "RTM-" not in names({})


def test_case_list_paginates_by_25_with_aria_current(users, login):
    for _ in range(27):
        services.referral_register(
            actor=users["director"],
            person=make_person(),
            lvv=users["director"].lvvs.get(),
            effective_date=dt.date(2026, 1, 5),
            referred_by="ngo",
        )
    client = login(users["director"])
    first = client.get(reverse("web:case_list")).content.decode()
    assert len(re.findall(r'href="/casussen/\d+/"', first)) == 25
    assert 'aria-current="page"' in first
    second = client.get(reverse("web:case_list"), {"pagina": 2}).content.decode()
    assert len(re.findall(r'href="/casussen/\d+/"', second)) == 2
    logged = ProcessingLogEntry.objects.filter(resource="case-list").count()
    assert logged == 27


def test_pages_have_no_inline_script_or_style(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    client = login(users["director"])
    urls = [
        reverse("web:home"),
        reverse("web:case_list"),
        reverse("web:case_detail", args=[case.pk]),
        reverse("web:case_action_lso_bespreking", args=[case.pk]),
        reverse("web:referral_register"),
        reverse("web:person_merge", args=[case.pk]),
        reverse("web:transfer_propose", args=[case.pk]),
    ]
    for url in urls:
        body = client.get(url).content.decode().lower()
        assert "style=" not in body, url
        assert " onclick" not in body and " onchange" not in body, url
        for chunk in body.split("<script")[1:]:
            assert " src=" in chunk.split(">", 1)[0], url


def test_case_list_overdue_filter_follows_a_change_of_the_lvv_settings(users, login):
    from lvv.cases.services import lvv_settings_save
    from lvv.organisations.models import Lvv

    today = timezone.localdate()
    case = build_case(Stage.GUIDANCE, lvv="AMS", start=today - dt.timedelta(days=200))
    review = today + dt.timedelta(days=90)
    Case.objects.filter(pk=case.pk).update(last_lso_date=today, due_review=review)  # not due
    client = login(users["director"])
    url = reverse("web:case_list")
    amsterdam = Lvv.objects.get(code="AMS")
    amsterdam.max_stay_months = 60
    lvv_settings_save(lvv=amsterdam)
    assert case.reference not in client.get(url, {"termijn": "on"}).content.decode()
    amsterdam.max_stay_months = 3  # the stay is now past its maximum
    lvv_settings_save(lvv=amsterdam)
    assert case.reference in client.get(url, {"termijn": "on"}).content.decode()


def test_case_list_says_the_number_found_once_and_captions_the_table_with_its_page(users, login):
    """The count is in the live status line; the table's caption names the table and the
    page instead of repeating the count right under it."""
    client = login(users["director"])
    html = client.get(reverse("web:case_list")).content.decode()
    assert len(re.findall(r"\d+ casus(sen)? gevonden", html)) == 1
    assert '<caption class="utrecht-table__caption">Gevonden casussen' in html


def test_a_search_with_very_many_matches_says_more_than_the_limit(users, login, monkeypatch):
    from lvv.web.views import cases as case_views

    monkeypatch.setattr(case_views, "SEARCH_COUNT_LIMIT", 2)
    for _ in range(3):
        build_case(Stage.GUIDANCE, lvv="AMS", person=make_person(family_name="Zoekmans"))
    client = login(users["director"])
    html = client.get(reverse("web:case_list"), {"q": "zoekmans"}).content.decode()
    assert "Meer dan 2 casussen gevonden; de eerste 2 worden getoond." in html
    assert len(re.findall(r'href="/casussen/\d+/"', html)) == 2
    monkeypatch.setattr(case_views, "SEARCH_COUNT_LIMIT", 3)
    html = client.get(reverse("web:case_list"), {"q": "zoekmans"}).content.decode()
    assert "3 casussen gevonden" in html and "Meer dan" not in html


@pytest.mark.parametrize("persons_first", [1000, 1])
def test_search_finds_the_same_stays_whether_persons_are_looked_up_first_or_joined(
    users, login, monkeypatch, persons_first
):
    """Few matching persons are looked up first, many are joined (``searched``): the visible
    stays found, and nothing of another LVV, must be the same either way."""
    from lvv.web.views import cases as case_views

    monkeypatch.setattr(case_views, "SEARCH_PERSONS_FIRST", persons_first)
    amina = make_person(given_names="Amina Sara", family_name="Zoekvrouw", local_reference="LR-77")
    build_case(Stage.GUIDANCE, lvv="AMS", person=amina)
    other = make_person(given_names="Sara", family_name="Zoekvrouw")
    build_case(Stage.REFERRED, lvv="AMS", person=other)
    build_case(Stage.GUIDANCE, lvv="RTM", person=make_person(family_name="Zoekvrouw"))
    client = login(users["director"])

    def found(query: str) -> int:
        html = client.get(reverse("web:case_list"), {"q": query}).content.decode()
        assert "RTM-" not in html
        return len(re.findall(r'href="/casussen/\d+/"', html))

    assert found("zoekvrouw") == 2
    assert found("amina zoekvrouw") == 1  # every word must match
    assert found("sara") == 2
    assert found("lr-77") == 1
    assert found("niemand") == 0


def test_case_list_finds_a_case_by_the_number_shown_everywhere(users, login):
    """``AMS-000302`` as on the case page, without the leading zeros, in any case."""
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    other = build_case(Stage.GUIDANCE, lvv="AMS")
    elsewhere = build_case(Stage.GUIDANCE, lvv="RTM")
    client = login(users["director"])

    def found(query: str) -> list[str]:
        html = client.get(reverse("web:case_list"), {"q": query}).content.decode()
        return re.findall(r'href="/casussen/(\d+)/"', html)

    number = str(case.pk)
    for query in (case.reference, f"AMS-{case.pk}", f"ams-{case.pk}", f" Ams-{number} "):
        assert found(query) == [number], query
    assert str(other.pk) not in found(case.reference)
    # the number of a case of another LVV, or with the wrong LVV: nothing (scope holds)
    assert found(elsewhere.reference) == []
    assert found(f"AMS-{elsewhere.pk}") == []


def test_case_list_shows_the_running_cases_by_default_and_all_on_request(users, login):
    """Issue 12, bug 8: the daily work is the running cases; ended ones stay one choice away."""
    running = build_case(Stage.GUIDANCE, lvv="AMS")
    waiting = build_case(Stage.REFERRED, lvv="AMS")
    ended = build_case(Stage.OUTFLOWED, lvv="AMS")
    refused = build_case(Stage.REFUSED, lvv="AMS")
    client = login(users["director"])
    url = reverse("web:case_list")

    def shown(params=None) -> set[int]:
        html = client.get(url, params or {}).content.decode()
        return {int(pk) for pk in re.findall(r'href="/casussen/(\d+)/"', html)}

    assert shown() == {running.pk, waiting.pk}
    page = client.get(url).content.decode()
    assert re.search(r'<option value="lopend" selected>', page)
    assert shown({"status": "alle"}) == {running.pk, waiting.pk, ended.pk, refused.pk}
    assert shown({"status": "afgesloten"}) == {ended.pk, refused.pk}
    # sorting the default list keeps it to the running cases
    assert "status=lopend" in re.search(r'href="(\?[^"]*sorteer=naam[^"]*)"', page).group(1)
    assert shown({"sorteer": "naam"}) == {running.pk, waiting.pk}
    # a link that asks for a step gets that step, running or not
    assert shown({"stap": "outflowed"}) == {ended.pk}
    # the number of an ended case finds it whatever the status filter says
    assert shown({"q": ended.reference, "status": "lopend"}) == {ended.pk}
