"""A meeting from planning to outcome: proposed agenda, agreement, dissent and MRT referral."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from lvv.cases import services as case_services
from lvv.cases.events import EventType
from lvv.cases.models import ActionItem, CaseEvent
from lvv.cases.vocabulary import Stage
from lvv.cases.workflow import TransitionRefused
from lvv.meetings import services
from lvv.meetings.models import AgendaItem, AgendaItemStatus, AgendaReason, Meeting
from lvv.meetings.tests.helpers import (
    MEETING_DAY,
    guidance_case,
    meeting,
    outcome_post,
    recent_guidance_case,
    rest_period_case,
)
from lvv.testing.builders import build_case
from lvv.testing.web import login_verified

pytestmark = pytest.mark.django_db


def _post_outcome(client, item, **overrides):
    item.case.refresh_from_db()
    data = outcome_post(expected_version=str(item.case.version), **overrides)
    return client.post(reverse("meetings:item_outcome", args=[item.meeting_id, item.pk]), data)


def test_director_plans_a_meeting_and_gets_a_proposed_agenda(client, director):
    today = dt.date.today()
    # dossier complete six weeks ago, no scenario: past the rest period
    waiting = build_case(Stage.REST_PERIOD, lvv="AMS", start=today - dt.timedelta(weeks=12))
    settled = recent_guidance_case()  # discussed two weeks ago: next review far off
    other_lvv = build_case(Stage.REST_PERIOD, lvv="RTM", start=today - dt.timedelta(weeks=12))
    login_verified(client, director)
    response = client.post(
        reverse("meetings:meeting_create"),
        {"lvv": director.lvvs.get().pk, "date": today.isoformat()},
    )
    created = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting_detail", args=[created.pk])
    items = {item.case_id: item for item in created.items.all()}
    assert set(items) == {waiting.pk}
    assert items[waiting.pk].reasons == [AgendaReason.REST_PERIOD_OVER, AgendaReason.NEW_DOSSIER]
    page = client.get(response["Location"]).content.decode()
    assert waiting.reference in page
    assert "rusttermijn voorbij en nog geen scenario" in page
    assert settled.reference not in page and other_lvv.reference not in page


def test_the_same_lvv_and_day_cannot_be_planned_twice(client, director):
    day = dt.date.today() + dt.timedelta(days=7)
    meeting(director, day=day)
    login_verified(client, director)
    response = client.post(
        reverse("meetings:meeting_create"), {"lvv": director.lvvs.get().pk, "date": day.isoformat()}
    )
    assert response.status_code == 200
    assert "Er is al een LSO-overleg" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_outcome_with_agreement_appends_events_and_links_them(client, director):
    case = rest_period_case()
    lso = meeting(director)
    item = lso.items.get(case=case)
    login_verified(client, director)
    before = case.events.count()
    response = _post_outcome(
        client,
        item,
        phase="research",
        cooperation="good",
        **{
            "actie-0-description": "Identiteitsdocumenten opvragen bij de ambassade",
            "actie-0-owner_organisation": "DTV",
            "actie-0-due_date": "2020-04-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting_detail", args=[lso.pk])
    item.refresh_from_db()
    case.refresh_from_db()
    new_events = list(case.events.order_by("sequence")[before:])
    assert [e.type for e in new_events] == [EventType.LSO_DISCUSSED, EventType.ACTION_ITEM_ADDED]
    assert new_events[0].data["meeting_id"] == lso.pk
    assert new_events[0].data["agreed"] is True
    assert new_events[0].effective_date == MEETING_DAY
    assert item.status == AgendaItemStatus.DISCUSSED
    assert item.discussion_event == new_events[0]
    assert set(item.outcome_events.all()) == set(new_events)
    assert case.scenario == "departure" and case.last_lso_date == MEETING_DAY
    assert ActionItem.objects.get(case=case).owner_organisation_id == "DTV"
    lso.refresh_from_db()
    assert lso.status == "planned"  # in progress until the chair closes it (issue 12, bug 5)


def test_outcome_as_quarterly_review_also_records_the_review(client, director):
    case = rest_period_case()
    lso = meeting(director)
    item = lso.items.get(case=case)
    login_verified(client, director)
    response = _post_outcome(client, item, cooperation="partial", is_review="on")
    assert response.status_code == 302
    types = list(item.case.events.values_list("type", flat=True).order_by("sequence"))
    assert types[-2:] == [EventType.LSO_DISCUSSED, EventType.REVIEW_HELD]


def test_dissent_offers_mrt_referral_prefilled_with_positions_and_refers(client, director):
    case = rest_period_case()
    lso = meeting(director)
    item = lso.items.get(case=case)
    login_verified(client, director)
    response = _post_outcome(
        client,
        item,
        agreed="no",
        dissenting_organisations=["IND"],
        position_IND="Er is geen grond voor verblijf.",
        **{"position_NGO-AMS": "Medische belemmering voor terugkeer."},
    )
    refer_url = reverse("meetings:item_mrt_refer", args=[lso.pk, item.pk])
    assert response.status_code == 302 and response["Location"] == refer_url
    item.refresh_from_db()
    assert item.agreed is False and item.dissenting_organisations == ["IND"]
    assert item.discussion_event.data["dissenting_organisations"] == ["IND"]
    detail = client.get(reverse("meetings:meeting_detail", args=[lso.pk])).content.decode()
    assert refer_url in detail

    form_page = client.get(refer_url).content.decode()
    assert "Er is geen grond voor verblijf." in form_page
    assert "Medische belemmering voor terugkeer." in form_page
    assert "Immigratie- en Naturalisatiedienst" in form_page  # named in the draft question

    case.refresh_from_db()
    response = client.post(
        refer_url,
        {
            "effective_date": "2020-03-02",
            "question": "Welke bestendige oplossing adviseert het MRT?",
            "position_IND": "Er is geen grond voor verblijf.",
            "position_NGO-AMS": "Medische belemmering voor terugkeer.",
            "expected_version": str(case.version),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    item.refresh_from_db()
    assert case.mrt_status == "referred"
    assert item.mrt_event.type == EventType.MRT_REFERRED
    assert item.mrt_event.data["positions"] == {
        "IND": "Er is geen grond voor verblijf.",
        "NGO-AMS": "Medische belemmering voor terugkeer.",
    }
    assert not item.offers_mrt_referral


def test_dissent_without_naming_the_partner_is_a_form_error(client, director):
    case = rest_period_case()
    item = meeting(director).items.get(case=case)
    login_verified(client, director)
    response = _post_outcome(client, item, agreed="no")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_dissenting_organisations_0"' in page
    assert case.events.filter(type=EventType.LSO_DISCUSSED).count() == 0


def test_refused_outcome_shows_dutch_reasons_and_stores_nothing(client, director):
    case = rest_period_case()
    item = meeting(director).items.get(case=case)
    login_verified(client, director)
    events_before = CaseEvent.objects.count()
    version_before = case.version
    # The discussion itself is fine; the action's due date lies before the meeting, so the
    # action_item_add service refuses - and the discussion must be rolled back with it.
    response = _post_outcome(
        client,
        item,
        **{
            "actie-0-description": "Gesprek over terugkeer",
            "actie-0-owner_organisation": "DTV",
            "actie-0-due_date": "2020-01-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit is niet opgeslagen" in page
    assert "De streefdatum ligt vóór de datum van toevoegen." in page
    assert CaseEvent.objects.count() == events_before
    case.refresh_from_db()
    item.refresh_from_db()
    assert case.version == version_before and case.scenario == ""
    assert item.status == AgendaItemStatus.OPEN and item.discussion_event is None
    assert not ActionItem.objects.filter(case=case).exists()


def test_refused_by_the_transition_table(client, director):
    case = rest_period_case()
    item = meeting(director).items.get(case=case)
    login_verified(client, director)
    response = _post_outcome(client, item, scenario="", phase="reception")
    assert response.status_code == 400
    assert "De opvangfase begint pas als er een scenario is vastgesteld." in (
        response.content.decode()
    )
    assert not case.events.filter(type=EventType.LSO_DISCUSSED).exists()


def test_outcome_of_a_future_meeting_is_refused(director):
    case = rest_period_case()
    future = meeting(director, day=dt.date.today() + dt.timedelta(days=7))
    item = future.items.get(case=case)
    with pytest.raises(TransitionRefused) as refused:
        services.outcome_record(item=item, actor=director, outcome=services.OutcomeInput())
    assert "De datum ligt in de toekomst; dat kan niet." in refused.value.reasons
    assert not case.events.filter(type=EventType.LSO_DISCUSSED).exists()


def test_stale_version_is_a_conflict_and_stores_nothing(client, director):
    case = rest_period_case()
    item = meeting(director).items.get(case=case)
    login_verified(client, director)
    data = outcome_post(expected_version=str(case.version - 1))
    response = client.post(reverse("meetings:item_outcome", args=[item.meeting_id, item.pk]), data)
    assert response.status_code == 400
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    assert not case.events.filter(type=EventType.LSO_DISCUSSED).exists()


def test_scenario_change_in_the_meeting_goes_through_scenario_change(client, director):
    case = guidance_case()  # scenario departure since 17 Feb
    lso = meeting(director)
    item = services.agenda_add_case(meeting=lso, case=case, actor=director)
    login_verified(client, director)
    missing_reason = _post_outcome(client, item, scenario="residence")
    assert missing_reason.status_code == 400
    response = _post_outcome(
        client, item, scenario="residence", scenario_change_reason="Nieuwe medische informatie"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.scenario == "residence"
    types = list(case.events.values_list("type", flat=True).order_by("sequence"))
    assert types[-2:] == [EventType.SCENARIO_CHANGED, EventType.LSO_DISCUSSED]


def test_director_edits_the_agenda(client, director):
    first, second = rest_period_case(), rest_period_case()
    extra = guidance_case()
    lso = meeting(director)
    login_verified(client, director)
    detail = reverse("meetings:meeting_detail", args=[lso.pk])

    response = client.post(
        reverse("meetings:agenda_add", args=[lso.pk]), {"reference": extra.reference}
    )
    assert response.status_code == 302
    assert lso.items.get(case=extra).reasons == [AgendaReason.ADDED]

    again = client.post(
        reverse("meetings:agenda_add", args=[lso.pk]), {"reference": extra.reference}
    )
    assert again.status_code == 400 and "staat al op de agenda" in again.content.decode()

    foreign = rest_period_case("RTM")
    response = client.post(
        reverse("meetings:agenda_add", args=[lso.pk]), {"reference": foreign.reference}
    )
    assert response.status_code == 400
    assert "bestaat niet of u heeft er geen toegang toe" in response.content.decode()

    def order():
        return list(
            AgendaItem.objects.filter(meeting=lso)
            .exclude(status="removed")
            .order_by("position", "pk")
            .values_list("case_id", flat=True)
        )

    assert order() == [first.pk, second.pk, extra.pk]
    item = lso.items.get(case=extra)
    client.post(
        reverse("meetings:agenda_item_move", args=[lso.pk, item.pk]), {"richting": "omhoog"}
    )
    assert order() == [first.pk, extra.pk, second.pk]
    client.post(
        reverse("meetings:agenda_item_move", args=[lso.pk, item.pk]), {"richting": "omlaag"}
    )
    assert order() == [first.pk, second.pk, extra.pk]

    removed = lso.items.get(case=first)
    response = client.post(reverse("meetings:agenda_item_remove", args=[lso.pk, removed.pk]))
    assert response.status_code == 302
    assert order() == [second.pk, extra.pk]
    client.post(reverse("meetings:agenda_refresh", args=[lso.pk]))
    assert order() == [second.pk, extra.pk]  # a removed proposal stays removed
    assert first.reference not in client.get(detail).content.decode()


def test_partners_see_the_agenda_but_cannot_edit_it(client, director, ind_officer):
    case = rest_period_case()
    lso = meeting(director)
    item = lso.items.get(case=case)
    login_verified(client, ind_officer)
    page = client.get(reverse("meetings:meeting_detail", args=[lso.pk]))
    assert page.status_code == 200 and case.reference in page.content.decode()
    assert reverse("meetings:item_outcome", args=[lso.pk, item.pk]) not in page.content.decode()
    assert client.get(reverse("meetings:item_outcome", args=[lso.pk, item.pk])).status_code == 404
    assert (
        client.post(reverse("meetings:agenda_item_remove", args=[lso.pk, item.pk])).status_code
        == 404
    )
    assert client.get(reverse("meetings:meeting_create")).status_code == 404


def test_partner_request_goes_on_the_next_planned_agenda(client, director, ind_officer):
    case = recent_guidance_case()  # nothing due
    planned = meeting(director, day=dt.date.today() + dt.timedelta(days=10))
    assert not planned.items.filter(case=case).exists()
    login_verified(client, ind_officer)
    response = client.post(
        reverse("meetings:case_discussion_request", args=[case.pk]),
        {"reference": case.reference, "reason": "Nieuwe informatie over de identiteit."},
    )
    assert response.status_code == 302
    item = planned.items.get(case=case)
    assert item.reasons == [AgendaReason.PARTNER_REQUEST]
    login_verified(client, director)
    page = client.get(reverse("meetings:meeting_detail", args=[planned.pk])).content.decode()
    assert "Nieuwe informatie over de identiteit." in page
    assert "Immigratie- en Naturalisatiedienst" in page


def test_counsellor_may_only_request_for_guided_cases(client, director, db):
    from lvv.testing.builders import make_user

    case = guidance_case()
    other_ngo = make_user("andere-ngo", ["counsellor"], "NGO-RTM", ["AMS"])
    login_verified(client, other_ngo)
    response = client.post(
        reverse("meetings:discussion_request"),
        {"reference": case.reference, "reason": "Graag bespreken."},
    )
    assert response.status_code == 400
    assert not case.discussion_requests.exists()


def test_attendance_and_held_status(client, director, ind_officer):
    lso = meeting(director)
    login_verified(client, director)
    url = reverse("meetings:meeting_attendance", args=[lso.pk])
    page = client.get(url).content.decode()
    assert "<legend" in page and "Immigratie- en Naturalisatiedienst" in page
    from lvv.organisations.models import Organisation

    codes = ["GEM-AMS", "IND", "DTV"]
    ids = [str(o.pk) for o in Organisation.objects.filter(code__in=codes)]
    response = client.post(url, {"organisations": ids, "attendees": [str(ind_officer.pk)]})
    assert response.status_code == 302
    assert set(lso.attending_organisations.values_list("code", flat=True)) == set(codes)
    assert list(lso.attendees.all()) == [ind_officer]
    client.post(reverse("meetings:meeting_close", args=[lso.pk]))
    lso.refresh_from_db()
    assert lso.status == "held"


def test_meeting_list_shows_only_meetings_of_own_lvvs(
    client, director, rtm_director, ngo_counsellor
):
    own = meeting(director)
    foreign = meeting(rtm_director, lvv="RTM")
    for user in (director, ngo_counsellor):
        login_verified(client, user)
        page = client.get(reverse("meetings:meeting_list")).content.decode()
        assert reverse("meetings:meeting_detail", args=[own.pk]) in page
        assert reverse("meetings:meeting_detail", args=[foreign.pk]) not in page
    assert "LSO-overleggen" in page  # the menu entry


def test_counsellor_requests_discussion_of_a_guided_case(client, ngo_counsellor):
    case = recent_guidance_case()
    login_verified(client, ngo_counsellor)
    url = reverse("meetings:case_discussion_request", args=[case.pk])
    assert case.reference in client.get(url).content.decode()
    response = client.post(url, {"reference": case.reference, "reason": "Medewerking stokt."})
    assert response.status_code == 302
    request = case.discussion_requests.get()
    assert request.organisation.code == "NGO-AMS" and request.handled_in is None


def test_request_is_handled_when_the_case_is_discussed(director, ind_officer):
    case = rest_period_case()
    request = services.discussion_request_create(
        case=case, actor=ind_officer, reason="Graag de identiteit bespreken."
    )
    item = meeting(director).items.get(case=case)
    assert AgendaReason.PARTNER_REQUEST in item.reasons
    case.refresh_from_db()
    services.outcome_record(item=item, actor=director, outcome=services.OutcomeInput())
    request.refresh_from_db()
    assert request.handled_in == item


def _hidden_version(body: str) -> int:
    match = re.search(r'name="expected_version" value="(\d+)"', body)
    assert match, "no hidden expected_version in the form"
    return int(match.group(1))


def test_after_a_conflict_the_outcome_shows_what_changed_and_can_be_sent_again(
    client, director, ngo_counsellor
):
    case = rest_period_case()
    item = meeting(director).items.get(case=case)
    login_verified(client, director)
    url = reverse("meetings:item_outcome", args=[item.meeting_id, item.pk])
    seen = _hidden_version(client.get(url).content.decode())
    case_services.action_item_add(
        case=case,
        actor=ngo_counsellor,
        effective_date=MEETING_DAY,
        description="Afspraak bij de ambassade maken",
        owner_organisation="NGO-AMS",
    )
    data = outcome_post(expected_version=str(seen), notes="Terugkeer bespreken.")
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "intussen door iemand anders gewijzigd" in body
    assert "Uw invoer staat nog in het formulier" in body
    changes = body.split('id="intussen-gewijzigd"', 1)[1]
    assert "actie toegevoegd aan plan van aanpak" in changes and "door begeleider-lso" in changes
    assert "Terugkeer bespreken." in body  # the user's own answers are kept
    resent = _hidden_version(body)
    assert resent == seen + 1
    response = client.post(url, {**data, "expected_version": str(resent)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert case.events.filter(type=EventType.LSO_DISCUSSED).count() == 1


def test_after_a_conflict_the_mrt_referral_can_be_sent_again(client, director, ngo_counsellor):
    case = guidance_case()
    login_verified(client, director)
    url = reverse("meetings:case_mrt_refer", args=[case.pk])
    seen = _hidden_version(client.get(url).content.decode())
    case_services.review_hold(
        case=case, actor=director, effective_date=MEETING_DAY, cooperation="good"
    )
    data = {
        "effective_date": dt.date.today().isoformat(),
        "question": "De casus zit vast.",
        "expected_version": str(seen),
    }
    body = client.post(url, data).content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert "kwartaalbespreking" in body.split('id="intussen-gewijzigd"', 1)[1]
    response = client.post(url, {**data, "expected_version": str(_hidden_version(body))})
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_after_a_conflict_the_mrt_advice_can_be_sent_again(client, director, mrt_member):
    from lvv.meetings.tests.helpers import referred_case

    case = referred_case(director)
    login_verified(client, mrt_member)
    url = reverse("meetings:mrt_advice", args=[case.pk])
    seen = _hidden_version(client.get(url).content.decode())
    case_services.action_item_add(
        case=case,
        actor=director,
        effective_date=dt.date.today(),
        description="Huisarts bellen",
        owner_organisation="GEM-AMS",
    )
    data = {
        "effective_date": dt.date.today().isoformat(),
        "advice": "Zet in op vertrek.",
        "expected_version": str(seen),
    }
    body = client.post(url, data).content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    response = client.post(url, {**data, "expected_version": str(_hidden_version(body))})
    assert response.status_code == 302, response.content.decode()[-2000:]
