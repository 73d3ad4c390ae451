"""``lvv demo``: covers the whole process, every role, obeys the rules, prints no personal data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lvv.access.models import User
from lvv.cases.deadlines import next_review_due, rest_period_end
from lvv.cases.events import EventType
from lvv.cases.models import ActionItem, Case, CaseEvent, Person
from lvv.cases.selectors import rebuild_state
from lvv.cases.vocabulary import MrtStatus, OutflowCategory, Phase, Stage
from lvv.demo.tests.conftest import DEMO_CASES
from lvv.demo.users import DEMO_PASSWORD
from lvv.processing_log.activities import Activity
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role

pytestmark = pytest.mark.django_db


def test_every_stage_and_every_outflow_category_is_present(demo_output):
    assert Case.objects.count() == DEMO_CASES
    assert set(Case.objects.values_list("stage", flat=True)) == set(Stage.values)
    outflow = set(Case.objects.values_list("outflow_category", flat=True)) - {""}
    assert outflow == set(OutflowCategory.values)


def test_every_role_has_a_demo_account_with_the_documented_password(demo_output):
    users = User.objects.filter(is_system=False)
    roles = {role for user in users for role in user.roles}
    assert roles == set(Role.values)
    director = User.objects.get(username="regisseur-ams")
    assert director.organisation.code == "GEM-AMS"
    assert [lvv.code for lvv in director.lvvs.all()] == ["AMS"]
    assert User.objects.get(username="begeleider-ams").organisation.code == "NGO-AMS"
    for national in ("ind", "dtv"):
        assert User.objects.get(username=national).lvvs.count() == 5
    assert director.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in demo_output
    for user in users:
        assert user.username in demo_output


def test_the_special_situations_are_all_there(demo_output):
    today = timezone.localdate()
    exceptions = Case.objects.filter(within_target_group=False)
    assert exceptions.exists()
    for case in exceptions:
        assert case.exception_reason
        decision = case.events.get(type=EventType.ADMISSION_DECIDED)
        assert decision.actor.has_role(Role.CASE_DIRECTOR)
    assert Case.objects.filter(lvv__code="RTM", safe_country_national=True).exists()
    assert Case.objects.filter(mrt_status=MrtStatus.REFERRED).exists()
    assert Case.objects.filter(mrt_status=MrtStatus.ADVISED).exists()
    assert Case.objects.filter(phase=Phase.RECEPTION).exists()
    changes = CaseEvent.objects.filter(type=EventType.SCENARIO_CHANGED)
    assert changes.exists() and all(change.reason for change in changes)
    assert CaseEvent.objects.filter(type=EventType.EVENT_CORRECTED).count() >= 2
    two_stays = [p for p in Person.objects.all() if p.cases.count() == 2]
    assert two_stays
    for person in two_stays:
        first, second = person.cases.order_by("referral_date")
        assert first.lvv_id != second.lvv_id
        assert first.outflow_date < second.referral_date
    states = [case.to_state() for case in Case.objects.all()]
    assert any(
        s.stage == Stage.REST_PERIOD and not s.scenario and (rest_period_end(s) or today) < today
        for s in states
    )
    assert any(s.is_open and (next_review_due(s) or today) < today for s in states)
    done = ActionItem.objects.filter(done_date__isnull=False)
    overdue = ActionItem.objects.filter(done_date__isnull=True, due_date__lt=today)
    assert done.exists()
    assert overdue.values("owner_organisation").distinct().count() >= 2
    assert Case.objects.filter(referral_date__lt="2019-04-01").count() == 0
    assert Case.objects.filter(last_effective_date__gt=today).count() == 0


def test_projection_of_every_demo_case_equals_a_rebuild_from_its_events(demo_output):
    for case in Case.objects.all():
        assert case.to_state() == rebuild_state(case), case.pk


def test_the_demo_went_through_the_services_and_left_a_processing_log(demo_output):
    events = CaseEvent.objects.count()
    logged = ProcessingLogEntry.objects.filter(activity=Activity.DEMO_DATA).count()
    assert logged >= events  # one entry per write, plus one per person created
    assert CaseEvent.objects.filter(actor__isnull=True).count() == 0


def test_stdout_shows_no_personal_data(demo_output):
    for person in Person.objects.all():
        for value in (person.given_names, person.family_name, person.v_number):
            if value:
                assert value not in demo_output
        if person.local_reference:
            assert person.local_reference not in demo_output


def test_if_empty_does_nothing_when_cases_exist(demo_output):
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert Case.objects.count() == DEMO_CASES
    assert "niet opnieuw geladen" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())


def test_demo_accounts_that_see_personal_data_have_the_demo_authenticator(db):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lvv.access.two_factor import has_two_factor, needs_two_factor
    from lvv.demo.users import demo_totp_code, demo_users_create

    created = demo_users_create()
    for _account, user in created:
        assert has_two_factor(user) is needs_two_factor(user)
    device = TOTPDevice.objects.get(user__username="regisseur-ams")
    assert demo_totp_code() == f"{totp(device.bin_key):06d}"
    assert device.verify_token(demo_totp_code())


def test_recorded_times_are_spread_shortly_after_each_event_and_never_in_the_future(
    demo_output,
):
    """Each event was entered shortly after it happened, in order, never later than now."""
    import datetime as dt

    now = timezone.now()
    events = list(CaseEvent.objects.order_by("case_id", "sequence"))
    moments = [event.recorded_at for event in events]
    assert len(set(moments)) > 0.95 * len(events)  # not one recording time for everything
    assert max(moments) <= now
    previous = {}
    for event in events:
        local = timezone.localtime(event.recorded_at)
        if event.type != EventType.EVENT_CORRECTED:
            assert (
                event.effective_date <= local.date() <= event.effective_date + dt.timedelta(days=10)
            ), (event.type, event.effective_date, local)
        if event.case_id in previous:  # in order (one meeting outcome: several at once)
            assert event.recorded_at >= previous[event.case_id], event.case_id
        previous[event.case_id] = event.recorded_at
    office_hours = [m for m in moments if 8 <= timezone.localtime(m).hour < 18]
    assert len(office_hours) > 0.8 * len(moments)


def test_every_lvv_has_a_held_and_a_planned_lso_meeting_made_through_the_services(demo_output):
    from lvv.meetings.models import AgendaItemStatus, Meeting, MeetingStatus
    from lvv.organisations.models import Lvv

    today = timezone.localdate()
    discussed_somewhere = 0
    for lvv in Lvv.objects.all():
        held = Meeting.objects.filter(lvv=lvv, status=MeetingStatus.HELD)
        planned = Meeting.objects.filter(lvv=lvv, status=MeetingStatus.PLANNED, date__gt=today)
        assert held.exists() and planned.exists(), lvv.code
        assert all(meeting.date < today for meeting in held)
        assert all(meeting.attending_organisations.exists() for meeting in held)
        for meeting in held:
            for item in meeting.items.filter(status=AgendaItemStatus.DISCUSSED):
                discussed_somewhere += 1
                event = item.discussion_event
                assert event.type == EventType.LSO_DISCUSSED
                assert event.effective_date == meeting.date
                assert event.data["meeting_id"] == meeting.pk
                assert event.actor.has_role(Role.CASE_DIRECTOR)
    assert discussed_somewhere >= 1  # a small demo has few cases to discuss
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED, items__isnull=False).exists()
