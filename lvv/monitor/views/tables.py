"""The monitor's tables for the pages, and the same tables as CSV and XLSX downloads.

A page and its download are built from the same rows, so they always show the same figures.
Every text cell of a download is escaped against formula injection (``escape_cell``); counts
stay numbers, and a suppressed count is the text ``<5``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from lvv.cases.vocabulary import OutflowCategory, Scenario
from lvv.monitor.cohort import horizon_label, status_labels
from lvv.monitor.definitions import OUTFLOW_CODES, SCENARIO_KEYS, TOTAL, figure_labels, flatten
from lvv.monitor.further import SECTIONS, flatten_further, further_labels, section_titles
from lvv.organisations.models import Lvv
from lvv.spreadsheet import escape_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float | dt.date | None
# Dates in a workbook are real date cells, shown the Dutch way.
XLSX_DATE_FORMAT = "dd-mm-yyyy"


def total_label(national: bool) -> str:
    return _("Landelijk totaal") if national else _("Totaal eigen LVV's")


def columns_of(figures: dict, national: bool) -> list[dict]:
    """``[{"code", "label"}]``: the LVVs in the result, then the total."""
    names = dict(Lvv.objects.values_list("code", "name"))
    columns = [
        {"code": code, "label": f"{code} ({names[code]})" if code in names else code}
        for code in figures
        if code != TOTAL
    ]
    columns.append({"code": TOTAL, "label": total_label(national)})
    return columns


def figure_table(
    result: dict,
    *,
    national: bool,
    link: Callable[[str, str, object], str | None] | None = None,
) -> dict:
    """Rows = figures (Dutch labels), columns = LVVs and the total; ``link`` per cell."""
    figures = result["figures"]
    columns = columns_of(figures, national)
    flats = {column["code"]: flatten(figures[column["code"]]) for column in columns}
    labels = figure_labels()
    rows = []
    for key in flats[TOTAL]:
        cells = []
        for column in columns:
            value = flats[column["code"]][key]
            url = link(column["code"], key, value) if link else None
            cells.append({"value": value, "url": url})
        rows.append({"key": key, "label": labels[key], "cells": cells})
    return {"columns": columns, "rows": rows}


def figure_rows(result: dict, *, national: bool, definitions_version: str) -> list[list[Cell]]:
    """The figure table for a download: one row per figure, one column per LVV and total."""
    table = figure_table(result, national=national)
    header = [
        _("peildatum"),
        _("versie definities"),
        _("cijfer"),
        _("omschrijving"),
        *(column["label"] for column in table["columns"]),
    ]
    rows: list[list[Cell]] = [header]
    reference_date = dt.date.fromisoformat(result["reference_date"])
    for row in table["rows"]:
        rows.append(
            [
                reference_date,
                definitions_version,
                row["key"],
                row["label"],
                *(cell["value"] for cell in row["cells"]),
            ]
        )
    return rows


def display(value: Cell) -> Cell:
    """A figure on a page: a decimal with a comma, a missing median as a dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return str(value).replace(".", ",") if value % 1 else int(value)
    return value


def further_tables(further: dict, columns: list[dict]) -> list[dict]:
    """The further figures as one table per section: rows = figures, columns = LVVs, total."""
    flats = {c["code"]: flatten_further(further["figures"][c["code"]]) for c in columns}
    labels = further_labels(further["figures"][TOTAL])
    titles = section_titles()
    sections: list[dict] = []
    for section in SECTIONS:
        rows = []
        for key in flats[TOTAL]:
            if key.split(".", 1)[0] != section:
                continue
            raw = [flats[c["code"]][key] for c in columns]
            rows.append(
                {
                    "key": key,
                    "label": labels.get(key, key),
                    "values": [display(v) for v in raw],
                    "raw": raw,
                }
            )
        sections.append({"key": section, "title": titles[section], "rows": rows})
    return sections


