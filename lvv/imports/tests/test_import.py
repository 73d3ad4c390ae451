"""The caseload import: rows become cases through the services, all or nothing, idempotent."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lvv.access.system import system_actor
from lvv.cases.events import EventType
from lvv.cases.models import Case, CaseEvent, Person
from lvv.cases.selectors import rebuild_state
from lvv.imports.parser import COLUMNS, FileRefused, read_bytes, read_file
from lvv.imports.services import ImportRefused
from lvv.imports.testing import import_rows, stay_row, to_csv
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import make_user

DOCS = Path(__file__).resolve().parents[3] / "docs"
V = "1234567890"  # synthetic
DAY = dt.timedelta(days=1)
R = dt.date(2020, 1, 6)


def complete(lvv="AMS", ref="", **kwargs):
    values = dict(
        v_number=V if not ref else "",
        intake=R + 3 * DAY,
        dossier=R + 20 * DAY,
        scenario="departure",
        scenario_date=R + 30 * DAY,
        mrt=R + 40 * DAY,
        outflow="departure_origin",
        outflow_date=R + 100 * DAY,
    )
    values.update(kwargs)
    return stay_row(lvv, ref, R, **values)


def refused(exc):
    return {(e.line, e.column) for e in exc.errors}


def test_a_complete_row_becomes_a_case_through_the_services(db):
    result = import_rows([complete()])
    assert result.stays_created == 1 and result.persons_created == 1
    case = Case.objects.get()
    assert case.stage == "outflowed"
    assert case.to_state() == rebuild_state(case)
    assert [e.type for e in case.events.order_by("sequence")] == [
        EventType.REFERRAL_REGISTERED,
        EventType.ADMISSION_CHECKED,
        EventType.ADMISSION_DECIDED,
        EventType.INTAKE_REGISTERED,
        EventType.DOSSIER_REQUESTED,
        EventType.DOSSIER_PART_DELIVERED,
        EventType.DOSSIER_PART_DELIVERED,
        EventType.LSO_DISCUSSED,
        EventType.MRT_REFERRED,
        EventType.OUTFLOW_REGISTERED,
    ]
    assert case.referred_by == "import"
    assert case.within_target_group is True
    assert case.guiding_organisation.code == "NGO-AMS"
    person = Person.objects.get()
    assert person.v_number == V and person.pseudonym
    assert ProcessingLogEntry.objects.filter(activity="caseload_import").count() >= 2


def test_an_exception_records_the_import_reason_and_a_refusal_its_grounds(db):
    import_rows(
        [
            stay_row("AMS", "uitz", R, within=False, intake=R + 2 * DAY),
            stay_row("AMS", "afw", R, decision="refused"),
        ]
    )
    exception = Case.objects.get(person__local_reference="uitz")
    assert exception.within_target_group is False
    assert exception.exception_reason == "uitzondering, geïmporteerd"
    refusal = Case.objects.get(person__local_reference="afw")
    assert refusal.stage == "refused"
    assert refusal.events.get(type=EventType.ADMISSION_DECIDED).data["grounds"] == "geïmporteerd"


def test_mrt_without_scenario_and_a_scenario_on_the_dossier_day_are_accepted(db):
    import_rows(
        [
            complete(ref="mrt", scenario="", scenario_date=None, outflow="", outflow_date=None),
            complete(
                ref="same-day", scenario_date=R + 20 * DAY, mrt=None, outflow="", outflow_date=None
            ),
            complete(ref="mrt-first", scenario_date=R + 50 * DAY, mrt=R + 25 * DAY),
            complete(
                ref="all-one-day",
                intake=R + DAY,
                dossier=R + DAY,
                scenario_date=R + DAY,
                mrt=R + DAY,
                outflow_date=R + DAY,
            ),
        ]
    )
    assert Case.objects.get(person__local_reference="mrt").mrt_status == "referred"
    assert Case.objects.get(person__local_reference="mrt").scenario == ""
    assert Case.objects.get(person__local_reference="same-day").scenario == "departure"
    assert Case.objects.get(person__local_reference="mrt-first").stage == "outflowed"
    assert Case.objects.get(person__local_reference="all-one-day").stage == "outflowed"


def test_every_wrong_line_is_reported_with_its_column_and_nothing_is_stored(db):
    rows = [
        complete(ref="ok"),
        complete(ref="a", lvv="XXX"),  # line 3
        complete(ref="b", v_number="12345"),  # line 4 (ref given, but bad V-number)
        complete(ref="c", intake=R - DAY),  # line 5: intake before admission
        complete(ref="d", scenario_date=R + 10 * DAY),  # line 6: scenario before dossier
        complete(ref="e", mrt=R + 200 * DAY),  # line 7: MRT after outflow
        complete(ref="f", outflow_date=dt.date(2999, 1, 1)),  # line 8: future
        complete(ref="g", dossier=None),  # line 9: scenario and MRT need a dossier
        complete(ref="h", outflow="", outflow_date=R + 100 * DAY),  # line 10
        stay_row("AMS", "i", R, decision="refused", intake=R + 2 * DAY),  # line 11
        stay_row("AMS", "j", R, within=None) | {"within_target_group": "maybe"},  # line 12
        stay_row("AMS", "k", R) | {"sex": "Q", "nationality": "NL", "birth_year": "18x"},
    ]
    with pytest.raises(ImportRefused) as caught:
        import_rows(rows)
    assert refused(caught.value) == {
        (3, "lvv"),
        (4, "v_number"),
        (5, "intake_date"),
        (6, "scenario_date"),
        (7, "mrt_date"),
        (8, "outflow_date"),
        (9, "scenario_date"),
        (9, "mrt_date"),
        (10, "outflow_category"),
        (11, "intake_date"),
        (12, "within_target_group"),
        (13, "sex"),
        (13, "nationality"),
        (13, "birth_year"),
    }
    assert Case.objects.count() == 0 and Person.objects.count() == 0
    assert all(V not in str(error) for error in caught.value.errors)


def test_reimport_changes_nothing_and_a_new_version_appends_missing_events(db):
    first = complete(outflow="", outflow_date=None, mrt=None, scenario="", scenario_date=None)
    import_rows([first])
    events = CaseEvent.objects.count()
    again = import_rows([first])
    assert again.stays_unchanged == 1 and again.stays_created == 0
    assert CaseEvent.objects.count() == events

    newer = complete(mrt=R + 40 * DAY)
    result = import_rows([newer])
    assert result.stays_extended == 1 and result.events_added == 3
    case = Case.objects.get()
    assert case.stage == "outflowed" and case.outflow_category == "departure_origin"
    assert case.to_state() == rebuild_state(case)
    assert import_rows([newer]).stays_unchanged == 1
    assert import_rows([first]).stays_unchanged == 1  # an older version deletes nothing


def test_a_new_scenario_in_a_later_version_is_a_scenario_change(db):
    row = complete(outflow="", outflow_date=None)
    import_rows([row])
    import_rows([row | {"scenario": "residence", "scenario_date": (R + 60 * DAY).isoformat()}])
    case = Case.objects.get()
    assert case.scenario == "residence"
    assert case.events.filter(type=EventType.SCENARIO_CHANGED).count() == 1


def test_a_differing_stored_value_is_reported_not_overwritten(db):
    import_rows([complete()])
    with pytest.raises(ImportRefused) as caught:
        import_rows([complete(intake=R + 4 * DAY, outflow="other")])
    assert refused(caught.value) == {(2, "intake_date"), (2, "outflow_category")}


def test_persons_are_matched_by_v_number_and_local_reference(db):
    import_rows([complete(ref="L1", v_number=V, outflow_date=R + 50 * DAY, mrt=None)])
    later = R + 60 * DAY
    import_rows(
        [
            stay_row("RTM", "", later, v_number=V, intake=later + DAY),  # same person by V
        ]
    )
    assert Person.objects.count() == 1
    assert Case.objects.count() == 2
    with pytest.raises(ImportRefused) as caught:  # by reference: a second open stay
        import_rows([stay_row("GRN", "L1", later + 5 * DAY, intake=later + 6 * DAY)])
    assert refused(caught.value) == {(2, "outflow_date")}


def test_one_person_cannot_have_two_open_stays_in_one_file(db):
    with pytest.raises(ImportRefused) as caught:
        import_rows(
            [
                stay_row("AMS", "p", R, intake=R + DAY),
                stay_row("RTM", "p", R + 10 * DAY, intake=R + 11 * DAY),
                stay_row("AMS", "p", R),  # the same stay twice
            ]
        )
    assert refused(caught.value) == {(3, "outflow_date"), (4, "")}


def test_only_a_case_director_of_the_lvv_imports_and_admits_exceptions(db):
    director = make_user("regisseur", ["case_director"], "GEM-AMS", ["AMS"])
    counsellor = make_user("begeleider", ["counsellor"], "NGO-AMS", ["AMS"])
    with pytest.raises(ImportRefused) as caught:
        import_rows([stay_row("RTM", "x", R)], actor=director)
    assert refused(caught.value) == {(2, "lvv")}
    with pytest.raises(ImportRefused):
        import_rows([stay_row("AMS", "x", R)], actor=counsellor)
    import_rows([stay_row("AMS", "x", R, within=False, intake=R + DAY)], actor=director)
    assert Case.objects.get().events.filter(actor=director).count() == 4


def test_csv_and_xlsx_read_the_same(db, tmp_path):
    rows = [complete(), complete(ref="L2", lvv="GRN")]
    csv_path = tmp_path / "caseload.csv"
    csv_path.write_text(to_csv(rows), encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = [row[c] for c in COLUMNS]
        cells[COLUMNS.index("referral_date")] = R  # a real date cell
        sheet.append(cells)
    xlsx_path = tmp_path / "caseload.xlsx"
    workbook.save(xlsx_path)
    from_csv = read_file(csv_path)
    from_xlsx = read_file(xlsx_path)
    assert [r.values for r in from_csv] == [r.values for r in from_xlsx]
    assert from_csv[1].line == 3


def test_a_wrong_header_is_refused_as_line_1(db):
    with pytest.raises(FileRefused) as caught:
        read_bytes(b"lvv,v_number,foo\nAMS,,\n", "x.csv")
    assert {e.line for e in caught.value.errors} == {1}


def test_the_templates_in_docs_import(db, tmp_path):
    for name in ("import-template.csv", "import-template.xlsx"):
        rows = read_file(DOCS / name)
        assert rows, name
    result = import_rows([r.values for r in read_file(DOCS / "import-template.csv")])
    assert result.stays_created == len(read_file(DOCS / "import-template.csv"))


def test_command_reports_errors_and_exits_non_zero(db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(to_csv([complete()]), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(to_csv([complete(ref="b"), complete(ref="c", intake=R - DAY)]))
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import-caseload", str(bad), stderr=err)
    assert caught.value.returncode == 1
    assert "regel 3, kolom intake_date" in err.getvalue()
    assert Case.objects.count() == 0
    out = io.StringIO()
    call_command("import-caseload", str(good), stdout=out)
    assert "Import voltooid" in out.getvalue()
    assert V not in out.getvalue()
    call_command("import-caseload", str(good), stdout=out)
    assert Case.objects.count() == 1
    assert system_actor().username == "lvv-systeem"


def test_a_rule_only_the_transition_table_knows_is_still_reported_by_column(db, monkeypatch):
    from lvv.imports import validation

    monkeypatch.setattr(validation, "_check_order", lambda row, cells: True)
    with pytest.raises(ImportRefused) as caught:
        import_rows([complete(ref="ok"), complete(ref="bad", intake=R - DAY)])
    assert refused(caught.value) == {(3, "intake_date")}
    assert Case.objects.count() == 0
