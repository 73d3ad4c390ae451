"""Saving a measurement, comparing two, and suppressing small cells for publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from lvv.monitor.definitions import DEFINITIONS_VERSION, flatten
from lvv.monitor.figures import monitor_figures
from lvv.monitor.models import SavedMeasurement
from lvv.monitor.publication import suppress_figures
from lvv.monitor.suppression import SMALL_CELL_LIMIT
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record


@transaction.atomic
def measurement_save(
    *,
    actor,
    reference_date: dt.date,
    lvv_codes: Iterable[str] | None = None,
    note: str = "",
) -> SavedMeasurement:
    """Compute the monitor now and keep it, immutable, with who, when and which definitions."""
    codes = sorted({code.strip().upper() for code in lvv_codes}) if lvv_codes else None
    measurement = SavedMeasurement.objects.create(
        reference_date=reference_date,
        definitions_version=DEFINITIONS_VERSION,
        lvv_codes=codes,
        figures=monitor_figures(reference_date, codes),
        created_by=actor if getattr(actor, "pk", None) else None,
        created_by_username=getattr(actor, "username", "") or "",
        note=(note or "").strip(),
    )
    # The computation reads personal data (as aggregates only): log it like any processing.
    processing_record(
        actor=actor,
        operation=Operation.CREATE,
        activity=Activity.MONITOR,
        resource=f"measurement:{measurement.pk}",
    )
    return measurement


def figures_compare(before: dict, after: dict) -> dict[str, dict[str, dict]]:
    """Per LVV and figure: both values and the difference (``after - before``).

    Takes two results of :func:`monitor_figures` (or two saved measurements' ``figures``).
    An LVV present in only one of them counts as zeros in the other.
    """
    old = before.get("figures", before)
    new = after.get("figures", after)
    result: dict[str, dict[str, dict]] = {}
    for code in sorted(old.keys() | new.keys(), key=lambda c: (c == "total", c)):
        flat_old = flatten(old[code]) if code in old else {}
        flat_new = flatten(new[code]) if code in new else {}
        result[code] = {
            key: {
                "before": flat_old.get(key, 0),
                "after": flat_new.get(key, 0),
                "difference": flat_new.get(key, 0) - flat_old.get(key, 0),
            }
            for key in (flat_new or flat_old)
        }
    return result


def measurement_compare(before: SavedMeasurement, after: SavedMeasurement) -> dict:
    """The differences between two saved measurements, with what each one was."""
    return {
        "before": {
            "id": before.pk,
            "reference_date": before.reference_date.isoformat(),
            "definitions_version": before.definitions_version,
        },
        "after": {
            "id": after.pk,
            "reference_date": after.reference_date.isoformat(),
            "definitions_version": after.definitions_version,
        },
        "same_definitions": before.definitions_version == after.definitions_version,
        "figures": figures_compare(before.figures, after.figures),
    }


def suppress_small_cells(result: dict, limit: int = SMALL_CELL_LIMIT) -> dict:
    """A copy of the main figures for publication: every count of people from 1 to
    ``limit - 1`` reads "<5", and further counts read "x" wherever a total would give a
    hidden one back (complementary suppression, ``lvv.monitor.publication``).

    Zero stays zero and capacity is never suppressed. Takes the whole result of
    :func:`monitor_figures` (or a saved measurement's figures).
    """
    return suppress_figures(result, limit)
