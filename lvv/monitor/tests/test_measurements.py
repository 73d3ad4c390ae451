"""Saved measurements stay as saved; comparison; small-cell suppression; the command."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import Case
from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.definitions import DEFINITIONS_VERSION, flatten
from lvv.monitor.figures import monitor_figures
from lvv.monitor.models import SavedMeasurement
from lvv.monitor.models.measurement import ImmutableError
from lvv.monitor.services import measurement_compare, measurement_save, suppress_small_cells
from lvv.processing_log.models import ProcessingLogEntry

D = dt.date(2020, 11, 1)
R = dt.date(2020, 1, 6)
DAY = dt.timedelta(days=1)


@pytest.fixture
def history(db):
    import_rows(
        [
            stay_row(
                "AMS",
                f"p{n}",
                R,
                intake=R + DAY,
                outflow="residence_granted" if n < 2 else "",
                outflow_date=R + 10 * DAY if n < 2 else None,
            )
            for n in range(7)
        ]
    )


def test_a_saved_measurement_is_immutable_and_survives_corrections(history, system_user):
    saved = measurement_save(actor=system_user, reference_date=D)
    assert saved.definitions_version == DEFINITIONS_VERSION
    assert saved.created_by_username == "lvv-systeem"
    assert saved.figures == monitor_figures(D)
    assert ProcessingLogEntry.objects.filter(activity="monitor").exists()
    case = Case.objects.filter(outflow_date__isnull=False).first()
    services.event_correct(
        case=case,
        actor=system_user,
        reason="ten onrechte",
        void=True,
        event=case.events.get(type=EventType.OUTFLOW_REGISTERED),
    )
    assert monitor_figures(D)["figures"]["AMS"]["present"] == 6
    saved.refresh_from_db()
    assert saved.figures["figures"]["AMS"]["present"] == 5
    with pytest.raises(ImmutableError):
        saved.save()
    with pytest.raises(ImmutableError):
        saved.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        SavedMeasurement.objects.filter(pk=saved.pk).update(note="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        SavedMeasurement.objects.filter(pk=saved.pk).delete()

    later = measurement_save(actor=system_user, reference_date=D)
    diff = measurement_compare(saved, later)
    assert diff["same_definitions"] is True
    assert diff["figures"]["AMS"]["present"] == {"before": 5, "after": 6, "difference": 1}
    assert diff["figures"]["total"]["outflow.residence_granted"]["difference"] == -1
    assert diff["figures"]["GRN"]["present"]["difference"] == 0


def test_small_cells_read_less_than_five(history):
    published = suppress_small_cells(monitor_figures(D))
    ams = published["figures"]["AMS"]
    assert ams["outflow"]["residence_granted"] == "<5"
    # Complementary: sheltered 7 - present 5 would give residence_granted 2 back (every other
    # outflow is 0), so the smaller of the two is hidden as well; sheltered stays.
    assert ams["present"] == "x"
    assert ams["sheltered"] == 7
    assert ams["outflow"]["other"] == 0
    assert ams["capacity"] == 360
    assert published["reference_date"] == "2020-11-01"


def test_command_formats(history):
    out = io.StringIO()
    call_command("monitor", "--reference-date", "2020-11-01", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert result == monitor_figures(D)
    out = io.StringIO()
    call_command(
        "monitor", "--reference-date", "2020-11-01", "--lvv", "AMS", "--format", "csv", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("reference_date,lvv,capacity,sheltered,present")
    assert lines[1].startswith("2020-11-01,AMS,360,7,5,2,0,2")
    assert len(lines) == 3
    out = io.StringIO()
    call_command("monitor", "--reference-date", "2020-11-01", "--format", "table", stdout=out)
    assert "aanwezig (personen)" in out.getvalue()
    out = io.StringIO()
    call_command(
        "monitor",
        "--reference-date",
        "2020-11-01",
        "--format",
        "json",
        "--save",
        "--suppress-small-cells",
        stdout=out,
    )
    assert SavedMeasurement.objects.count() == 1
    assert json.loads(out.getvalue())["figures"]["AMS"]["sustainable_solutions"] == "<5"
    with pytest.raises(CommandError):
        call_command("monitor", "--reference-date", "1-11-2020")
    with pytest.raises(CommandError):
        call_command("monitor", "--reference-date", "2020-11-01", "--lvv", "XYZ")


def test_a_measurement_saved_under_the_first_definitions_still_shows(db, system_user):
    """Definitions 2026.1 had no ``transfers``: such a measurement shows and compares as saved."""
    figures = monitor_figures(D)
    for block in figures["figures"].values():
        del block["transfers"]
    old = SavedMeasurement.objects.create(
        reference_date=D, definitions_version="2026.1", figures=figures
    )
    new = measurement_save(actor=system_user, reference_date=D)
    comparison = measurement_compare(old, new)
    assert not comparison["same_definitions"]
    assert comparison["figures"]["total"]["transfers"] == {"before": 0, "after": 0, "difference": 0}
    assert "transfers" not in flatten(old.figures["figures"]["AMS"])
