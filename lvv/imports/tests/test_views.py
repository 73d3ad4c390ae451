"""The caseload import page: all or nothing, the same report as the command, own LVVs only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lvv.cases.models import Case, CaseEvent, Person
from lvv.imports import forms as import_forms
from lvv.imports.parser import COLUMNS
from lvv.imports.testing import import_rows, stay_row, to_csv
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import make_user
from lvv.testing.web import login_verified

R = dt.date(2020, 1, 6)
DAY = dt.timedelta(days=1)
URL = "/import/"
V_NUMBER = "2345678901"


@pytest.fixture
def director(db):
    return make_user("regisseur-i", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


@pytest.fixture
def logged_in(client, director):
    login_verified(client, director)
    return client


def _rows():
    return [
        stay_row("AMS", "", R, v_number=V_NUMBER, intake=R + DAY, dossier=R + 5 * DAY),
        stay_row("AMS", "imp-2", R, intake=R + 2 * DAY),
        stay_row("AMS", "imp-3", R, decision="refused"),
    ]


def _upload(client, content: bytes | str, name: str = "caseload.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(URL, {"bestand": SimpleUploadedFile(name, content)})


def test_the_url_is_the_named_page():
    assert reverse("imports:caseload_import") == URL


def test_a_good_file_is_imported_and_the_counts_are_shown(logged_in):
    response = _upload(logged_in, to_csv(_rows()))
    assert response.status_code == 302
    assert Case.objects.count() == 3
    assert Person.objects.count() == 3
    assert ProcessingLogEntry.objects.filter(activity="caseload_import").exists()
    page = logged_in.get(response["Location"])
    result = page.context["result"]
    assert result["rows"] == 3 and result["stays_created"] == 3 and result["persons_created"] == 3
    body = page.content.decode()
    assert "Import voltooid" in body
    assert "3 nieuwe casussen (verblijven) aangemaakt" in body
    assert V_NUMBER not in body
    # Shown once: a reload does not repeat it.
    assert logged_in.get(URL).context["result"] is None


def test_importing_a_newer_version_reports_events_appended(logged_in):
    _upload(logged_in, to_csv(_rows()))
    rows = _rows()
    rows[1] = stay_row(
        "AMS", "imp-2", R, intake=R + 2 * DAY, outflow="other", outflow_date=R + 9 * DAY
    )
    response = _upload(logged_in, to_csv(rows))
    assert response.status_code == 302
    page = logged_in.get(URL)
    result = page.context["result"]
    assert result["stays_extended"] == 1
    assert result["events_added"] == 1
    assert result["stays_unchanged"] == 2
    assert "1 bestaande casus bijgewerkt met in totaal 1 toegevoegde" in page.content.decode()
    assert Case.objects.get(person__local_reference="imp-2").outflow_category == "other"


def test_an_xlsx_workbook_is_imported(logged_in):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in _rows():
        sheet.append([row[column] for column in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    response = _upload(logged_in, out.getvalue(), "caseload.xlsx")
    assert response.status_code == 302
    assert Case.objects.count() == 3


def test_a_wrong_row_stores_nothing_and_reports_line_column_reason(logged_in):
    rows = _rows()
    rows[1]["intake_date"] = "2020-13-45"
    rows.append(stay_row("AMS", "imp-4", R, intake=R - DAY))  # intake before referral
    response = _upload(logged_in, to_csv(rows))
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert Person.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    errors = response.context["errors"]
    assert {(error.line, error.column) for error in errors} >= {(3, "intake_date")}
    assert any(error.line == 5 for error in errors)
    body = response.content.decode()
    assert "er is niets opgeslagen" in body
    assert 'href="#id_bestand"' in body  # the error summary points at the upload field
    assert "<td>3</td><td>intake_date</td>" in body
    assert V_NUMBER not in body and "2020-13-45" not in body


def test_the_report_is_the_same_as_the_command_gives(logged_in, director):
    from lvv.imports.parser import read_bytes
    from lvv.imports.services import ImportRefused, caseload_import

    rows = _rows()
    rows[0]["sex"] = "Q"
    content = to_csv(rows).encode()
    with pytest.raises(ImportRefused) as refused:
        caseload_import(read_bytes(content, "x.csv"), actor=director)
    response = _upload(logged_in, content)
    assert [str(e) for e in response.context["errors"]] == [str(e) for e in refused.value.errors]


def test_rows_for_an_lvv_the_director_does_not_work_for_are_refused(logged_in):
    rows = _rows() + [stay_row("RTM", "imp-rtm", R, intake=R + DAY)]
    response = _upload(logged_in, to_csv(rows))
    assert response.status_code == 200
    assert Case.objects.count() == 0
    errors = response.context["errors"]
    assert [(e.line, e.column) for e in errors] == [(5, "lvv")]
    assert "U mag geen caseload importeren voor deze LVV." in response.content.decode()


def test_an_unreadable_header_is_reported(logged_in):
    response = _upload(logged_in, "naam,geboortedatum\nx,y\n")
    assert response.status_code == 200
    assert "Ontbrekende kolommen" in response.content.decode()


def test_file_type_and_size_are_checked(logged_in, monkeypatch):
    response = _upload(logged_in, "x", "caseload.txt")
    assert "Kies een CSV- of XLSX-bestand" in response.content.decode()
    monkeypatch.setattr(import_forms, "MAX_UPLOAD_BYTES", 10)
    response = _upload(logged_in, to_csv(_rows()))
    body = response.content.decode()
    assert "het mag hoogstens 10" in body
    assert Case.objects.count() == 0
    response = logged_in.post(URL, {})
    assert "Kies een bestand." in response.content.decode()


def test_the_limit_is_twenty_megabytes():
    assert import_forms.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_only_case_directors_reach_the_page(client, db):
    import_rows([stay_row("AMS", "x", R)])
    analyst = make_user("analist-i", [Role.PROGRAMME_ANALYST], "PROGRAMMA", [])
    counsellor = make_user("begeleider-i", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    for user in (analyst, counsellor):
        client.logout()
        login_verified(client, user)
        assert client.get(URL).status_code == 404
        assert _upload(client, to_csv(_rows())).status_code == 404
    assert Case.objects.count() == 1
    assert ProcessingLogEntry.objects.filter(
        operation="denied", activity="caseload_import", audit__username="analist-i"
    ).exists()


def test_the_page_names_the_lvvs_one_may_import_for(logged_in):
    body = logged_in.get(URL).content.decode()
    assert "AMS (Amsterdam)" in body
    assert 'enctype="multipart/form-data"' in body
    assert 'for="id_bestand"' in body
