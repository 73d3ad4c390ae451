"""The monitor pages: scope per role, drill-down, downloads, saved measurements, comparison."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lvv.cases import services
from lvv.cases.models import Case
from lvv.cases.vocabulary import Stage
from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.definitions import DEFINITIONS_VERSION, flatten
from lvv.monitor.figures import monitor_figures
from lvv.monitor.models import SavedMeasurement
from lvv.monitor.selectors import drillable_figures
from lvv.monitor.services import measurement_save, suppress_small_cells
from lvv.organisations.models import Lvv
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import build_case, make_person, make_user
from lvv.testing.web import login_verified

D = dt.date(2020, 11, 1)
R = dt.date(2020, 1, 6)
DAY = dt.timedelta(days=1)
SECRET_NAME = "Geheimenaam"
SECRET_V = "1234509876"


@pytest.fixture
def director(db):
    return make_user("regisseur-m", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


@pytest.fixture
def analyst(db):
    return make_user("analist-m", [Role.PROGRAMME_ANALYST], "PROGRAMMA", [])


@pytest.fixture
def history(db):
    """AMS: 7 stays (3 outflows, scenarios, an MRT referral, an exception); RTM: 3 stays."""
    rows = []
    for n in range(7):
        kwargs = {"intake": R + DAY, "dossier": R + 10 * DAY}
        if n < 3:
            kwargs.update(outflow="departure_origin", outflow_date=R + 40 * DAY)
        elif n < 5:
            kwargs.update(scenario="residence", scenario_date=R + 20 * DAY)
        if n == 3:
            kwargs["mrt"] = R + 30 * DAY
        rows.append(stay_row("AMS", f"ams-{n}", R, **kwargs))
    rows.append(stay_row("AMS", "ams-uitzondering", R, intake=R + DAY, within=False))
    rows += [stay_row("RTM", f"rtm-{n}", R, intake=R + DAY) for n in range(3)]
    import_rows(rows)
    person = make_person(family_name=SECRET_NAME, v_number=SECRET_V)
    return build_case(Stage.GUIDANCE, lvv="AMS", person=person)


def _client(client, user):
    client.logout()
    login_verified(client, user)
    return client


def _page(client, name, **params):
    return client.get(reverse(f"monitor:{name}"), params)


def _table_values(response) -> dict[str, dict[str, object]]:
    table = response.context["table"]
    codes = [column["code"] for column in table["columns"]]
    return {
        code: {row["key"]: row["cells"][i]["value"] for row in table["rows"]}
        for i, code in enumerate(codes)
    }


def _assert_no_personal_data(body: str, case: Case) -> None:
    assert SECRET_NAME not in body
    assert SECRET_V not in body
    assert case.person.local_reference not in body
    assert "ams-0" not in body


# --- scope per role ---------------------------------------------------------------------------


def test_director_sees_only_own_lvv_and_a_total_over_it(client, director, history):
    response = _page(_client(client, director), "figures", peildatum=D.isoformat())
    assert response.status_code == 200
    values = _table_values(response)
    assert list(values) == ["AMS", "total"]
    expected = flatten(monitor_figures(D, ["AMS"])["figures"]["AMS"])
    assert values["AMS"] == expected
    assert values["total"] == expected
    body = response.content.decode()
    assert "RTM" not in body and "Rotterdam" not in body
    assert "Landelijk totaal" not in body
    _assert_no_personal_data(body, history)


def test_analyst_sees_all_lvvs_and_the_national_total_without_personal_data(
    client, analyst, history
):
    response = _page(_client(client, analyst), "figures", peildatum=D.isoformat())
    assert response.status_code == 200
    values = _table_values(response)
    assert list(values) == ["AMS", "EHV", "GRN", "RTM", "UTR", "total"]
    # Small cells are always suppressed for the national view (no checkbox to turn it off).
    national = suppress_small_cells(monitor_figures(D))["figures"]
    assert values["total"] == flatten(national["total"])
    assert values["RTM"]["present"] == "<5"
    assert "afschermen" not in response.context["form"].fields
    body = response.content.decode()
    assert "Landelijk totaal" in body
    _assert_no_personal_data(body, history)
    assert reverse("monitor:drilldown") not in body  # no drill-down links for the analyst
    assert reverse("web:case_detail", args=[history.pk]) not in body


def test_the_default_reference_date_is_today(client, director, history):
    response = _page(_client(client, director), "figures")
    assert response.status_code == 200
    assert response.context["reference_date"] == dt.date.today()


def test_a_future_reference_date_is_refused_with_a_linked_error(client, director, history):
    response = _page(_client(client, director), "figures", peildatum="2999-01-01")
    body = response.content.decode()
    assert "De peildatum ligt in de toekomst." in body
    assert 'href="#id_peildatum"' in body


def test_aggregate_pages_are_not_logged_per_person(client, director, analyst, history):
    before = ProcessingLogEntry.objects.count()
    _page(_client(client, director), "figures", peildatum=D.isoformat())
    _page(_client(client, analyst), "series")
    assert ProcessingLogEntry.objects.count() == before


def test_menu_offers_monitor_and_import_by_role(client, director, analyst, history):
    body = _page(_client(client, director), "figures").content.decode()
    assert reverse("monitor:figures") in body and reverse("imports:caseload_import") in body
    body = _page(_client(client, analyst), "figures").content.decode()
    assert reverse("monitor:figures") in body and reverse("imports:caseload_import") not in body


def test_other_roles_get_404_and_a_denied_entry(client, history):
    counsellor = make_user("begeleider-m", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    response = _page(_client(client, counsellor), "figures")
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.filter(
        operation="denied", activity="monitor", audit__username="begeleider-m"
    ).exists()


# --- drill-down -------------------------------------------------------------------------------


def test_drilldown_lists_exactly_the_cases_behind_every_figure(client, director, history):
    client = _client(client, director)
    flat = flatten(monitor_figures(D, ["AMS"])["figures"]["AMS"])
    for figure in drillable_figures():
        response = _page(client, "drilldown", peildatum=D.isoformat(), lvv="AMS", cijfer=figure)
        assert response.status_code == 200, figure
        assert response.context["count"] == flat[figure], figure
        assert len(response.context["cases"]) == flat[figure], figure
    assert flat["present"] == 5 and flat["outflow.departure_origin"] == 3


def test_figure_links_lead_to_the_list_which_links_the_cases_and_is_logged(
    client, director, history
):
    client = _client(client, director)
    page = _page(client, "figures", peildatum=D.isoformat())
    link = next(
        cell["url"]
        for row in page.context["table"]["rows"]
        if row["key"] == "present"
        for cell in row["cells"]
        if cell["url"]
    )
    assert link in page.content.decode().replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("web:case_detail", args=[history.pk]) in body
    _assert_no_personal_data(body, history)
    entries = ProcessingLogEntry.objects.filter(
        activity="monitor", operation="read", resource__startswith="monitor:AMS:present"
    )
    assert entries.count() == 5  # one entry per person shown
    assert history.person.pseudonym in set(entries.values_list("subject_pseudonym", flat=True))


def test_analyst_cannot_drill_down_404_and_logged_denied(client, analyst, history):
    response = _page(
        _client(client, analyst), "drilldown", peildatum=D.isoformat(), lvv="AMS", cijfer="present"
    )
    assert response.status_code == 404
    denied = ProcessingLogEntry.objects.filter(operation="denied", audit__username="analist-m")
    assert denied.count() == 1
    assert denied.get().activity == "monitor"
    assert not ProcessingLogEntry.objects.filter(operation="read", audit__username="analist-m")


def test_director_cannot_drill_into_another_lvv(client, director, history):
    response = _page(
        _client(client, director), "drilldown", peildatum=D.isoformat(), lvv="RTM", cijfer="present"
    )
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.filter(
        operation="denied", activity="monitor", audit__username="regisseur-m"
    ).exists()


# --- downloads ----------------------------------------------------------------------------------


@pytest.fixture
def evil_lvv(db):
    return Lvv.objects.create(
        code="=EVIL", name="=HYPERLINK(1)", municipality="-x", start_date=dt.date(2019, 4, 1)
    )


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response):
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def test_csv_and_xlsx_escape_formula_cells(client, analyst, history, evil_lvv):
    client = _client(client, analyst)
    rows = _csv(_page(client, "figures", peildatum=D.isoformat(), download="csv"))
    header = rows[0]
    assert "'=EVIL (=HYPERLINK(1))" in header
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    workbook = _xlsx(_page(client, "figures", peildatum=D.isoformat(), download="xlsx"))
    sheet = workbook.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    evil = [cell for cell in cells if "EVIL" in str(cell.value)]
    assert [cell.value for cell in evil] == ["'=EVIL (=HYPERLINK(1))"]
    assert all(cell.data_type != "f" for cell in cells)
    sheltered = next(row for row in sheet.iter_rows(values_only=True) if row[2] == "sheltered")
    published = suppress_small_cells(monitor_figures(D))["figures"]["total"]
    assert sheltered[-1] == published["sheltered"] == 11  # a number
    exports = ProcessingLogEntry.objects.filter(operation="export", activity="monitor")
    assert exports.count() == 2
    assert set(exports.values_list("subject_pseudonym", flat=True)) == {""}


def test_downloads_and_table_apply_small_cell_suppression(client, director, history):
    client = _client(client, director)
    params = {"peildatum": D.isoformat(), "afschermen": "on"}
    page = _page(client, "figures", **params)
    values = _table_values(page)
    assert values["AMS"]["outflow.departure_origin"] == "<5"  # 3
    # Complementary: sheltered 8 - present 5 would give departure_origin 3 back (every other
    # outflow is 0), so the smaller of the two is hidden too ("x"); sheltered stays.
    assert values["AMS"]["present"] == "x"
    assert values["AMS"]["sheltered"] == 8
    assert values["AMS"]["capacity"] == 360
    assert values["AMS"]["outflow.other"] == 0
    assert reverse("monitor:drilldown") not in page.content.decode()
    rows = _csv(_page(client, "figures", download="csv", **params))
    by_key = {row[2]: row for row in rows[1:]}
    assert by_key["outflow.departure_origin"][4] == "<5"
    assert by_key["present"][4] == "x"
    assert by_key["sheltered"][4] == "8"
    assert by_key["capacity"][4] == "360"
    sheet = _xlsx(_page(client, "figures", download="xlsx", **params)).worksheets[0]
    by_key = {row[2]: row for row in sheet.iter_rows(values_only=True)}
    assert by_key["outflow.departure_origin"][4] == "<5"
    assert by_key["mrt_cases"][4] == "<5"
    assert by_key["sheltered"][4] == 8
    # Without the checkbox the numbers are exact.
    rows = _csv(_page(client, "figures", peildatum=D.isoformat(), download="csv"))
    assert {row[2]: row for row in rows[1:]}["outflow.departure_origin"][4] == "3"


# --- month series -------------------------------------------------------------------------------


def test_series_page_has_a_table_behind_every_chart_and_no_inline_code(client, director, history):
    response = _page(_client(client, director), "series", van="2020-01", tot="2020-03")
    assert response.status_code == 200
    body = response.content.decode()
    sections = response.context["sections"]
    assert len(sections) == 4
    for section in sections:
        assert f'id="{section["canvas"]}"' in body
        assert [row["month"] for row in section["rows"]] == ["2020-01", "2020-02", "2020-03"]
    present = dict((row["month"], row["values"][0]) for row in sections[0]["rows"])
    assert (
        present["2020-03"]
        == monitor_figures(dt.date(2020, 3, 31), ["AMS"])["figures"]["AMS"]["present"]
    )
    assert 'id="monitor-chart-data" type="application/json"' in body
    assert "monitor/charts.js" in body and "vendor/chartjs/chart.umd.min.js" in body
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", body, re.S)
    assert len(scripts) == 4  # htmx, Chart.js, our chart script, the data block
    for attrs, content in scripts:
        executable = 'type="application/json"' not in attrs
        assert not executable or ("src=" in attrs and not content.strip())
    assert "style=" not in body
    assert not re.search(r"\son[a-z]+=", body)
    assert "RTM" not in body
    _assert_no_personal_data(body, history)


def test_series_downloads_escape_and_suppress(client, analyst, history, evil_lvv):
    client = _client(client, analyst)
    params = {"van": "2020-01", "tot": "2020-02", "afschermen": "on", "download": "csv"}
    rows = _csv(_page(client, "series", **params))
    assert rows[0][:4] == ["LVV", "maand", "instroom (verblijven)", "aanwezig (personen)"]
    rtm = [row for row in rows if row[0].startswith("RTM") and row[1] == "2020-01"][0]
    assert rtm[2] == "<5" and rtm[3] == "<5"  # 3 intakes, 3 present
    assert any(row[0] == "'=EVIL (=HYPERLINK(1))" for row in rows)
    params["download"] = "xlsx"
    sheet = _xlsx(_page(client, "series", **params)).worksheets[0]
    assert any(row[0] == "'=EVIL (=HYPERLINK(1))" for row in sheet.iter_rows(values_only=True))


def test_series_refuses_a_reversed_range(client, director, history):
    response = _page(_client(client, director), "series", van="2020-05", tot="2020-01")
    assert "De eerste maand ligt na de laatste." in response.content.decode()


# --- saved measurements -----------------------------------------------------------------------


def _save(client, note="") -> SavedMeasurement:
    response = client.post(
        reverse("monitor:measurement_save"), {"peildatum": D.isoformat(), "toelichting": note}
    )
    assert response.status_code == 302
    return SavedMeasurement.objects.latest("pk")


def test_a_saved_measurement_shows_as_saved_after_a_later_correction(client, director, history):
    client = _client(client, director)
    saved = _save(client, note="voor de Kamerbrief")
    assert saved.lvv_codes == ["AMS"]
    assert saved.created_by_username == "regisseur-m"
    detail = reverse("monitor:measurement_detail", args=[saved.pk])
    assert _table_values(client.get(detail))["AMS"]["present"] == 5

    # A back-dated outflow, entered later, changes the live figure for D...
    case = Case.objects.get(person__local_reference="ams-3")
    services.outflow_register(
        case=case, actor=director, effective_date=D - 10 * DAY, category="other"
    )
    live = _table_values(_page(client, "figures", peildatum=D.isoformat()))
    assert live["AMS"]["present"] == 4
    assert live["AMS"]["outflow.other"] == 1
    # ...but not the saved measurement, which shows its stored figures.
    response = client.get(detail)
    values = _table_values(response)
    assert values["AMS"]["present"] == 5
    assert values["AMS"]["outflow.other"] == 0
    body = response.content.decode()
    for text in ("regisseur-m", DEFINITIONS_VERSION, "voor de Kamerbrief", "1-11-2020"):
        assert text in body
    listing = _page(client, "measurement_list").content.decode()
    assert detail in listing


def test_compare_marks_every_difference_in_text(client, director, history):
    client = _client(client, director)
    first = _save(client)
    case = Case.objects.get(person__local_reference="ams-3")
    services.outflow_register(
        case=case, actor=director, effective_date=D - 10 * DAY, category="other"
    )
    second = _save(client)
    response = _page(client, "measurement_compare", voor=first.pk, na=second.pk)
    assert response.status_code == 200
    comparison = response.context["comparison"]
    changed = {
        (group["code"], row["label"])
        for group in comparison["groups"]
        for row in group["rows"]
        if row["changed"]
    }
    # present -1, outflow other +1, residence scenario -1, for AMS and its total
    assert len(changed) == 6
    body = response.content.decode()
    assert body.count('class="lvv-changed lvv-monitor-changed"') == 6
    assert body.count('<span class="lvv-monitor-marker">gewijzigd</span>') == 6
    assert "+1" in body and "-1" in body


def test_compare_refuses_the_same_measurement_twice(client, director, history):
    client = _client(client, director)
    saved = _save(client)
    response = _page(client, "measurement_compare", voor=saved.pk, na=saved.pk)
    assert "Kies twee verschillende metingen." in response.content.decode()


def test_measurement_downloads_come_from_the_stored_figures(client, director, history):
    client = _client(client, director)
    saved = _save(client, note="=SUM(1)")
    Case.objects.filter(person__local_reference="ams-4").update(intake_date=None)  # not via UI
    url = reverse("monitor:measurement_detail", args=[saved.pk])
    rows = _csv(client.get(url, {"download": "csv"}))
    assert {row[2]: row for row in rows[1:]}["present"][4] == "5"
    workbook = _xlsx(client.get(url, {"download": "xlsx", "afschermen": "on"}))
    values = {row[2]: row for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert values["outflow.departure_origin"][4] == "<5"
    meta = dict(row[:2] for row in workbook.worksheets[1].iter_rows(values_only=True))
    assert meta["Toelichting"] == "'=SUM(1)"


def test_a_director_cannot_open_a_national_measurement(client, director, analyst, history):
    national = measurement_save(actor=analyst, reference_date=D)
    own = measurement_save(actor=director, reference_date=D, lvv_codes=["AMS"])
    client = _client(client, director)
    response = client.get(reverse("monitor:measurement_detail", args=[national.pk]))
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.filter(
        operation="denied", resource=f"measurement:{national.pk}"
    ).exists()
    listing = _page(client, "measurement_list").content.decode()
    assert reverse("monitor:measurement_detail", args=[own.pk]) in listing
    assert reverse("monitor:measurement_detail", args=[national.pk]) not in listing
    # The analyst sees both.
    client = _client(client, analyst)
    assert client.get(reverse("monitor:measurement_detail", args=[own.pk])).status_code == 200
    listing = _page(client, "measurement_list").content.decode()
    assert reverse("monitor:measurement_detail", args=[national.pk]) in listing


def test_saving_needs_post(client, director, history):
    response = _client(client, director).get(reverse("monitor:measurement_save"))
    assert response.status_code == 405
    assert not SavedMeasurement.objects.exists()


# --- XLSX cell types (issue 12, bug 7) ---------------------------------------------------------


def test_xlsx_stores_decimals_as_numbers_and_the_reference_date_as_a_date(client, director, db):
    import_rows(
        [
            stay_row("AMS", "een", R, intake=R + DAY),
            stay_row("AMS", "twee", R, intake=R + 2 * DAY),
        ]
    )
    client = _client(client, director)
    workbook = _xlsx(_page(client, "figures", peildatum=D.isoformat(), download="xlsx"))
    monitor, durations = workbook.worksheets[:2]
    first = next(monitor.iter_rows(min_row=2, max_row=2))
    assert first[0].is_date and first[0].value.date() == D
    median = next(
        row for row in durations.iter_rows() if row[2].value == "median_days.referral_to_intake"
    )
    assert median[4].data_type == "n" and median[4].value == 1.5
    # The page shows the same figure the Dutch way.
    page = _page(client, "figures", peildatum=D.isoformat())
    assert "1,5" in page.content.decode()


def test_measurement_xlsx_stores_its_dates_as_dates(client, director, history):
    client = _client(client, director)
    saved = _save(client)
    url = reverse("monitor:measurement_detail", args=[saved.pk])
    workbook = _xlsx(client.get(url, {"download": "xlsx"}))
    first = next(workbook.worksheets[0].iter_rows(min_row=2, max_row=2))
    assert first[0].is_date and first[0].value.date() == D
    meta = {row[0].value: row[1] for row in workbook.worksheets[1].iter_rows()}
    assert meta["Peildatum"].is_date and meta["Peildatum"].value.date() == D
