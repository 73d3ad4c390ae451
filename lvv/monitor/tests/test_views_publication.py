"""The pages publish what ``lvv.monitor.publication`` computes: suppression always on for the
national view, the further figures, the cohort page with its chart and downloads, the command."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.cohort import cohort_figures
from lvv.monitor.definitions import flatten
from lvv.monitor.figures import monitor_figures
from lvv.monitor.publication import cohort_publication, page_figures
from lvv.monitor.services import measurement_save
from lvv.monitor.tests.test_views import _client, _csv, _page, _table_values, _xlsx
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import make_user

D = dt.date(2020, 11, 1)
R = dt.date(2020, 1, 6)
DAY = dt.timedelta(days=1)
PILOTS = ["AMS", "EHV", "GRN", "RTM", "UTR"]


@pytest.fixture
def director(db):
    return make_user("regisseur-p", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


@pytest.fixture
def analyst(db):
    return make_user("analist-p", [Role.PROGRAMME_ANALYST], "PROGRAMMA", [])


@pytest.fixture
def issue_example(db):
    """The issue's case: 49 persons ever sheltered nationally, RTM only 1 of them."""
    sizes = {"AMS": 20, "EHV": 8, "GRN": 12, "RTM": 1, "UTR": 8}
    rows = []
    for code, size in sizes.items():
        for n in range(size):
            kwargs = {"intake": R + DAY, "sex": "MF"[n % 2]}
            if n % 3 == 0:
                kwargs.update(outflow="unknown_destination", outflow_date=R + 50 * DAY)
            rows.append(stay_row(code, f"{code}-{n}", R, **kwargs))
    import_rows(rows)


def test_the_analyst_cannot_recover_rtm_from_the_national_total(client, analyst, issue_example):
    response = _page(_client(client, analyst), "figures", peildatum=D.isoformat())
    values = _table_values(response)
    assert values["total"]["sheltered"] == 49
    assert values["RTM"]["sheltered"] == "<5"
    others = [values[code]["sheltered"] for code in PILOTS if code != "RTM"]
    assert "x" in others  # 49 minus the rest no longer gives RTM
    assert "afschermen" not in response.context["form"].fields
    body = response.content.decode()
    assert 'name="afschermen"' not in body
    assert "altijd afgeschermd" in body


@pytest.mark.parametrize("page", ["series", "cohort"])
def test_the_analyst_has_no_switch_on_any_page(client, analyst, issue_example, page):
    client = _client(client, analyst)
    response = _page(client, page, afschermen="")
    assert response.status_code == 200
    assert response.context["suppress"] is True
    assert 'name="afschermen"' not in response.content.decode()


def test_a_saved_measurement_is_suppressed_for_the_analyst(client, analyst, issue_example):
    saved = measurement_save(actor=analyst, reference_date=D)
    client = _client(client, analyst)
    response = client.get(reverse("monitor:measurement_detail", args=[saved.pk]))
    assert _table_values(response)["RTM"]["sheltered"] == "<5"
    rows = _csv(
        client.get(reverse("monitor:measurement_detail", args=[saved.pk]), {"download": "csv"})
    )
    assert {row[2]: row for row in rows[1:]}["sheltered"][7] == "<5"


def test_a_director_chooses_and_sees_exact_figures_by_default(client, director, issue_example):
    client = _client(client, director)
    response = _page(client, "figures", peildatum=D.isoformat())
    assert response.context["suppress"] is False
    assert "afschermen" in response.context["form"].fields
    assert _table_values(response)["AMS"] == flatten(monitor_figures(D, ["AMS"])["figures"]["AMS"])


# --- further figures on the page and in the downloads --------------------------------------------


def test_the_figures_page_shows_the_further_figures_and_downloads_them(
    client, director, issue_example
):
    client = _client(client, director)
    response = _page(client, "figures", peildatum=D.isoformat(), periode_van="2020-01-01")
    sections = {section["key"]: section for section in response.context["sections"]}
    assert list(sections) == [
        "sex",
        "age",
        "nationality",
        "phase",
        "scenario_duration",
        "mrt",
        "exceptions",
    ]
    expected = page_figures(D, ["AMS"], period_start=dt.date(2020, 1, 1))["further"]
    sex = {row["key"]: row["values"][0] for row in sections["sex"]["rows"]}
    assert sex == {f"sex.{k}": v for k, v in expected["figures"]["AMS"]["sex"].items()}
    body = response.content.decode()
    assert "Aanwezigen op de peildatum naar geslacht" in body
    rows = _csv(_page(client, "figures", peildatum=D.isoformat(), download="csv"))
    keys = {row[2] for row in rows[1:]}
    assert {"sex.M", "age.25-34", "phase.none", "mrt.referred", "exceptions.present"} <= keys
    assert "median_days.intake_to_outflow" in keys
    workbook = _xlsx(_page(client, "figures", peildatum=D.isoformat(), download="xlsx"))
    assert workbook.sheetnames == ["Monitor", "Doorlooptijden", "Verdere cijfers"]
    further = {row[2]: row for row in workbook["Verdere cijfers"].iter_rows(values_only=True)}
    assert further["sex.M"][4] == expected["figures"]["AMS"]["sex"]["M"]
    assert isinstance(further["sex.M"][0], dt.datetime)


