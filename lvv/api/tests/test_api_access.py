from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import build_case, make_person, make_user


@pytest.fixture
def api(db):
    return APIClient()


def _token_client(api, user):
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_case_of_another_lvv_via_the_api_is_404_and_logged_denied(api):
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    other = build_case(Stage.GUIDANCE, lvv="RTM")
    client = _token_client(api, director)
    for url in (f"/api/v1/cases/{other.pk}/", f"/api/v1/cases/{other.pk}/events/"):
        assert client.get(url).status_code == 404
    assert (
        ProcessingLogEntry.objects.filter(operation="denied", resource=f"case:{other.pk}").count()
        == 2
    )


def test_api_case_list_is_scoped_and_logged(api):
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    build_case(Stage.GUIDANCE, lvv="RTM")
    response = _token_client(api, director).get("/api/v1/cases/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert ProcessingLogEntry.objects.filter(
        resource="api:case-list", subject_pseudonym=own.person.pseudonym
    ).exists()


def test_api_events_of_own_case(api):
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    events = _token_client(api, director).get(f"/api/v1/cases/{own.pk}/events/").json()
    assert [e["type"] for e in events][:2] == ["referral_registered", "admission_checked"]


def test_police_api_lookup_returns_only_the_allowed_fields(api):
    person = make_person(v_number="4445556667")
    build_case(Stage.GUIDANCE, lvv="EHV", person=person)
    police = make_user("politie", [Role.POLICE_OFFICER], "AVIM")
    client = _token_client(api, police)
    answer = client.post("/api/v1/participants/lookup/", {"v_number": "4445556667"}).json()
    assert answer == {
        "is_participant": True,
        "lvv_name": "Eindhoven",
        "contact_organisation": "Gemeente Eindhoven",
    }
    assert client.get("/api/v1/cases/").status_code == 403


def test_anonymous_api_calls_are_refused(api, db):
    assert api.get("/api/v1/cases/").status_code in (401, 403)
    assert api.get("/api/v1/schema/").status_code in (401, 403)


def test_session_user_without_second_factor_gets_nothing(api, db):
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    api.force_login(director)
    assert api.get("/api/v1/cases/").status_code in (302, 403)


def test_api_case_shows_the_person_with_exactly_these_fields(api):
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    person = make_person(
        v_number="1112223334", given_names="Testa", family_name="Persoon", birth_year=1991
    )
    own = build_case(Stage.GUIDANCE, lvv="AMS", person=person)
    body = _token_client(api, director).get(f"/api/v1/cases/{own.pk}/").json()
    assert body["person"] == {
        "v_number": "1112223334",
        "local_reference": person.local_reference,
        "given_names": "Testa",
        "family_name": "Persoon",
        "birth_year": 1991,
        "nationalities": ["ERI"],
    }


def test_the_schema_describes_the_person_of_a_case(api):
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    schema = _token_client(api, director).get("/api/v1/schema/?format=json").json()
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