def table_rows(
    rows: Iterable[dict], *, reference_date: dt.date, definitions_version: str, prefix: str = ""
) -> list[list[Cell]]:
    """Rows of a section table in the layout of :func:`figure_rows` (no header)."""
    return [
        [reference_date, definitions_version, prefix + row["key"], row["label"], *row["raw"]]
        for row in rows
    ]


def cohort_table(cohort: dict, group: str) -> dict:
    """One group's cohort: rows = statuses (and the cohort's size), columns = horizons."""
    labels = status_labels()
    block = cohort["groups"][group]
    horizons = [str(h) for h in cohort["horizons"]]
    rows = [
        {
            "key": status,
            "label": labels[status],
            "values": [block["horizons"][h][status] for h in horizons],
        }
        for status in cohort["statuses"]
    ]
    return {
        "columns": [horizon_label(h) for h in horizons],
        "size": block["size"],
        "rows": rows,
    }


def cohort_rows(cohort: dict, groups: Sequence[dict]) -> list[list[Cell]]:
    """The cohort of every group below each other, for a download."""
    rows: list[list[Cell]] = [
        [_("peildatum"), dt.date.fromisoformat(cohort["reference_date"])],
        [_("intake vanaf"), dt.date.fromisoformat(cohort["first"])],
        [_("intake tot en met"), dt.date.fromisoformat(cohort["last"])],
        [],
        [_("LVV"), _("status"), *(horizon_label(h) for h in cohort["horizons"])],
    ]
    for group in groups:
        table = cohort_table(cohort, group["code"])
        size = table["size"]
        rows.append(
            [group["label"], _("cohort (intakes in de periode)"), *[size] * len(table["columns"])]
        )
        for row in table["rows"]:
            rows.append([group["label"], row["label"], *row["values"]])
    return rows


def series_keys() -> list[tuple[str, str]]:
    """``(key, Dutch label)`` of the columns of a month series, in table order."""
    keys = [("inflow", _("instroom (verblijven)")), ("present", _("aanwezig (personen)"))]
    for category in OutflowCategory:
        keys.append((f"outflow.{category.value}", _("uitstroom: %(l)s") % {"l": category.label}))
    keys.append(("outflow.total", _("uitstroom totaal")))
    for scenario in Scenario:
        keys.append((f"scenario.{scenario.value}", _("scenario %(l)s") % {"l": scenario.label}))
    keys.append(("scenario.none", _("zonder scenario")))
    return keys


def series_point(point: dict) -> dict[str, Cell]:
    """One month of a series, flat and keyed like :func:`series_keys`."""
    flat: dict[str, Cell] = {"inflow": point["inflow"], "present": point["present"]}
    for code in OUTFLOW_CODES:
        flat[f"outflow.{code}"] = point["outflow"][code]
    flat["outflow.total"] = point["outflow_total"]
    for key in SCENARIO_KEYS:
        flat[f"scenario.{key}"] = point["scenario"][key]
    return flat


def series_rows(series: dict, groups: Sequence[dict]) -> list[list[Cell]]:
    """Every group's months below each other: LVV, month, then the figures."""
    keys = series_keys()
    rows: list[list[Cell]] = [[_("LVV"), _("maand"), *(label for _key, label in keys)]]
    for group in groups:
        for point in series["series"][group["code"]]:
            flat = series_point(point)
            rows.append([group["label"], point["month"], *(flat[key] for key, _l in keys)])
    return rows


def _text(value: Cell) -> Cell:
    """Numbers and dates stay what they are (a CSV writes a date as YYYY-MM-DD); text is
    escaped against formula injection."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, int | float | dt.date):
        return value
    return escape_cell(value)


def csv_response(rows: Iterable[Sequence[Cell]], filename: str) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the UTF-8 (ë, ï) correctly
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_text(value) for value in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(sheets: Sequence[tuple[str, Iterable[Sequence[Cell]]]], filename: str):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            cells = []
            for value in row:
                value = _text(value)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                elif isinstance(value, dt.date):
                    value = WriteOnlyCell(sheet, value=value)
                    value.number_format = XLSX_DATE_FORMAT
                cells.append(value)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
