"""The MRT worklist and the advice going back to the next LSO agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lvv.cases import services as case_services
from lvv.meetings.models import AgendaReason, Meeting
from lvv.meetings.tests.helpers import (
    guidance_case,
    meeting,
    recent_guidance_case,
    referred_case,
)
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.web import login_verified

pytestmark = pytest.mark.django_db


def test_worklist_shows_only_referred_cases_with_question_and_positions(
    client, mrt_member, system_user
):
    ams = referred_case(system_user, question="Is terugkeer naar Eritrea haalbaar?")
    rtm = referred_case(system_user, lvv="RTM")
    not_referred = guidance_case()
    login_verified(client, mrt_member)
    response = client.get(reverse("meetings:mrt_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ams.reference in page and rtm.reference in page
    assert not_referred.reference not in page
    assert "Is terugkeer naar Eritrea haalbaar?" in page
    assert "Verblijf is niet aan de orde." in page and "Immigratie- en Naturalisatiedienst" in page
    logged = ProcessingLogEntry.objects.filter(resource="mrt-worklist")
    assert set(logged.values_list("subject_pseudonym", flat=True)) == {
        ams.person.pseudonym,
        rtm.person.pseudonym,
    }


def test_worklist_is_for_mrt_members_only(client, director, ind_officer):
    for user in (director, ind_officer):
        login_verified(client, user)
        assert client.get(reverse("meetings:mrt_list")).status_code == 404


def test_advice_lands_on_the_next_planned_agenda(client, mrt_member, director, system_user):
    case = referred_case(system_user)
    later = meeting(director, day=dt.date.today() + dt.timedelta(days=21))
    nearest = meeting(director, day=dt.date.today() + dt.timedelta(days=7))
    other_lvv = meeting(director, day=dt.date.today() + dt.timedelta(days=7), lvv="RTM")
    assert not nearest.items.filter(case=case).exists()
    login_verified(client, mrt_member)
    response = client.post(
        reverse("meetings:mrt_advice", args=[case.pk]),
        {
            "effective_date": dt.date.today().isoformat(),
            "advice": "Zet in op vertrek; vraag een BMA-advies aan.",
            "expected_version": str(case.version),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.mrt_status == "advised"
    item = nearest.items.get(case=case)
    assert item.reasons == [AgendaReason.MRT_ADVICE]
    assert not later.items.filter(case=case).exists()
    assert not other_lvv.items.filter(case=case).exists()
    # the case is no longer with the MRT: out of the worklist and out of reach
    assert case.reference not in client.get(reverse("meetings:mrt_list")).content.decode()
    assert client.get(reverse("meetings:mrt_advice", args=[case.pk])).status_code == 404
    # the director sees the advice on the agenda
    login_verified(client, director)
    page = client.get(reverse("meetings:meeting_detail", args=[nearest.pk])).content.decode()
    assert "Zet in op vertrek; vraag een BMA-advies aan." in page
    assert "advies van het MRT ontvangen" in page


def test_without_a_planned_meeting_the_advice_is_in_the_next_proposal(
    client, mrt_member, director, system_user
):
    case = referred_case(system_user)
    login_verified(client, mrt_member)
    client.post(
        reverse("meetings:mrt_advice", args=[case.pk]),
        {
            "effective_date": dt.date.today().isoformat(),
            "advice": "Advies",
            "expected_version": str(case.version),
        },
    )
    planned = meeting(director, day=dt.date.today() + dt.timedelta(days=3))
    assert planned.items.get(case=case).reasons == [AgendaReason.MRT_ADVICE]
    assert Meeting.objects.count() == 1


def test_refused_advice_shows_reasons_and_stores_nothing(client, mrt_member, system_user):
    case = referred_case(system_user)
    login_verified(client, mrt_member)
    response = client.post(
        reverse("meetings:mrt_advice", args=[case.pk]),
        {
            "effective_date": "2020-01-01",
            "advice": "Te vroeg",
            "expected_version": str(case.version),
        },
    )
    assert response.status_code == 400
    assert "De datum mag niet vóór de voorlegging aan het MRT" in response.content.decode()
    case.refresh_from_db()
    assert case.mrt_status == "referred"


def test_referral_from_the_case_uses_the_last_positions(client, director):
    case = guidance_case()
    login_verified(client, director)
    url = reverse("meetings:case_mrt_refer", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "effective_date": dt.date.today().isoformat(),
            "question": "De casus zit vast.",
            "position_DTV": "Vertrek is mogelijk met een laissez-passer.",
            "expected_version": str(case.version),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:case_detail", args=[case.pk])
    case.refresh_from_db()
    assert case.mrt_status == "referred"
    event = case.events.get(type="mrt_referred")
    assert event.data["positions"] == {"DTV": "Vertrek is mogelijk met een laissez-passer."}


def test_advice_on_the_day_of_the_lso_referral_lands_on_the_planned_agenda(
    client, mrt_member, director
):
    """The LSO discusses the case today, disagrees and refers it; the MRT answers today."""
    today = dt.date.today()
    case = recent_guidance_case()
    case_services.lso_discuss(
        case=case,
        actor=director,
        effective_date=today,
        agreed=False,
        dissenting_organisations=["IND"],
    )
    case_services.mrt_refer(case=case, actor=director, effective_date=today, question="Welke?")
    planned = meeting(director, day=today + dt.timedelta(days=7))
    assert not planned.items.filter(case=case).exists()
    login_verified(client, mrt_member)
    case.refresh_from_db()
    response = client.post(
        reverse("meetings:mrt_advice", args=[case.pk]),
        {
            "effective_date": today.isoformat(),
            "advice": "Zet in op vertrek.",
            "expected_version": str(case.version),
        },
    )
    assert response.status_code == 302
    assert planned.items.get(case=case).reasons == [AgendaReason.MRT_ADVICE]


def test_advice_is_processed_by_a_later_lso_discussion_on_its_own_day(director, system_user):
    """Referred last week, advice this morning, discussed in today's LSO: nothing left."""
    today = dt.date.today()
    case = referred_case(system_user)
    case_services.mrt_advise(case=case, actor=system_user, effective_date=today, advice="!")
    case_services.lso_discuss(case=case, actor=director, effective_date=today)
    planned = meeting(director, day=today + dt.timedelta(days=7))
    assert not planned.items.filter(case=case).exists()
