from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import build_case, make_person, make_user
from lvv.testing.web import login_verified


@pytest.fixture
def director(db):
    return make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


def test_export_of_another_lvvs_case_is_404_and_logged_denied(client, director):
    other = build_case(Stage.GUIDANCE, lvv="RTM")
    login_verified(client, director)
    assert client.get(reverse("web:case_export", args=[other.pk])).status_code == 404
    assert ProcessingLogEntry.objects.filter(
        operation="denied", resource=f"case:{other.pk}", subject_pseudonym=other.person.pseudonym
    ).exists()


def test_export_of_own_case_has_every_event_escaped_and_is_logged(client, director):
    person = make_person(given_names="=HYPERLINK(1)", family_name="", v_number="1212121212")
    case = build_case(Stage.OUTFLOWED, lvv="AMS", person=person)
    login_verified(client, director)
    response = client.get(reverse("web:case_export", args=[case.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert any(cell.startswith("'=") for r in rows for cell in r)
    assert sum(1 for r in rows if r and r[0].isdigit()) == case.events.count()
    entry = ProcessingLogEntry.objects.get(operation="export", resource=f"case:{case.pk}")
    assert entry.subject_pseudonym == person.pseudonym


def test_counsellor_cannot_export(client, db):
    counsellor = make_user("begeleider", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, counsellor)
    assert client.get(reverse("web:case_export", args=[case.pk])).status_code == 404


def test_case_page_links_to_sections_export_and_lso_request_by_policy(client, director):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, director)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert reverse("sensitive:sections", args=[case.pk]) in page
    assert reverse("web:case_export", args=[case.pk]) in page
    ind = make_user("ind", [Role.IND_OFFICER], "IND", ["AMS"])
    login_verified(client, ind)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert reverse("sensitive:sections", args=[case.pk]) not in page
    assert reverse("web:case_export", args=[case.pk]) not in page
    assert reverse("meetings:case_discussion_request", args=[case.pk]) in page
