"""Exported cells: a spreadsheet never reads our text as a formula."""

from __future__ import annotations

import pytest

from lvv.spreadsheet import escape_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+31 20", "'+31 20"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tverborgen", "'\tverborgen"),
        ("\rregel", "'\rregel"),
        ("gewoon", "gewoon"),
        ("a=b", "a=b"),
        (None, ""),
        (12, "12"),
    ],
)
def test_a_cell_that_a_spreadsheet_would_read_as_a_formula_is_escaped(value, expected):
    assert escape_cell(value) == expected
