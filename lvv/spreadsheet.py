"""Text for spreadsheets: every exported cell escaped against formula injection.

A cell that starts with ``= + - @`` (or a tab or carriage return) is read as a formula by
spreadsheet programs (CSV/XLSX injection). Ground floor: every export - the processing log,
a case's history, the monitor's tables - writes its text cells through :func:`escape_cell`.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    """The cell's text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
