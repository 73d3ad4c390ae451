"""Minutes per reader: only visible cases, never special-category data; print view and PDF."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from lvv.cases.models import Case
from lvv.meetings import pdf, services
from lvv.meetings.tests.helpers import meeting, rest_period_case
from lvv.organisations.models import Organisation
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.system import require_system
from lvv.testing.web import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed_meeting(director):
    """Two AMS cases discussed; the second is guided by another NGO than NGO-AMS."""
    guided = rest_period_case()
    other = rest_period_case()
    second_ngo = Organisation.objects.create(
        code="NGO2-AMS", name="Tweede ngo Amsterdam", kind="ngo", lvv_id=guided.lvv_id
    )
    # Test set-up only: the guiding organisation is reference data, not a case event.
    Case.objects.filter(pk=other.pk).update(guiding_organisation=second_ngo)
    lso = meeting(director)
    for case in (guided, other):
        case.refresh_from_db()
        services.outcome_record(
            item=lso.items.get(case=case),
            actor=director,
            outcome=services.OutcomeInput(
                perspective=f"Perspectief {case.reference}",
                scenario="departure",
                action_items=(services.ActionItemInput("Paspoort aanvragen", "DTV"),),
            ),
        )
    lso.attending_organisations.set(Organisation.objects.filter(code__in=["GEM-AMS", "IND"]))
    return lso, guided, other


def test_director_sees_every_case_of_the_meeting(client, director, discussed_meeting):
    lso, guided, other = discussed_meeting
    login_verified(client, director)
    page = client.get(reverse("meetings:minutes", args=[lso.pk])).content.decode()
    assert guided.reference in page and other.reference in page
    assert f"Perspectief {guided.reference}" in page
    assert "Paspoort aanvragen" in page and "Dienst Terugkeer en Vertrek" in page
    assert "Immigratie- en Naturalisatiedienst" in page  # attendance


def test_counsellor_sees_only_the_cases_the_ngo_guides(client, ngo_counsellor, discussed_meeting):
    lso, guided, other = discussed_meeting
    login_verified(client, ngo_counsellor)
    page = client.get(reverse("meetings:minutes", args=[lso.pk])).content.decode()
    assert guided.reference in page and guided.person.family_name in page
    assert other.reference not in page and other.person.family_name not in page
    assert f"Perspectief {other.reference}" not in page
    entries = ProcessingLogEntry.objects.filter(resource=f"minutes:{lso.pk}", operation="read")
    assert list(entries.values_list("subject_pseudonym", flat=True)) == [guided.person.pseudonym]


def test_reading_the_minutes_logs_one_entry_per_person_shown(client, director, discussed_meeting):
    lso, guided, other = discussed_meeting
    login_verified(client, director)
    client.get(reverse("meetings:minutes", args=[lso.pk]))
    entries = ProcessingLogEntry.objects.filter(resource=f"minutes:{lso.pk}")
    assert sorted(entries.values_list("subject_pseudonym", flat=True)) == sorted(
        [guided.person.pseudonym, other.person.pseudonym]
    )
    assert {entry.audit.username for entry in entries} == {director.username}
    assert set(entries.values_list("activity", flat=True)) == {"lso_case_discussion"}


def test_user_of_another_lvv_gets_404_logged_as_denied(client, rtm_director, discussed_meeting):
    lso, _guided, _other = discussed_meeting
    login_verified(client, rtm_director)
    for name in ("minutes", "minutes_pdf", "meeting_detail"):
        assert client.get(reverse(f"meetings:{name}", args=[lso.pk])).status_code == 404
    assert (
        ProcessingLogEntry.objects.filter(operation="denied", resource=f"meeting:{lso.pk}").count()
        == 3
    )


def test_police_and_mrt_members_cannot_reach_meetings(client, mrt_member, discussed_meeting, db):
    from lvv.testing.builders import make_user

    lso, _guided, _other = discussed_meeting
    police = make_user("politie-lso", ["police_officer"], "AVIM", ["AMS"])
    for user in (police, mrt_member):
        login_verified(client, user)
        assert client.get(reverse("meetings:meeting_list")).status_code == 404
        assert client.get(reverse("meetings:minutes", args=[lso.pk])).status_code == 404


def test_minutes_never_contain_personal_details_beyond_name_and_reference(
    client, director, discussed_meeting
):
    lso, guided, _other = discussed_meeting
    person = guided.person
    person.set_v_number("1234509876")
    person.save()
    if apps.is_installed("lvv.sensitive"):
        from lvv.sensitive.services import sensitive_section_record

        sensitive_section_record(
            case=guided, actor=director, kind="medical", content="Geheime diagnose XYZ"
        )
    login_verified(client, director)
    for name in ("minutes", "meeting_detail"):
        page = client.get(reverse(f"meetings:{name}", args=[lso.pk])).content.decode()
        assert "1234509876" not in page
        assert "Geheime diagnose XYZ" not in page
        assert "ERI" not in page  # nationality


def test_print_view_has_print_css_and_no_inline_script_or_style(
    client, director, discussed_meeting
):
    lso, _guided, _other = discussed_meeting
    login_verified(client, director)
    page = client.get(reverse("meetings:minutes", args=[lso.pk])).content.decode()
    assert "meetings/meetings.css" in page
    assert "style=" not in page and "<script>" not in page and " onclick" not in page


def test_pdf_renders_and_is_logged_as_an_export(client, director, discussed_meeting):
    require_system(pdf.pdf_available(), "PDF minutes need Pango (Debian package libpango-1.0-0)")
    lso, guided, _other = discussed_meeting
    login_verified(client, director)
    response = client.get(reverse("meetings:minutes_pdf", args=[lso.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ProcessingLogEntry.objects.filter(
        operation="export",
        resource=f"minutes-pdf:{lso.pk}",
        subject_pseudonym=guided.person.pseudonym,
    ).exists()


def test_missing_pango_gives_a_dutch_message_instead_of_a_crash(
    client, director, discussed_meeting, monkeypatch
):
    lso, _guided, _other = discussed_meeting
    monkeypatch.setattr(pdf, "_weasyprint", lambda: (None, "OSError"))
    login_verified(client, director)
    response = client.get(reverse("meetings:minutes_pdf", args=[lso.pk]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "De PDF kan op deze server niet worden gemaakt" in page and "Pango" in page
    assert not ProcessingLogEntry.objects.filter(operation="export").exists()
    print_view = client.get(reverse("meetings:minutes", args=[lso.pk])).content.decode()
    assert "Pango" in print_view
    assert reverse("meetings:minutes_pdf", args=[lso.pk]) not in print_view
