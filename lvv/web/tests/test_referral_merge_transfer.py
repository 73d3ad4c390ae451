"""Referral with duplicate check, person merge and transfer between LVVs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lvv.cases import services
from lvv.cases.models import Case, CaseEvent, CaseTransfer, Person
from lvv.cases.services import TransitionRefused
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import build_case, make_person
from lvv.web.duplicates import find_duplicates, normalise_name

pytestmark = pytest.mark.django_db


def referral_data(**overrides):
    data = {
        "v_number": "",
        "local_reference": "REF-NIEUW-1",
        "given_names": "Yonas",
        "family_name": "Tesfay",
        "birth_year": "1991",
        "sex": "M",
        "nationalities": "ERI",
        "lvv": "",
        "effective_date": "2026-11-02",
        "referred_by": "ngo",
    }
    data.update(overrides)
    return data


@pytest.fixture
def ams_pk(db):
    from lvv.organisations.models import Lvv

    return Lvv.objects.get(code="AMS").pk


def test_referral_of_a_new_person_creates_person_and_case(users, login, ams_pk):
    client = login(users["director"])
    response = client.post(reverse("web:referral_register"), referral_data(lvv=ams_pk))
    assert response.status_code == 302
    person = Person.objects.get(local_reference="REF-NIEUW-1")
    case = Case.objects.get(person=person)
    assert case.stage == Stage.REFERRED
    assert response["Location"] == reverse("web:case_detail", args=[case.pk])


def test_similar_person_is_shown_before_a_new_one_is_created(users, login, ams_pk):
    earlier = make_person(
        given_names="Yonas",
        family_name="Tesfaye",
        birth_year=1991,
        nationalities=["ERI"],
        local_reference="OUD-1",
    )
    # known in the director's own LVV from an earlier stay: inside the duplicate-check scope
    build_case(Stage.OUTFLOWED, lvv="AMS", person=earlier)
    client = login(users["director"])
    response = client.post(reverse("web:referral_register"), referral_data(lvv=ams_pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="mogelijke-dubbelen"' in body
    assert "Tesfaye" in body and "gelijkende naam" in body
    assert not Person.objects.filter(local_reference="REF-NIEUW-1").exists()
    assert ProcessingLogEntry.objects.filter(resource="duplicate-check").exists()
    # confirming a new person
    response = client.post(
        reverse("web:referral_register"), referral_data(lvv=ams_pk, person_choice="new")
    )
    assert response.status_code == 302
    assert Person.objects.filter(local_reference="REF-NIEUW-1").exists()


def test_picking_the_existing_person_refers_that_person(users, login, ams_pk):
    existing = make_person(
        given_names="Yonas",
        family_name="Tesfay",
        birth_year=1991,
        nationalities=["ERI"],
        v_number="4444455555",
    )
    build_case(Stage.OUTFLOWED, lvv="AMS", person=existing)  # an earlier stay in AMS
    client = login(users["director"])
    data = referral_data(lvv=ams_pk, v_number="4444455555", local_reference="")
    response = client.post(reverse("web:referral_register"), data)
    assert "zelfde V-nummer" in response.content.decode()
    response = client.post(
        reverse("web:referral_register"), {**data, "person_choice": str(existing.pk)}
    )
    assert response.status_code == 302
    assert Case.objects.filter(person=existing).latest("pk").stage == Stage.REFERRED
    assert Person.objects.count() == 1


def test_new_person_with_an_existing_v_number_is_refused(users, login, ams_pk):
    make_person(v_number="4444455555")
    client = login(users["director"])
    data = referral_data(lvv=ams_pk, v_number="4444455555", person_choice="new")
    response = client.post(reverse("web:referral_register"), data)
    assert response.status_code == 200
    assert "Er bestaat al een persoon met dit V-nummer" in response.content.decode()
    assert Person.objects.count() == 1


def test_referral_of_a_person_with_an_open_case_is_refused_and_nothing_stored(users, login, ams_pk):
    existing = make_person(family_name="Open", birth_year=1980, v_number="1212121212")
    build_case(Stage.GUIDANCE, lvv="AMS", person=existing)
    client = login(users["director"])
    data = referral_data(lvv=ams_pk, v_number="1212121212", person_choice=str(existing.pk))
    response = client.post(reverse("web:referral_register"), data)
    assert response.status_code == 200
    assert "al een lopende casus" in response.content.decode()
    assert Case.objects.filter(person=existing).count() == 1


def test_fuzzy_matching():
    assert normalise_name("José", "Ñúñez-García") == "garcia jose nunez"
    assert normalise_name("Tesfay", "Yonas") == normalise_name("Yonas", "Tesfay")


def test_find_duplicates_needs_birth_year_and_a_shared_nationality(db):
    make_person(given_names="Amina", family_name="Yusuf", birth_year=1990, nationalities=["SOM"])
    kwargs = {"given_names": "Amina", "family_name": "Yusuf"}
    assert find_duplicates(birth_year=1990, nationalities=["SOM"], **kwargs)
    assert not find_duplicates(birth_year=1991, nationalities=["SOM"], **kwargs)
    assert not find_duplicates(birth_year=1990, nationalities=["ERI"], **kwargs)


# --- merge -------------------------------------------------------------------------------


def test_case_director_merges_a_duplicate_person(users, login):
    keep = make_person(family_name="Dubbel", v_number="")
    remove = make_person(family_name="Dubbel", v_number="7777788888")
    closed = build_case(Stage.OUTFLOWED, lvv="AMS", person=remove)
    open_case = build_case(Stage.GUIDANCE, lvv="AMS", person=keep)
    client = login(users["director"])
    url = reverse("web:person_merge", args=[open_case.pk])
    response = client.post(
        url, {"other_case": closed.reference, "keep": "this", "reason": "dubbel"}
    )
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.person_id == keep.pk
    assert not Person.objects.filter(pk=remove.pk).exists()
    keep.refresh_from_db()
    assert keep.v_number == "7777788888"  # the identifying data moved to the kept record
    event = CaseEvent.objects.filter(case=closed).order_by("-sequence").first()
    assert event.type == "person_merged" and event.reason == "dubbel"
    assert ProcessingLogEntry.objects.filter(resource=f"person-merge:{keep.pk}").count() == 2
    assert closed.stage == Stage.OUTFLOWED  # the projection did not change


def test_merge_refused_when_both_have_an_open_case(users, login):
    a = build_case(Stage.GUIDANCE, lvv="AMS")
    b = build_case(Stage.REFERRED, lvv="AMS")
    client = login(users["director"])
    response = client.post(
        reverse("web:person_merge", args=[a.pk]),
        {"other_case": str(b.pk), "keep": "other", "reason": "dubbel"},
    )
    assert response.status_code == 200
    assert "Beide personen hebben een lopende casus" in response.content.decode()
    assert Person.objects.filter(pk=a.person_id).exists()
    assert not CaseEvent.objects.filter(type="person_merged").exists()


def test_merge_is_only_for_case_directors_and_within_reach(users, login):
    a = build_case(Stage.GUIDANCE, lvv="AMS")
    b = build_case(Stage.OUTFLOWED, lvv="RTM")
    assert (
        login(users["counsellor"]).get(reverse("web:person_merge", args=[a.pk])).status_code == 404
    )
    response = login(users["director"]).post(
        reverse("web:person_merge", args=[a.pk]),
        {"other_case": str(b.pk), "keep": "this", "reason": "dubbel"},
    )
    assert response.status_code == 200
    assert "geen toegang" in response.content.decode()
    assert Person.objects.filter(pk=b.person_id).exists()


def test_person_merge_service_refuses_same_person_and_missing_reason(users):
    person = make_person()
    with pytest.raises(TransitionRefused):
        services.person_merge(actor=users["director"], keep=person, remove=person, reason="x")
    with pytest.raises(TransitionRefused):
        services.person_merge(actor=users["director"], keep=person, remove=make_person(), reason="")


# --- transfer ----------------------------------------------------------------------------


def test_transfer_proposed_accepted_links_both_stays(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    director = login(users["director"])
    response = director.post(
        reverse("web:transfer_propose", args=[case.pk]),
        {
            "version": case.version,
            "to_lvv": users["director_rtm"].lvvs.get().pk,
            "motivation": "familie in Rotterdam",
        },
    )
    assert response.status_code == 302
    transfer = CaseTransfer.objects.get(case=case)
    assert transfer.status == "proposed"

    receiving = login(users["director_rtm"])
    home = receiving.get(reverse("web:home")).content.decode()
    assert reverse("web:transfer_decide", args=[transfer.pk]) in home
    response = receiving.post(
        reverse("web:transfer_decide", args=[transfer.pk]),
        {"decision": "accept", "effective_date": "2026-11-20"},
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    case.refresh_from_db()
    new = transfer.new_case
    assert transfer.status == "accepted"
    assert case.stage == Stage.OUTFLOWED and case.outflow_category == "other"
    notes = case.events.get(type="outflow_registered").data["notes"]
    assert notes == "overgedragen aan LVV Rotterdam"
    assert new.lvv.code == "RTM" and new.stage == Stage.SHELTERED
    assert new.intake_date == dt.date(2026, 11, 20) and new.person_id == case.person_id
    assert response["Location"] == reverse("web:case_detail", args=[new.pk])
    new_page = receiving.get(reverse("web:case_detail", args=[new.pk])).content.decode()
    assert "Overgenomen van LVV Amsterdam" in new_page
    director = login(users["director"])
    old_page = director.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert "Overgedragen aan LVV Rotterdam" in old_page
    assert new.reference in old_page


def test_transfer_rejected_with_reason_keeps_the_stay(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    transfer = services.transfer_propose(
        actor=users["director"], case=case, to_lvv=users["director_rtm"].lvvs.get()
    )
    client = login(users["director_rtm"])
    url = reverse("web:transfer_decide", args=[transfer.pk])
    response = client.post(url, {"decision": "reject", "effective_date": "2026-11-20"})
    assert response.status_code == 200
    assert "Geef een reden" in response.content.decode()
    response = client.post(
        url, {"decision": "reject", "effective_date": "2026-11-20", "reason": "geen plek"}
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert transfer.status == "rejected" and case.stage == Stage.GUIDANCE


def test_transfer_decision_only_by_the_receiving_lvv(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    transfer = services.transfer_propose(
        actor=users["director"], case=case, to_lvv=users["director_rtm"].lvvs.get()
    )
    url = reverse("web:transfer_decide", args=[transfer.pk])
    assert login(users["director"]).get(url).status_code == 404
    assert login(users["counsellor"]).get(url).status_code == 404
    assert login(users["director_rtm"]).get(url).status_code == 200


def test_transfer_refused_when_the_receiving_lvv_excludes_and_no_exception(users, login):
    from lvv.cases.rules import AdmissionFacts

    case = build_case(Stage.GUIDANCE, lvv="RTM", facts=AdmissionFacts(safe_country_national=True))
    from lvv.organisations.models import Lvv

    transfer = services.transfer_propose(
        actor=users["director_rtm"], case=case, to_lvv=Lvv.objects.get(code="AMS")
    )
    client = login(users["director"])
    url = reverse("web:transfer_decide", args=[transfer.pk])
    response = client.post(url, {"decision": "accept", "effective_date": "2026-11-20"})
    assert response.status_code == 200
    assert "uitsluitingsgronden" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.GUIDANCE  # nothing stored
    response = client.post(
        url,
        {"decision": "accept", "effective_date": "2026-11-20", "exception_reason": "humanitair"},
    )
    assert response.status_code == 302


def test_transfer_only_of_an_open_stay(users):
    case = build_case(Stage.REFERRED, lvv="AMS")
    with pytest.raises(TransitionRefused):
        services.transfer_propose(
            actor=users["director"], case=case, to_lvv=users["director_rtm"].lvvs.get()
        )


def _guiding_option(html: str) -> str:
    select = html.split('name="guiding_organisation"', 1)[1].split("</select>", 1)[0]
    selected = [line for line in select.splitlines() if "selected" in line]
    return selected[0] if selected else ""


def test_a_counsellor_s_referral_is_guided_by_her_own_organisation_by_default(users, login, ams_pk):
    from lvv.organisations.models import Organisation

    client = login(users["counsellor"])
    own = Organisation.objects.get(code="NGO-AMS")
    assert f'value="{own.pk}"' in _guiding_option(
        client.get(reverse("web:referral_register")).content.decode()
    )
    response = client.post(
        reverse("web:referral_register"), referral_data(lvv=ams_pk, guiding_organisation=own.pk)
    )
    case = Case.objects.get(person__local_reference="REF-NIEUW-1")
    assert response["Location"] == reverse("web:case_detail", args=[case.pk])
    assert case.guiding_organisation == own


def test_a_counsellor_is_warned_before_a_referral_falls_outside_her_sight(users, login, ams_pk):
    """Without her own organisation as the guiding one she could not see the case after
    saving: she is told so and must confirm; nothing is stored before that."""
    client = login(users["counsellor"])
    url = reverse("web:referral_register")
    response = client.post(url, referral_data(lvv=ams_pk, guiding_organisation=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "kunt u deze casus niet meer zien" in body
    assert 'name="out_of_sight_confirmed"' in body
    assert not Case.objects.exists()
    response = client.post(
        url,
        referral_data(lvv=ams_pk, guiding_organisation="", out_of_sight_confirmed="on"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    case = Case.objects.get(person__local_reference="REF-NIEUW-1")
    assert case.guiding_organisation is None


def test_a_case_director_is_not_warned_about_a_referral_without_guiding_organisation(
    users, login, ams_pk
):
    client = login(users["director"])
    body = client.get(reverse("web:referral_register")).content.decode()
    assert _guiding_option(body) == "" or 'value=""' in _guiding_option(body)
    response = client.post(reverse("web:referral_register"), referral_data(lvv=ams_pk))
    assert response.status_code == 302
    assert Case.objects.get().guiding_organisation is None
