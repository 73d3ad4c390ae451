"""The duplicate check at referral goes through the policy (``duplicate.check``).

A counsellor of one LVV, registering a referral, must not learn name, birth year,
nationality or case of a person in another LVV - whether the match is on the V-number, the
exact name or a near-miss name. She learns only that a possible match exists in that LVV and
whom to contact; the lookup is written to the processing log. Inside her scope the candidate
is shown as before.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from lvv.cases.models import Case
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case, make_person

pytestmark = pytest.mark.django_db

V_NUMBER = "7777700001"


@pytest.fixture
def elsewhere(db):
    """Selam Haile, 1988, Eritrean: in guidance in Rotterdam (not the counsellor's LVV)."""
    person = make_person(
        given_names="Selam",
        family_name="Haile",
        birth_year=1988,
        nationalities=["ERI"],
        v_number=V_NUMBER,
        local_reference="RTM-GEHEIM-9",
    )
    case = build_case(
        Stage.GUIDANCE,
        lvv="RTM",
        person=person,
    )  # guided by the NGO of that LVV

    return person, case


def _post(client, **fields):
    data = {
        "v_number": "",
        "local_reference": "",
        "given_names": "",
        "family_name": "",
        "birth_year": "",
        "sex": "F",
        "nationalities": "",
        "lvv": Lvv.objects.get(code="AMS").pk,
        "effective_date": "2026-11-02",
        "referred_by": "ngo",
        **fields,
    }
    return client.post(reverse("web:referral_register"), data)


def _assert_nothing_revealed(body: str, person, case, typed: set[str]) -> None:
    for secret in {"Selam", "Haile", "1988", "ERI", V_NUMBER, "RTM-GEHEIM-9"} - typed:
        assert secret not in body, secret
    assert case.reference not in body
    assert "lopende casus" not in body
    assert f'name="person_choice" value="{person.pk}"' not in body  # cannot be picked
    assert "Mogelijk dezelfde persoon is bekend bij LVV Rotterdam." in body
    assert "Gemeente Rotterdam" in body


@pytest.mark.parametrize(
    ("fields", "typed"),
    [
        pytest.param({"v_number": V_NUMBER}, {V_NUMBER}, id="same-v-number"),
        pytest.param(
            {
                "local_reference": "AMS-NIEUW-1",
                "given_names": "Selam",
                "family_name": "Haile",
                "birth_year": "1988",
                "nationalities": "ERI",
            },
            {"Selam", "Haile", "1988", "ERI"},
            id="exact-name",
        ),
        pytest.param(
            {
                "local_reference": "AMS-NIEUW-2",
                "given_names": "Selam",
                "family_name": "Hailu",
                "birth_year": "1988",
                "nationalities": "ERI",
            },
            {"Selam", "1988", "ERI"},
            id="near-miss-name",
        ),
    ],
)
def test_a_person_in_another_lvv_is_not_revealed_to_a_counsellor(
    client, counsellor, elsewhere, fields, typed
):
    from lvv.testing.web import login_verified

    person, case = elsewhere
    login_verified(client, counsellor)
    response = _post(client, **fields)
    assert response.status_code == 200
    _assert_nothing_revealed(response.content.decode(), person, case, typed)
    logged = ProcessingLogEntry.objects.filter(
        resource="duplicate-check:outside-scope", subject_pseudonym=person.pseudonym
    )
    assert logged.count() == 1
    assert logged.get().audit.username == counsellor.username


def test_the_outside_person_cannot_be_chosen_by_its_id(client, counsellor, elsewhere):
    from lvv.testing.web import login_verified

    person, _case = elsewhere
    login_verified(client, counsellor)
    response = _post(
        client, local_reference="AMS-NIEUW-3", v_number="", person_choice=str(person.pk)
    )
    assert response.status_code == 200
    assert "Kies een van de gevonden personen" in response.content.decode()
    assert Case.objects.filter(person=person).count() == 1


def test_inside_the_scope_the_candidate_is_shown(client, counsellor):
    from lvv.testing.web import login_verified

    person = make_person(
        given_names="Dawit", family_name="Bekele", birth_year=1979, nationalities=["ETH"]
    )
    build_case(
        Stage.OUTFLOWED,
        lvv="AMS",
        person=person,
    )  # guided by the NGO of that LVV

    login_verified(client, counsellor)
    response = _post(
        client,
        local_reference="AMS-NIEUW-4",
        given_names="Dawit",
        family_name="Bekelle",
        birth_year="1979",
        nationalities="ETH",
    )
    body = response.content.decode()
    assert "Bekele" in body and f'name="person_choice" value="{person.pk}"' in body
    assert ProcessingLogEntry.objects.filter(
        resource="duplicate-check", subject_pseudonym=person.pseudonym
    ).exists()


def test_a_case_director_sees_candidates_of_the_own_lvv_only(client, case_director, elsewhere):
    from lvv.testing.web import login_verified

    person, case = elsewhere
    login_verified(client, case_director)  # AMS
    response = _post(client, v_number=V_NUMBER)
    _assert_nothing_revealed(response.content.decode(), person, case, {V_NUMBER})
