"""Complementary suppression: no hidden cell can be worked out from what is published.

Property-based (hypothesis): random tables with totals in two and three dimensions, and
random tables of the monitor's own shape. No database.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from lvv.monitor.suppression import (
    SECONDARY_LABEL,
    Equation,
    audit,
    determined,
    equation,
    protect,
)

# Counts as they come in the monitor: many zeros and small numbers, some large ones.
counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 12), st.integers(13, 400))


def table_2d(cells: list[list[int]]) -> tuple[dict, list[Equation]]:
    """Rows and columns with their totals and a grand total, like LVVs x categories."""
    values: dict = {}
    rows, columns = len(cells), len(cells[0])
    for r, c in itertools.product(range(rows), range(columns)):
        values[r, c] = cells[r][c]
    for r in range(rows):
        values[r, "T"] = sum(cells[r])
    for c in range(columns):
        values["T", c] = sum(cells[r][c] for r in range(rows))
    values["T", "T"] = sum(map(sum, cells))
    equations = [equation((r, "T"), [(r, c) for c in range(columns)]) for r in range(rows)]
    equations += [equation(("T", c), [(r, c) for r in range(rows)]) for c in range(columns)]
    equations.append(equation(("T", "T"), [(r, "T") for r in range(rows)]))
    equations.append(equation(("T", "T"), [("T", c) for c in range(columns)]))
    return values, equations


def table_3d(cells) -> tuple[dict, list[Equation]]:
    """Layers x rows x columns with totals along every axis (like a cohort: LVV x horizon x
    status): ``"T"`` is the total along an axis."""
    layers, rows, columns = len(cells), len(cells[0]), len(cells[0][0])
    axes = [[*range(n), "T"] for n in (layers, rows, columns)]

    def value(a, b, c):
        aa = range(layers) if a == "T" else [a]
        bb = range(rows) if b == "T" else [b]
        cc = range(columns) if c == "T" else [c]
        return sum(cells[x][y][z] for x in aa for y in bb for z in cc)

    values = {(a, b, c): value(a, b, c) for a, b, c in itertools.product(*axes)}
    equations = []
    for b, c in itertools.product(axes[1], axes[2]):
        equations.append(equation(("T", b, c), [(a, b, c) for a in range(layers)]))
    for a, c in itertools.product(axes[0], axes[2]):
        equations.append(equation((a, "T", c), [(a, b, c) for b in range(rows)]))
    for a, b in itertools.product(axes[0], axes[1]):
        equations.append(equation((a, b, "T"), [(a, b, c) for c in range(columns)]))
    return values, equations


def one_hidden_along_a_total(equations, hidden) -> list[Equation]:
    """The leak of the issue: a published total minus the published rest gives a cell."""
    return [eq for eq in equations if sum(cell in hidden for cell in eq.cells) == 1]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda columns: st.lists(
            st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=8
        )
    )
)
def test_no_hidden_cell_can_be_recovered_in_a_two_way_table(cells):
    values, equations = table_2d(cells)
    hidden = protect(values, equations)
    assert one_hidden_along_a_total(equations, hidden) == []
    assert audit(values, equations, hidden) == []
    # Deterministic: the same table gives the same pattern.
    assert protect(values, equations) == hidden


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 4)).flatmap(
        lambda shape: st.lists(
            st.lists(
                st.lists(counts, min_size=shape[2], max_size=shape[2]),
                min_size=shape[1],
                max_size=shape[1],
            ),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
def test_no_hidden_cell_can_be_recovered_in_a_three_way_table(cells):
    values, equations = table_3d(cells)
    hidden = protect(values, equations)
    assert one_hidden_along_a_total(equations, hidden) == []
    assert audit(values, equations, hidden) == []


def test_the_example_of_the_issue_is_protected():
    """RTM 'ooit opgevangen' 1 (<5) must not follow from the national 49 minus the rest 48."""
    values = {"AMS": 20, "EHV": 8, "GRN": 12, "RTM": 1, "UTR": 8, "total": 49}
    equations = [equation("total", ["AMS", "EHV", "GRN", "RTM", "UTR"])]
    hidden = protect(values, equations)
    assert hidden["RTM"] == "<5"
    assert hidden == {"RTM": "<5", "EHV": SECONDARY_LABEL}  # the smallest other; first of ties
    assert audit(values, equations, hidden) == []


def test_two_small_cells_that_add_up_to_their_minimum_get_a_third():
    """1 + 1: the reader knows both are at least 1, so the row tells they are both 1."""
    values = {"a": 1, "b": 1, "c": 30, "total": 32}
    equations = [equation("total", ["a", "b", "c"])]
    hidden = protect(values, equations)
    assert set(hidden) == {"a", "b", "c"}


def test_a_cell_determined_only_by_combining_equations_is_protected():
    """Two 2x2 cycles joined by one cell (a bridge): every row and column has two hidden
    cells, yet the bridge follows from the equations. The audit finds it; protect fixes it."""
    hidden_cells = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    hidden = dict.fromkeys(hidden_cells, "<5")
    values, equations = table_2d([[3] * 4 for _ in range(4)])
    assert (1, 2) in determined(hidden, equations)
    assert audit(values, equations, protect(values, equations)) == []


def test_zero_is_never_hidden_and_capacity_like_cells_outside_values_stay():
    values = {"a": 0, "b": 2, "c": 0, "total": 2}
    hidden = protect(values, [equation("total", ["a", "b", "c"])])
    assert hidden == {"b": "<5", "total": "<5"}