def test_a_bad_period_is_refused(client, director, issue_example):
    response = _page(
        _client(client, director), "figures", peildatum="2020-05-01", periode_van="2020-06-01"
    )
    assert "De periode begint na de peildatum." in response.content.decode()


# --- cohort page ----------------------------------------------------------------------------------


def test_the_cohort_page_has_a_table_a_chart_and_no_inline_code(client, director, issue_example):
    client = _client(client, director)
    response = _page(client, "cohort", van="2020-01", tot="2020-01", peildatum=D.isoformat())
    assert response.status_code == 200
    table = response.context["table"]
    expected = cohort_figures(dt.date(2020, 1, 1), dt.date(2020, 1, 31), D, ["AMS"])
    assert table["size"] == expected["groups"]["total"]["size"] == 20
    assert table["columns"] == ["na 3 maanden", "na 6 maanden", "na 12 maanden", "na 18 maanden"]
    rows = {row["key"]: row["values"] for row in table["rows"]}
    assert rows["unknown_destination"][0] == 7
    assert rows["sheltered"][0] == 13
    assert rows["not_reached"] == [0, 0, 20, 20]
    body = response.content.decode()
    assert 'id="grafiek-cohort"' in body
    assert 'id="monitor-chart-data" type="application/json"' in body
    data = response.context["chart_data"]
    assert data["labels"] == table["columns"]
    assert data["charts"][0]["stacked"] is True
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", body, re.S)
    for attrs, content in scripts:
        executable = 'type="application/json"' not in attrs
        assert not executable or ("src=" in attrs and not content.strip())
    assert "style=" not in body
    assert not re.search(r"\son[a-z]+=", body)
    assert "RTM" not in body  # a director sees only own LVVs


def test_cohort_downloads_hold_every_visible_lvv_with_date_cells(client, analyst, issue_example):
    client = _client(client, analyst)
    params = {"van": "2020-01", "tot": "2020-01", "peildatum": D.isoformat()}
    workbook = _xlsx(_page(client, "cohort", download="xlsx", **params))
    sheet = workbook["Cohort"]
    first = next(sheet.iter_rows(max_row=1))
    assert first[1].is_date and first[1].value.date() == D
    rows = list(sheet.iter_rows(values_only=True))
    published = cohort_publication(dt.date(2020, 1, 1), dt.date(2020, 1, 31), D, suppress=True)
    rtm = [row for row in rows if row[0] and str(row[0]).startswith("RTM")]
    assert rtm[0][2] == published["groups"]["RTM"]["size"] == "<5"
    total = [row for row in rows if row[0] == "Landelijk totaal"]
    assert total[0][2] == 49
    csv_rows = _csv(_page(client, "cohort", download="csv", **params))
    assert any(row and row[0].startswith("UTR") for row in csv_rows)
    assert (
        ProcessingLogEntry.objects.filter(
            operation="export", resource__startswith="monitor-cohort:"
        ).count()
        == 2
    )


def test_other_roles_get_404_on_the_cohort_page(client, issue_example):
    counsellor = make_user("begeleider-p", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    assert _page(_client(client, counsellor), "cohort").status_code == 404


# --- the command publishes the same ---------------------------------------------------------


def test_the_command_prints_the_further_figures_and_the_cohort_like_the_pages(issue_example):
    out = io.StringIO()
    call_command(
        "monitor",
        "--reference-date",
        D.isoformat(),
        "--further",
        "--suppress-small-cells",
        "--format",
        "json",
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    page = page_figures(D, period_start=dt.date(2020, 1, 1), suppress=True)
    assert printed["figures"] == page["figures"]["figures"]
    assert printed["further"] == page["further"]
    assert printed["extra"] == page["extra"]
    out = io.StringIO()
    call_command(
        "monitor",
        "--reference-date",
        D.isoformat(),
        "--cohort-from",
        "2020-01-01",
        "--cohort-to",
        "2020-01-31",
        "--format",
        "json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == cohort_figures(
        dt.date(2020, 1, 1), dt.date(2020, 1, 31), D
    )
    for fmt in ("table", "csv"):
        out = io.StringIO()
        call_command(
            "monitor", "--reference-date", D.isoformat(), "--further", "--format", fmt, stdout=out
        )
        assert "sex.M" in out.getvalue() or "man" in out.getvalue()
        out = io.StringIO()
        call_command(
            "monitor",
            "--reference-date",
            D.isoformat(),
            "--cohort-from",
            "2020-01-01",
            "--cohort-to",
            "2020-01-31",
            "--format",
            fmt,
            stdout=out,
        )
        assert "unknown_destination" in out.getvalue() or "MOB" in out.getvalue()
