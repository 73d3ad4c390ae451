"""Bug 5 of issue 12: a meeting is planned (never in the past), in progress on its day while
outcomes are recorded, and held only when the chair closes it; the list keeps the three apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lvv.cases.workflow import TransitionRefused
from lvv.meetings import services
from lvv.meetings.models import AgendaItemStatus, Meeting, MeetingStatus
from lvv.meetings.tests.helpers import guidance_case, outcome_post
from lvv.organisations.models import Lvv
from lvv.testing.builders import build_case
from lvv.testing.web import login_verified

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _case_after_rest_period(lvv: str = "AMS"):
    """Dossier complete about six weeks ago, no scenario yet: on every proposed agenda."""
    from lvv.cases.vocabulary import Stage

    return build_case(Stage.REST_PERIOD, lvv=lvv, start=TODAY - dt.timedelta(weeks=12))


def _meeting_today(director):
    return services.meeting_create(actor=director, lvv=Lvv.objects.get(code="AMS"), date=TODAY)


def _outcome(client, item):
    item.case.refresh_from_db()
    data = outcome_post(expected_version=str(item.case.version))
    return client.post(reverse("meetings:item_outcome", args=[item.meeting_id, item.pk]), data)


def test_recording_an_outcome_leaves_the_meeting_in_progress_and_its_agenda_open(client, director):
    first, second = _case_after_rest_period(), _case_after_rest_period()
    lso = _meeting_today(director)
    login_verified(client, director)
    assert _outcome(client, lso.items.get(case=first)).status_code == 302
    lso.refresh_from_db()
    assert lso.status == MeetingStatus.PLANNED
    page = client.get(reverse("meetings:meeting_detail", args=[lso.pk])).content.decode()
    assert "bezig" in page
    assert "Overleg afsluiten" in page
    assert "Casus op de agenda zetten" in page  # the agenda can still be changed
    late = guidance_case()
    services.agenda_add_case(meeting=lso, case=late, actor=director)
    assert lso.items.get(case=late).status == AgendaItemStatus.OPEN
    assert _outcome(client, lso.items.get(case=second)).status_code == 302


def test_the_chair_closes_the_meeting_and_then_its_agenda_and_outcomes_are_fixed(client, director):
    discussed, left_open = _case_after_rest_period(), _case_after_rest_period()
    lso = _meeting_today(director)
    login_verified(client, director)
    assert _outcome(client, lso.items.get(case=discussed)).status_code == 302
    response = client.post(reverse("meetings:meeting_close", args=[lso.pk]))
    assert response.status_code == 302
    lso.refresh_from_db()
    assert lso.status == MeetingStatus.HELD
    page = client.get(reverse("meetings:meeting_detail", args=[lso.pk])).content.decode()
    assert "Overleg afsluiten" not in page and "Casus op de agenda zetten" not in page
    assert "afgesloten" in page
    response = _outcome(client, lso.items.get(case=left_open))
    assert response.status_code == 400
    assert "Dit overleg is afgesloten" in response.content.decode()
    with pytest.raises(TransitionRefused):
        services.agenda_add_case(meeting=lso, case=guidance_case(), actor=director)
    with pytest.raises(TransitionRefused):
        services.agenda_remove_item(item=lso.items.get(case=left_open), actor=director)


def test_a_meeting_is_closed_on_its_day_at_the_earliest(director):
    later = services.meeting_create(
        actor=director, lvv=Lvv.objects.get(code="AMS"), date=TODAY + dt.timedelta(days=7)
    )
    with pytest.raises(TransitionRefused) as refused:
        services.meeting_close(meeting=later, actor=director)
    assert "pas op de dag van het overleg" in refused.value.reasons[0]
    later.refresh_from_db()
    assert later.status == MeetingStatus.PLANNED


def test_a_meeting_cannot_be_planned_in_the_past_but_today_can(client, director):
    login_verified(client, director)
    url = reverse("meetings:meeting_create")
    lvv = director.lvvs.get().pk
    response = client.post(url, {"lvv": lvv, "date": "2019-06-03"})
    assert response.status_code == 200
    assert "Een overleg kan niet in het verleden worden gepland" in response.content.decode()
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    assert client.post(url, {"lvv": lvv, "date": yesterday}).status_code == 200
    assert not Meeting.objects.exists()
    assert client.post(url, {"lvv": lvv, "date": TODAY.isoformat()}).status_code == 302
    with pytest.raises(TransitionRefused):
        services.meeting_create(
            actor=director, lvv=Lvv.objects.get(code="AMS"), date=dt.date(2019, 6, 3)
        )


def test_the_list_keeps_planned_in_progress_and_held_meetings_apart(client, director):
    ams = Lvv.objects.get(code="AMS")
    planned = services.meeting_create(actor=director, lvv=ams, date=TODAY + dt.timedelta(days=7))
    in_progress = _meeting_today(director)
    unclosed = services.meeting_create(
        actor=director,
        lvv=ams,
        date=TODAY - dt.timedelta(days=14),
        today=TODAY - dt.timedelta(days=14),
    )
    held = services.meeting_create(
        actor=director,
        lvv=ams,
        date=TODAY - dt.timedelta(days=28),
        today=TODAY - dt.timedelta(days=28),
    )
    services.meeting_close(meeting=held, actor=director)
    login_verified(client, director)
    page = client.get(reverse("meetings:meeting_list")).content.decode()

    def section(anchor: str) -> str:
        return page.split(f'id="{anchor}"', 1)[1].split("</table>", 1)[0]

    def link(meeting) -> str:
        return reverse("meetings:meeting_detail", args=[meeting.pk])

    assert link(planned) in section("geplande-overleggen")
    assert link(in_progress) not in section("geplande-overleggen")
    assert link(in_progress) in section("lopende-overleggen")
    assert link(unclosed) in section("lopende-overleggen")
    assert link(held) in section("gehouden-overleggen")
    assert link(held) not in section("geplande-overleggen") + section("lopende-overleggen")


def test_refreshing_the_agenda_counts_in_proper_dutch(client, director):
    lso = services.meeting_create(
        actor=director, lvv=Lvv.objects.get(code="AMS"), date=TODAY + dt.timedelta(days=7)
    )
    _case_after_rest_period()
    login_verified(client, director)
    url = reverse("meetings:agenda_refresh", args=[lso.pk])
    first = client.post(url, follow=True).content.decode()
    assert "1 casus toegevoegd" in first and "casus(sen)" not in first
    _case_after_rest_period(), _case_after_rest_period()
    second = client.post(url, follow=True).content.decode()
    assert "2 casussen toegevoegd" in second
    third = client.post(url, follow=True).content.decode()
    assert "geen nieuwe casussen" in third


def test_the_meeting_forms_use_the_same_form_layout_as_the_case_pages(client, director):
    """Issue 12, bug 8: the same widgets, fieldsets and buttons as every other form."""
    case = _case_after_rest_period()
    lso = _meeting_today(director)
    item = lso.items.get(case=case)
    login_verified(client, director)
    pages = [
        reverse("meetings:meeting_create"),
        reverse("meetings:meeting_attendance", args=[lso.pk]),
        reverse("meetings:item_outcome", args=[lso.pk, item.pk]),
        reverse("meetings:case_mrt_refer", args=[guidance_case().pk]),
        reverse("meetings:discussion_request"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "lvv-fieldset" not in body, url
        assert 'class="utrecht-button-group"' in body, url
        for tag in ("<input", "<select", "<textarea"):
            for widget in body.split(tag)[1:]:
                attributes = widget.split(">", 1)[0]
                if 'type="hidden"' in attributes or "csrfmiddlewaretoken" in attributes:
                    continue
                assert 'class="utrecht-' in attributes, (url, tag, attributes)
    outcome = client.get(pages[2]).content.decode()
    assert "utrecht-form-fieldset--html-fieldset lvv-group" in outcome
    assert "utrecht-radio-button" in outcome and "utrecht-checkbox" in outcome
