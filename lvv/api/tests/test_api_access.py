"""Reading cases through the API: scoped, 404 for forbidden and missing alike, logged."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lvv.api.tests.conftest import client_for
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import build_case, make_person, make_user


@pytest.fixture
def director(db):
    return make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


def test_case_of_another_lvv_via_the_api_is_404_and_logged_denied(director):
    other = build_case(Stage.GUIDANCE, lvv="RTM")
    client = client_for(director)
    for url in (
        f"/api/v1/cases/{other.pk}/",
        f"/api/v1/cases/{other.pk}/events/",
        f"/api/v1/cases/{other.pk}/action-items/",
    ):
        assert client.get(url).status_code == 404
    assert (
        ProcessingLogEntry.objects.filter(operation="denied", resource=f"case:{other.pk}").count()
        == 3
    )


def test_missing_and_forbidden_cases_answer_the_same(director):
    other = build_case(Stage.GUIDANCE, lvv="RTM")
    client = client_for(director)
    forbidden = client.get(f"/api/v1/cases/{other.pk}/")
    missing = client.get(f"/api/v1/cases/{other.pk + 1000}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


def test_api_case_list_is_scoped_and_logged(director):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    build_case(Stage.GUIDANCE, lvv="RTM")
    response = client_for(director).get("/api/v1/cases/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert ProcessingLogEntry.objects.filter(
        resource="api:case-list", subject_pseudonym=own.person.pseudonym
    ).exists()


def test_api_events_of_own_case_are_paginated_in_order(director):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    client = client_for(director)
    first = client.get(f"/api/v1/cases/{own.pk}/events/", {"page_size": 2}).json()
    assert [e["type"] for e in first["results"]] == ["referral_registered", "admission_checked"]
    second = client.get(first["next"]).json()
    assert [e["sequence"] for e in second["results"]] == [3, 4]
    everything = client.get(f"/api/v1/cases/{own.pk}/events/", {"page_size": 200}).json()
    assert [e["sequence"] for e in everything["results"]] == list(range(1, own.version + 1))
    assert everything["next"] is None
    assert (
        ProcessingLogEntry.objects.filter(
            operation="read", resource=f"case:{own.pk}", subject_pseudonym=own.person.pseudonym
        ).count()
        == 3
    )


def test_police_api_lookup_returns_only_the_allowed_fields(db):
    person = make_person(v_number="4445556667")
    build_case(Stage.GUIDANCE, lvv="EHV", person=person)
    police = make_user("politie", [Role.POLICE_OFFICER], "AVIM")
    client = client_for(police)
    answer = client.post(
        "/api/v1/participants/lookup/", {"v_number": "4445556667"}, format="json"
    ).json()
    assert answer == {
        "is_participant": True,
        "lvv_name": "Eindhoven",
        "contact_organisation": "Gemeente Eindhoven",
    }
    assert client.get("/api/v1/cases/").status_code == 403


def test_anonymous_api_calls_are_refused(db):
    api = APIClient()
    for url in ("/api/v1/cases/", "/api/v1/schema/"):
        response = api.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_user_without_second_factor_gets_nothing(director):
    api = APIClient()
    api.force_login(director)
    assert api.get("/api/v1/cases/").status_code in (302, 403)


def test_session_user_with_second_factor_reads_as_on_the_pages(director, client):
    from lvv.testing.web import login_verified

    own = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, director)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own.pk]


def test_api_case_shows_the_person_with_exactly_these_fields(director):
    person = make_person(
        v_number="1112223334", given_names="Testa", family_name="Persoon", birth_year=1991
    )
    own = build_case(Stage.GUIDANCE, lvv="AMS", person=person)
    body = client_for(director).get(f"/api/v1/cases/{own.pk}/").json()
    assert body["person"] == {
        "v_number": "1112223334",
        "local_reference": person.local_reference,
        "given_names": "Testa",
        "family_name": "Persoon",
        "birth_year": 1991,
        "nationalities": ["ERI"],
    }
    assert body["reference"] == own.reference
    assert body["guiding_organisation"] == "NGO-AMS"


def test_the_schema_describes_the_person_of_a_case(director):
    schema = client_for(director).get("/api/v1/schema/?format=json").json()
    case = schema["components"]["schemas"]["Case"]["properties"]["person"]
    ref = case["$ref"] if "$ref" in case else case["allOf"][0]["$ref"]
    person = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(person["properties"]) == {
        "v_number",
        "local_reference",
        "given_names",
        "family_name",
        "birth_year",
        "nationalities",
    }


def test_every_api_answer_says_no_store(director):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    client = client_for(director)
    for response in (
        client.get("/api/v1/cases/"),
        client.get(f"/api/v1/cases/{own.pk}/"),
        client.get("/api/v1/cases/999999/"),
        client.get("/api/v1/monitor/figures/"),
        client.get("/api/v1/schema/"),
        APIClient().get("/api/v1/cases/"),
    ):
        assert "no-store" in response["Cache-Control"], response.status_code
