"""Reading a caseload file (CSV or XLSX) into plain rows of text, with their line numbers.

Nothing is interpreted here but the file format: every cell becomes a stripped string (a date
cell of a spreadsheet becomes ``YYYY-MM-DD``), so the row checks in
:mod:`lvv.imports.validation` work the same for both formats. Line numbers are those the
user sees in the file: the header is line 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

COLUMNS: tuple[str, ...] = (
    "lvv",
    "v_number",
    "person_ref",
    "birth_year",
    "sex",
    "nationality",
    "referral_date",
    "admission_decision",
    "admission_date",
    "within_target_group",
    "intake_date",
    "dossier_date",
    "scenario",
    "scenario_date",
    "mrt_date",
    "outflow_category",
    "outflow_date",
)


@dataclass(frozen=True)
class RowError:
    """One problem: where (line, column) and why, in Dutch. Never the cell's value."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("regel %(line)s, kolom %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, str]
    extra_cells: bool = False  # more filled cells than columns


class FileRefused(Exception):
    """The file as a whole cannot be read (format, header); ``errors`` says why."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(header: list[str]) -> None:
    found = [str(name or "").strip().lstrip("\ufeff").lower() for name in header]
    while found and not found[-1]:
        found.pop()
    if tuple(found) == COLUMNS:
        return
    errors: list[RowError] = []
    missing = [name for name in COLUMNS if name not in found]
    unknown = [name for name in found if name and name not in COLUMNS]
    if missing:
        errors.append(
            RowError(1, "", _("Ontbrekende kolommen: %(names)s.") % {"names": ", ".join(missing)})
        )
    if unknown:
        errors.append(
            RowError(1, "", _("Onbekende kolommen: %(names)s.") % {"names": ", ".join(unknown)})
        )
    if not errors:
        errors.append(
            RowError(
                1,
                "",
                _("De kolommen staan niet in de voorgeschreven volgorde: %(names)s.")
                % {"names": ", ".join(COLUMNS)},
            )
        )
    raise FileRefused(errors)


def _rows(records, first_line: int = 2) -> list[RawRow]:
    rows: list[RawRow] = []
    width = len(COLUMNS)
    for line, record in enumerate(records, start=first_line):
        cells = [_cell(value) for value in record]
        if not any(cells):
            continue  # blank lines are allowed, and keep their number
        extra = any(cells[width:])
        cells = (cells + [""] * width)[:width]
        rows.append(RawRow(line, dict(zip(COLUMNS, cells, strict=True)), extra))
    return rows


def read_csv(stream: IO[str]) -> list[RawRow]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused([RowError(1, "", _("Het bestand is leeg."))]) from None
    except csv.Error as exc:
        raise FileRefused([RowError(1, "", _("Het bestand is geen geldige CSV."))]) from exc
    _check_header(header)
    try:
        return _rows(reader)
    except csv.Error as exc:
        raise FileRefused(
            [RowError(reader.line_num, "", _("Deze regel is geen geldige CSV."))]
        ) from exc


def read_xlsx(source: str | Path | IO[bytes]) -> list[RawRow]:
    """The first sheet; openpyxl parses the XML through defusedxml when it is installed."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same user error
        raise FileRefused(
            [RowError(1, "", _("Het bestand is geen leesbaar XLSX-bestand."))]
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        records = sheet.iter_rows(values_only=True)
        header = next(records, None)
        if header is None:
            raise FileRefused([RowError(1, "", _("Het bestand is leeg."))])
        _check_header([_cell(value) for value in header])
        return _rows(records)
    finally:
        workbook.close()


def read_file(path: str | Path) -> list[RawRow]:
    """Read by extension: ``.xlsx`` as a workbook, anything else as UTF-8 CSV."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return read_csv(handle)
    except UnicodeDecodeError as exc:
        raise FileRefused([RowError(1, "", _("Het bestand is niet in UTF-8 opgeslagen."))]) from exc


def read_bytes(content: bytes, filename: str) -> list[RawRow]:
    """The same, for an uploaded file (the web form)."""
    if filename.lower().endswith(".xlsx"):
        return read_xlsx(io.BytesIO(content))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused([RowError(1, "", _("Het bestand is niet in UTF-8 opgeslagen."))]) from exc
    return read_csv(io.StringIO(text, newline=""))
