"""Case actions through the web: forms post to services; refusals and conflicts store nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from lvv.cases import services
from lvv.cases.models import CaseEvent
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case

pytestmark = pytest.mark.django_db


def post_action(client, case, slug, data):
    case.refresh_from_db()
    url = reverse(f"web:case_action_{slug.replace('-', '_')}", args=[case.pk])
    return client.post(url, {"version": case.version, **data})


def last_event(case):
    return CaseEvent.objects.filter(case=case).order_by("-sequence").first()


def test_a_case_walks_from_referral_to_outflow_through_the_forms(users, login):
    case = build_case(Stage.REFERRED, lvv="AMS", start=dt.date(2026, 1, 5))
    director = login(users["director"])

    def step(client, slug, data, expected_type):
        response = post_action(client, case, slug, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert last_event(case).type == expected_type
        return response

    step(
        director,
        "toelatingstoets",
        {"effective_date": "2026-01-12", "entry_ban_years": "0", "regional_ties": "on"},
        "admission_checked",
    )
    step(
        director,
        "besluit",
        {"effective_date": "2026-01-13", "outcome": "admitted"},
        "admission_decided",
    )
    step(
        login(users["counsellor"]), "intake", {"effective_date": "2026-01-14"}, "intake_registered"
    )
    director = login(users["director"])
    step(director, "dossier-opvragen", {"effective_date": "2026-01-15"}, "dossier_requested")
    step(
        login(users["ind"]),
        "dossier-ind",
        {"effective_date": "2026-01-20", "summary": "x"},
        "dossier_part_delivered",
    )
    step(
        login(users["dtv"]),
        "dossier-dtv",
        {"effective_date": "2026-01-21"},
        "dossier_part_delivered",
    )
    director = login(users["director"])
    step(
        director,
        "lso-bespreking",
        {
            "effective_date": "2026-02-01",
            "scenario": "departure",
            "phase": "research",
            "perspective": "terugkeer",
            "agreed": "on",
        },
        "lso_discussed",
    )
    step(director, "fase", {"effective_date": "2026-02-02"}, "phase_changed")
    step(
        director,
        "actie-toevoegen",
        {
            "effective_date": "2026-02-03",
            "description": "Paspoort",
            "owner_organisation": "DTV",
            "due_date": "2026-03-01",
        },
        "action_item_added",
    )
    dtv = login(users["dtv"])
    response = dtv.post(
        reverse("web:action_item_complete", args=[case.pk, 1]),
        {"version": case.__class__.objects.get(pk=case.pk).version, "effective_date": "2026-02-10"},
    )
    assert response.status_code == 302
    assert last_event(case).type == "action_item_completed"
    director = login(users["director"])
    step(
        director,
        "kwartaalbespreking",
        {"effective_date": "2026-03-01", "cooperation": "good"},
        "review_held",
    )
    step(
        director,
        "mrt-voorleggen",
        {
            "effective_date": "2026-03-02",
            "question": "Vastgelopen?",
            "position_IND": "verblijf kansloos",
        },
        "mrt_referred",
    )
    assert last_event(case).data["positions"] == {"IND": "verblijf kansloos"}
    step(
        login(users["mrt"]),
        "mrt-advies",
        {"effective_date": "2026-03-10", "advice": "Vertrek"},
        "mrt_advised",
    )
    director = login(users["director"])
    step(
        director,
        "scenario",
        {"effective_date": "2026-03-11", "scenario": "residence", "reason": "nieuwe feiten"},
        "scenario_changed",
    )
    step(
        director,
        "uitstroom",
        {"effective_date": "2026-04-01", "category": "residence_granted"},
        "outflow_registered",
    )
    case.refresh_from_db()
    assert case.stage == Stage.OUTFLOWED


def test_refused_action_shows_the_reasons_and_stores_nothing(users, login):
    case = build_case(Stage.ADMISSION_CHECKED, lvv="AMS")
    before = CaseEvent.objects.filter(case=case).count()
    response = post_action(
        login(users["director"]),
        case,
        "besluit",
        {"effective_date": "2020-01-20", "outcome": "refused", "grounds": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="foutmeldingen"' in body
    assert "Een afwijzing vraagt een schriftelijke motivering." in body
    assert CaseEvent.objects.filter(case=case).count() == before


def test_date_before_the_anchor_is_refused_in_dutch(users, login):
    case = build_case(Stage.ADMITTED, lvv="AMS")
    response = post_action(
        login(users["director"]), case, "intake", {"effective_date": "2019-06-01"}
    )
    assert response.status_code == 200
    assert "De datum mag niet vóór het toelatingsbesluit" in response.content.decode()


def test_form_errors_are_dutch_and_linked_to_the_field(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    response = post_action(login(users["director"]), case, "scenario", {"effective_date": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_effective_date"' in body
    assert "Vul een datum in." in body
    assert 'href="#id_scenario_0"' in body  # radio group: link to its first option
    assert "<legend" in body


def test_stale_version_shows_the_conflict_message(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    client = login(users["director"])
    url = reverse("web:case_action_kwartaalbespreking", args=[case.pk])
    stale = case.version - 1
    before = CaseEvent.objects.filter(case=case).count()
    response = client.post(
        url, {"version": stale, "effective_date": "2026-01-01", "cooperation": "good"}
    )
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == before


def test_action_of_a_role_without_the_grant_is_404(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    response = post_action(
        login(users["ind"]),
        case,
        "uitstroom",
        {"effective_date": "2026-01-01", "category": "other"},
    )
    assert response.status_code == 404
    response = post_action(
        login(users["director_rtm"]),
        case,
        "uitstroom",
        {"effective_date": "2026-01-01", "category": "other"},
    )
    assert response.status_code == 404
    assert case.events.filter(type="outflow_registered").count() == 0


def test_action_item_of_another_organisation_cannot_be_completed(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    from lvv.cases import services

    services.action_item_add(
        case=case,
        actor=users["director"],
        effective_date=dt.date(2026, 1, 1),
        description="Identiteit",
        owner_organisation="IND",
    )
    case.refresh_from_db()
    url = reverse("web:action_item_complete", args=[case.pk, 1])
    data = {"version": case.version, "effective_date": "2026-01-02"}
    assert login(users["dtv"]).post(url, data).status_code == 404
    page = login(users["dtv"]).get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert url not in page
    page = login(users["ind"]).get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert url in page
    assert login(users["director"]).post(url, data).status_code == 302  # the director may


def test_correction_by_the_case_director(users, login):
    case = build_case(Stage.SHELTERED, lvv="AMS")
    intake = case.events.get(type="intake_registered")
    url = reverse("web:event_correct", args=[case.pk, intake.sequence])
    client = login(users["director"])
    response = client.post(url, {"version": case.version, "reason": ""})
    assert response.status_code == 200
    assert "Vul dit veld in." in response.content.decode()
    new_date = intake.effective_date + dt.timedelta(days=2)
    response = client.post(
        url, {"version": case.version, "reason": "tikfout", "new_date": new_date.isoformat()}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.intake_date == new_date
    assert login(users["counsellor"]).get(url).status_code == 404


def test_get_of_an_action_not_possible_now_redirects_with_a_message(users, login):
    case = build_case(Stage.REFERRED, lvv="AMS")
    client = login(users["director"])
    response = client.get(reverse("web:case_action_uitstroom", args=[case.pk]), follow=True)
    assert "Deze handeling is nu niet mogelijk" in response.content.decode()


@pytest.mark.parametrize("roles", [["counsellor"], ["ind_officer"], ["administrator"]])
def test_only_a_case_director_may_admit_as_an_exception(roles):
    from lvv.cases.rules import AdmissionFacts
    from lvv.cases.services import TransitionRefused
    from lvv.testing.builders import make_user
    from lvv.web.service_call import require_exception_grant

    user = make_user(f"gebruiker-{roles[0]}", roles, "NGO-AMS", ["AMS"])
    case = build_case(Stage.ADMISSION_CHECKED, facts=AdmissionFacts(eu_citizen=True))
    with pytest.raises(TransitionRefused, match="Alleen een regisseur") as refused:
        require_exception_grant(user, "humanitair", case=case)
    assert refused.value.reasons[0].field == "exception_reason"
    require_exception_grant(user, "  ", case=case)  # no exception asked: nothing to refuse


def test_a_case_director_may_admit_as_an_exception_through_the_form(users, login):
    case = build_case(Stage.ADMISSION_CHECKED, lvv="AMS", start=dt.date(2026, 1, 5))
    response = post_action(
        login(users["director"]),
        case,
        "besluit",
        {"effective_date": "2026-01-20", "outcome": "admitted", "exception_reason": "humanitair"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.ADMITTED and case.exception_reason == "humanitair"


def test_an_action_item_due_before_it_is_added_is_shown_at_the_due_date_field(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS", start=dt.date(2026, 1, 5))
    response = post_action(
        login(users["director"]),
        case,
        "actie-toevoegen",
        {
            "effective_date": "2026-03-02",
            "description": "Paspoort aanvragen",
            "owner_organisation": "DTV",
            "due_date": "2026-03-01",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["due_date"] == ["De streefdatum ligt vóór de datum van toevoegen."]
    assert not case.action_items.exists()


def test_a_disagreement_in_the_lso_form_must_name_the_dissenting_partners(users, login):
    case = build_case(Stage.REST_PERIOD, lvv="AMS", start=dt.date(2026, 1, 5))
    version = case.version
    response = post_action(
        login(users["director"]),
        case,
        "lso-bespreking",
        {"effective_date": "2026-03-02", "scenario": "departure"},  # "eens" not ticked
    )
    assert response.status_code == 200
    assert response.context["form"].errors["dissenting_organisations"] == [
        "Geef aan welke partner(s) het niet eens zijn met de uitkomst."
    ]
    case.refresh_from_db()
    assert case.version == version


def _hidden_version(body: str, name: str = "version") -> int:
    match = re.search(rf'name="{name}" value="(\d+)"', body)
    assert match, f"no hidden {name} in the form"
    return int(match.group(1))


@pytest.mark.parametrize(
    ("slug", "data"),
    [
        ("kwartaalbespreking", {"effective_date": "2026-01-01", "cooperation": "good"}),
        (
            "actie-toevoegen",
            {
                "effective_date": "2026-01-01",
                "description": "Huisarts bellen",
                "owner_organisation": "GEM-AMS",
            },
        ),
        ("uitstroom", {"effective_date": "2026-01-01", "category": "other"}),
    ],
)
def test_after_a_conflict_the_form_shows_what_changed_and_can_be_sent_again(
    users, login, slug, data
):
    """Someone else changed the case while the form was open: the form says what changed
    (the other's event, the case's new state) and carries the new version, so the user's
    own answers can be sent again as they are."""
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    client = login(users["director"])
    url = reverse(f"web:case_action_{slug.replace('-', '_')}", args=[case.pk])
    seen = _hidden_version(client.get(url).content.decode())
    services.action_item_add(
        case=case,
        actor=users["counsellor"],
        effective_date=dt.date(2026, 1, 1),
        description="Afspraak bij de ambassade maken",
        owner_organisation="NGO-AMS",
    )
    response = client.post(url, {"version": seen, **data})
    body = response.content.decode()
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in body
    assert "Uw invoer staat nog in het formulier" in body
    changes = body.split('id="intussen-gewijzigd"', 1)[1]
    assert "actie toegevoegd aan plan van aanpak" in changes
    assert "Afspraak bij de ambassade maken" in changes
    assert "door begeleider-a" in changes  # who did it
    resent = _hidden_version(body)
    assert resent == seen + 1
    before = CaseEvent.objects.filter(case=case).count()
    response = client.post(url, {"version": resent, **data})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert CaseEvent.objects.filter(case=case).count() == before + 1


def test_after_a_conflict_an_action_item_can_still_be_completed(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    services.action_item_add(
        case=case,
        actor=users["director"],
        effective_date=dt.date(2026, 1, 1),
        description="Gesprek plannen",
        owner_organisation="GEM-AMS",
    )
    client = login(users["director"])
    url = reverse("web:action_item_complete", args=[case.pk, 1])
    seen = _hidden_version(client.get(url).content.decode())
    services.review_hold(
        case=case, actor=users["director"], effective_date=dt.date(2026, 1, 2), cooperation="good"
    )
    body = client.post(url, {"version": seen, "effective_date": "2026-01-03"}).content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    response = client.post(url, {"version": _hidden_version(body), "effective_date": "2026-01-03"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.action_items.get(number=1).done_date == dt.date(2026, 1, 3)


def test_after_a_conflict_a_correction_can_still_be_recorded(users, login):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    client = login(users["director"])
    url = reverse("web:event_correct", args=[case.pk, 1])
    seen = _hidden_version(client.get(url).content.decode())
    services.review_hold(
        case=case, actor=users["director"], effective_date=dt.date(2026, 1, 2), cooperation="good"
    )
    data = {"reason": "tikfout", "new_date": "2020-01-05"}
    body = client.post(url, {"version": seen, **data}).content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    response = client.post(url, {"version": _hidden_version(body), **data})
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_after_a_conflict_a_transfer_can_still_be_proposed(users, login):
    from lvv.organisations.models import Lvv

    case = build_case(Stage.GUIDANCE, lvv="AMS")
    client = login(users["director"])
    url = reverse("web:transfer_propose", args=[case.pk])
    seen = _hidden_version(client.get(url).content.decode())
    services.review_hold(
        case=case, actor=users["director"], effective_date=dt.date(2026, 1, 2), cooperation="good"
    )
    data = {"to_lvv": Lvv.objects.get(code="UTR").pk, "motivation": "Familie in Utrecht."}
    body = client.post(url, {"version": seen, **data}).content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert "Niet opgeslagen: de casus is intussen gewijzigd" in body
    response = client.post(url, {"version": _hidden_version(body), **data})
    assert response.status_code == 302, response.content.decode()[-2000:]
