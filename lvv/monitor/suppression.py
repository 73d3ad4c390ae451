"""Small-cell suppression for publication, with complementary (secondary) suppression.

*Primary* suppression hides every count from 1 to ``limit - 1`` (shown ``<5``). That alone is
not enough: where a table publishes a total, the total minus the other published cells gives
a hidden cell back (RTM "ooit opgevangen" ``<5`` = national 49 - 48). *Complementary*
suppression therefore hides further cells (shown ``x``) until no hidden cell can be worked
out from what is published. A table is described by its cells and its equations
(``total = part + part + ...``: a row or column with its total, categories with their total);
:func:`protect` decides which cells to hide. It guarantees, for the equations it is given:

1. no equation holds exactly one hidden cell (the textbook leak: total minus the rest);
2. no hidden cell follows exactly from any combination of equations (checked with exact
   rational linear algebra over the hidden cells: a cell is determined when every solution
   of the published equations gives it the same value);
3. no hidden cell follows from a single equation together with what its label says: a ``<5``
   is 1 to 4, an ``x`` is at least 5 (it is never a small count: those are ``<5``). Two
   ``<5`` in a row whose hidden cells add up to 2 are both 1, for instance.

Where every non-zero cell of an equation is hidden already, nothing more can be done for (3):
four ``<5`` under a ``<5`` total of 4 are all 1, and the labels alone say so. It does not
guarantee a minimum width of the interval a hidden cell lies in, and it does
not combine bounds over several equations (a linear-programming audit, as tau-ARGUS does):
the equations are few and the counts small, and (1)-(3) are what a reader can do with a
spreadsheet. Zero is never hidden (nothing to protect), and a complement is always a
non-zero cell: the smallest one (least information lost), parts before totals, then in the
order the cells were given - so the result is deterministic.

Equations may be *approximate* (a national person count is the sum of the LVVs' minus the
persons sheltered in two): treating them as exact hides at least as much as needed, since a
reader can use them almost as well.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Key = Hashable

SMALL_CELL_LIMIT = 5
SECONDARY_LABEL = "x"


def primary_label(limit: int = SMALL_CELL_LIMIT) -> str:
    return f"<{limit}"


@dataclass(frozen=True)
class Equation:
    """``total (+ more totals) = sum(parts)`` between published cells.

    Usually one total; a national ``outflow.other`` plus the national ``transfers`` is the
    sum of the LVVs' ``outflow.other``, for instance.
    """

    total: Key
    parts: tuple[Key, ...]
    more_totals: tuple[Key, ...] = ()

    @property
    def totals(self) -> tuple[Key, ...]:
        return (self.total, *self.more_totals)

    @property
    def cells(self) -> tuple[Key, ...]:
        return (*self.totals, *self.parts)

    def coefficients(self) -> Iterable[tuple[Key, int]]:
        for total in self.totals:
            yield total, 1
        for part in self.parts:
            yield part, -1


def equation(total: Key, parts: Iterable[Key], more_totals: Iterable[Key] = ()) -> Equation:
    return Equation(total, tuple(parts), tuple(more_totals))


def protect(
    values: Mapping[Key, int],
    equations: Sequence[Equation],
    *,
    limit: int = SMALL_CELL_LIMIT,
    given: Mapping[Key, str] | None = None,
    frozen: Collection[Key] = (),
) -> dict[Key, str]:
    """The cells to hide, with their label: ``{cell: "<5" | "x"}``.

    ``values`` holds every cell that may be hidden (a cell in an equation but not in
    ``values`` counts as published and never hidden). ``given`` is a pattern decided earlier
    (another table's, kept as it is); ``frozen`` cells are not chosen as a complement unless
    nothing else can protect a cell - so a table suppressed on its own keeps its pattern when
    further tables are linked to it.
    """
    primary = primary_label(limit)
    order = {key: index for index, key in enumerate(values)}
    hidden: dict[Key, str] = dict(given or {})
    for key, value in values.items():
        if 0 < value < limit:
            hidden[key] = primary
    equations = [eq for eq in equations if any(cell in values for cell in eq.cells)]
    by_cell: dict[Key, list[Equation]] = {}
    for eq in equations:
        for cell in eq.cells:
            by_cell.setdefault(cell, []).append(eq)
    frozen = set(frozen)

    def complement(eq: Equation) -> Key | None:
        """The cell of ``eq`` to hide as well: the smallest non-zero one, parts first."""
        free = [
            c
            for c in eq.cells
            if c in values and c not in hidden and values[c] > 0 and c not in frozen
        ]
        if not free:
            return None  # then (2) looks further, and at frozen cells last
        return min(free, key=lambda c: (values[c], c in eq.totals, order[c]))

    def hide(cell: Key) -> None:
        hidden[cell] = SECONDARY_LABEL

    while True:
        changed = False
        for eq in equations:  # (1) one hidden cell in an equation
            if sum(cell in hidden for cell in eq.cells) == 1:
                cell = complement(eq)
                if cell is not None:
                    hide(cell)
                    changed = True
        if changed:
            continue
        for eq in equations:  # (3) pinned by one equation and the labels' bounds
            if pinned(eq, values, hidden, limit):
                cell = complement(eq)
                if cell is not None:
                    hide(cell)
                    changed = True
        if changed:
            continue
        for cell in sorted(determined(hidden, equations), key=lambda c: order.get(c, -1)):
            extra = _breaking_complement(cell, values, hidden, equations, by_cell, frozen, order)
            if extra is not None:  # (2) determined by several equations
                hide(extra)
                changed = True
                break
        if not changed:
            return hidden


def _breaking_complement(
    cell: Key,
    values: Mapping[Key, int],
    hidden: Mapping[Key, str],
    equations: Sequence[Equation],
    by_cell: Mapping[Key, list[Equation]],
    frozen: Collection[Key],
    order: Mapping[Key, int],
) -> Key | None:
    """A cell to hide so that ``cell`` no longer follows from the equations.

    Tries the non-zero published cells of the equations around ``cell`` - its own first,
    then those of the hidden cells linked to it - smallest first, frozen cells only after all
    others, and takes the first that works (checked by solving again); if none does alone,
    the first of them, and the next round goes on from there. ``None`` when there is nothing
    left to hide.
    """
    seen: set[Key] = set()
    rings: list[list[Key]] = []
    frontier, visited = [cell], {cell}
    while frontier:
        ring: list[Key] = []
        following: list[Key] = []
        for current in frontier:
            for eq in by_cell.get(current, []):
                for other in eq.cells:
                    if other in hidden:
                        if other not in visited:
                            visited.add(other)
                            following.append(other)
                    elif other in values and values[other] > 0 and other not in seen:
                        seen.add(other)
                        ring.append(other)
        rings.append(ring)
        frontier = following
    fallback = None
    ordered = [c for ring in rings for c in sorted(ring, key=lambda c: (values[c], order[c]))]
    for candidates in (
        [c for c in ordered if c not in frozen],
        [c for c in ordered if c in frozen],
    ):
        for candidate in candidates:
            trial = {**hidden, candidate: SECONDARY_LABEL}
            if not _still_determined(cell, trial, by_cell):
                return candidate
            fallback = fallback or candidate
    # No single cell does it (a cell and its copy in another total, say): hide the nearest,
    # smallest one; the next rounds add what else it takes.
    return fallback


def _still_determined(
    cell: Key, hidden: Collection[Key], by_cell: Mapping[Key, list[Equation]]
) -> bool:
    """Whether ``cell`` follows from the equations, solving only its own connected group."""
    rows: dict[int, dict[Key, int]] = {}
    frontier, visited = [cell], {cell}
    while frontier:
        current = frontier.pop()
        for eq in by_cell.get(current, []):
            if id(eq) in rows:
                continue
            rows[id(eq)] = {c: sign for c, sign in eq.coefficients() if c in hidden}
            for other in rows[id(eq)]:
                if other not in visited:
                    visited.add(other)
                    frontier.append(other)
    return cell in _determined_in(list(rows.values()))


def bounds(label: str, limit: int) -> tuple[float, float]:
    """What a reader knows of a hidden cell from its label."""
    if label == SECONDARY_LABEL:
        return float(limit), math.inf
    return 1.0, float(limit - 1)


def pinned(
    eq: Equation, values: Mapping[Key, int], hidden: Mapping[Key, str], limit: int
) -> list[Key]:
    """The hidden cells of ``eq`` whose value the equation and the labels fix exactly."""
    unknown = [(cell, sign) for cell, sign in eq.coefficients() if cell in hidden]
    if len(unknown) < 2:
        return [cell for cell, _sign in unknown] if unknown else []
    known = -sum(sign * values[cell] for cell, sign in eq.coefficients() if cell not in hidden)
    limits = {cell: bounds(hidden[cell], limit) for cell, _sign in unknown}
    result = []
    for cell, sign in unknown:
        low = high = 0.0
        for other, other_sign in unknown:
            if other == cell:
                continue
            lo, hi = limits[other]
            terms = (other_sign * lo, other_sign * hi)
            low += min(terms)
            high += max(terms)
        # sign * x = known - (sum of the others)
        candidates = ((known - high) * sign, (known - low) * sign)
        lo = max(min(candidates), limits[cell][0])
        hi = min(max(candidates), limits[cell][1])
        if lo == hi:
            result.append(cell)
    return result


def determined(hidden: Collection[Key], equations: Sequence[Equation]) -> set[Key]:
    """The hidden cells that the published equations fix exactly, whatever the bounds.

    The equations restricted to the hidden cells form a linear system whose right-hand side
    is published. A hidden cell is fixed when its coordinate is the same in every solution,
    i.e. zero in every vector of the null space: in the reduced row echelon form, a pivot
    column whose row has no entry in a free column. Solved per connected group of hidden
    cells, in exact fractions.
    """
    rows: list[dict[Key, int]] = []
    for eq in equations:
        row = {cell: sign for cell, sign in eq.coefficients() if cell in hidden}
        if row:
            rows.append(row)
    parent: dict[Key, Key] = {}

    def find(cell: Key) -> Key:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for row in rows:
        first, *rest = row
        for cell in rest:
            parent[find(cell)] = find(first)
    groups: dict[Key, list[dict[Key, int]]] = {}
    for row in rows:
        groups.setdefault(find(next(iter(row))), []).append(row)
    result: set[Key] = set()
    for group in groups.values():
        result |= _determined_in(group)
    return result


def _determined_in(rows: list[dict[Key, int]]) -> set[Key]:
    """Gauss-Jordan elimination on sparse rows in exact fractions (the rows are short)."""
    columns = list(dict.fromkeys(cell for row in rows for cell in row))
    # Integers while the pivots are 1 or -1 (always, in a two-way table), fractions after.
    matrix = [{cell: sign for cell, sign in row.items() if sign} for row in rows]
    pivot_rows: dict[Key, dict[Key, int | Fraction]] = {}
    remaining = matrix
    for col in columns:
        pivot = next((row for row in remaining if row.get(col)), None)
        if pivot is None:
            continue
        remaining = [row for row in remaining if row is not pivot]
        lead = pivot[col]
        if lead in (1, -1):
            pivot = {cell: value * lead for cell, value in pivot.items()}
        else:
            pivot = {cell: Fraction(value) / lead for cell, value in pivot.items()}
        for rows_ in (remaining, list(pivot_rows.values())):
            for row in rows_:
                factor = row.get(col)
                if not factor:
                    continue
                for cell, value in pivot.items():
                    new = row.get(cell, 0) - factor * value
                    if new:
                        row[cell] = new
                    else:
                        row.pop(cell, None)
        pivot_rows[col] = pivot
    free = {col for col in columns if col not in pivot_rows}
    return {col for col, row in pivot_rows.items() if not any(cell in free for cell in row)}


def audit(
    values: Mapping[Key, int],
    equations: Sequence[Equation],
    hidden: Mapping[Key, str],
    *,
    limit: int = SMALL_CELL_LIMIT,
) -> list[str]:
    """What a reader could work out from a suppressed table; empty when nothing. For tests."""
    problems = []
    for key, value in values.items():
        if 0 < value < limit and key not in hidden:
            problems.append(f"small cell {key!r} = {value} is published")
        if value == 0 and key in hidden:
            problems.append(f"zero cell {key!r} is hidden")
    for eq in equations:
        inside = [cell for cell in eq.cells if cell in hidden]
        if len(inside) == 1:
            problems.append(f"{inside[0]!r} = total minus the rest in {eq!r}")
        left = any(c in values and c not in hidden and values[c] > 0 for c in eq.cells)
        for cell in pinned(eq, values, hidden, limit) if len(inside) > 1 and left else []:
            problems.append(f"{cell!r} is fixed by {eq!r} and the labels")
    for cell in determined(hidden, equations):
        problems.append(f"{cell!r} follows from the published equations")
    return problems
