"""Figures for publication: every table with its totals, small cells suppressed together.

The monitor's results are nested dicts (``monitor_figures``, ``extra_figures``,
``further_figures``, ``monthly_series``, ``cohort_figures``). This module names every count in
them by its path, writes down which published counts add up to which (an LVV's columns to the
total; categories to their total; linked tables - outflow by scenario adds up to the outflow
of the main table, the persons by sex to the persons present), and lets
:func:`lvv.monitor.suppression.protect` decide which counts to hide. The page, its download
and ``lvv monitor`` all call these functions, so they hide the same cells.

The main table is protected on its own first and then kept as it is when the tables linked
to it are added (``frozen``): a saved measurement, the command and the page show the main
figures with the same cells hidden. A median over fewer than 5 stays is hidden too (it would
be one person's duration, nearly).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable

from lvv.monitor.cohort import cohort_figures
from lvv.monitor.definitions import (
    OUTFLOW_CODES,
    SCENARIO_KEYS,
    SEMI_SUSTAINABLE_CODES,
    SUSTAINABLE_CODES,
    TOTAL,
    flatten,
)
from lvv.monitor.figures import monitor_figures
from lvv.monitor.further import further_figures
from lvv.monitor.selectors import extra_figures, monthly_series
from lvv.monitor.suppression import (
    SECONDARY_LABEL,
    SMALL_CELL_LIMIT,
    Equation,
    equation,
    protect,
)

# Capacity is a count of places, not of people: never hidden.
NOT_SUPPRESSED = frozenset({"capacity"})

Path = tuple


class Tables:
    """The counts of one publication by path, the equations between them, and its medians."""

    def __init__(self) -> None:
        self.values: dict[Path, int] = {}
        self.equations: list[Equation] = []
        self.medians: list[tuple[Path, int]] = []  # (path of a median, stays behind it)

    def add(self, path: Path, value) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            self.values[path] = value

    def sums(self, total: Path, parts: Iterable[Path], more_totals: Iterable[Path] = ()) -> None:
        parts = [part for part in parts if part in self.values]
        more = [cell for cell in more_totals if cell in self.values]
        if total in self.values and parts:
            self.equations.append(equation(total, parts, more))

    def columns(self, groups: list[str], path_in_group, more=None, exact=()) -> None:
        """For every count of the total's column: the total is the sum of the LVVs'.

        ``more`` maps a path (after the group) to further cells on the total's side; the
        paths in ``exact`` are a sum only where the numbers say so (elsewhere the total is
        less, for a reason the reader does not know).
        """
        for path in [p for p in self.values if p[: len(path_in_group)] == path_in_group]:
            rest = path[len(path_in_group) :]
            if not rest or rest[0] != TOTAL:
                continue
            parts = [(*path_in_group, group, *rest[1:]) for group in groups]
            if rest[1:] in exact and self.values[path] != sum(
                self.values.get(part, 0) for part in parts
            ):
                continue
            self.sums(path, parts, (more or {}).get(rest[1:], ()))


def _path(flat_key: str) -> tuple[str, ...]:
    return tuple(flat_key.split("."))


def _groups(figures: dict) -> list[str]:
    return [code for code in figures if code != TOTAL]


def _main(tables: Tables, result: dict) -> None:
    figures = result["figures"]
    for code, block in figures.items():
        for key, value in flatten(block).items():
            if key not in NOT_SUPPRESSED:
                tables.add(("main", "figures", code, *_path(key)), value)
    # A transfer between two of the LVVs is no outflow of the total: its other plus its
    # transfers are the LVVs' other. Its transfers are the LVVs' only nationally: over some
    # LVVs (a case director's) only those between them count.
    transfers = [("main", "figures", TOTAL, "transfers")]
    tables.columns(
        _groups(figures),
        ("main", "figures"),
        more={("outflow", "other"): transfers},
        exact={("transfers",)},
    )
    for code in figures:
        at = ("main", "figures", code)
        outflow = [(*at, "outflow", c) for c in OUTFLOW_CODES]
        tables.sums(
            (*at, "sustainable_solutions"), [(*at, "outflow", c) for c in SUSTAINABLE_CODES]
        )
        tables.sums((*at, "present"), [(*at, "scenario", k) for k in SCENARIO_KEYS])
        # Approximate (persons against stays; re-admissions), but a reader can use it.
        tables.sums((*at, "sheltered"), [(*at, "present"), *outflow])


def _extra(tables: Tables, extra: dict) -> None:
    """The durations (medians) and the final evaluation's split of the outflow (which adds up
    to the main table's outflow). ``outflow_by_scenario`` is not published, so not here."""
    figures = extra["figures"]
    for code, block in figures.items():
        at = ("extra", "figures", code)
        for key, value in block["evaluation"].items():
            tables.add((*at, "evaluation", key), value)
        for key, stays in block.get("stays", {}).items():
            tables.medians.append(((*at, "median_days", key), stays))
    tables.columns(_groups(figures), ("extra", "figures"))
    semi = [c for c in OUTFLOW_CODES if c in SEMI_SUSTAINABLE_CODES]
    rest = [c for c in OUTFLOW_CODES if c not in SUSTAINABLE_CODES | SEMI_SUSTAINABLE_CODES]
    for code in figures:
        at, main = ("extra", "figures", code), ("main", "figures", code)
        tables.sums((*at, "evaluation", "sustainable"), [(*main, "sustainable_solutions")])
        tables.sums((*at, "evaluation", "semi_sustainable"), [(*main, "outflow", c) for c in semi])
        tables.sums((*at, "evaluation", "none"), [(*main, "outflow", c) for c in rest])


def _further(tables: Tables, further: dict) -> None:
    figures = further["figures"]
    for code, block in figures.items():
        at = ("further", "figures", code)
        for part in ("sex", "age", "nationality", "phase", "mrt", "exceptions"):
            for key, value in block[part].items():
                tables.add((*at, part, key), value)
        for scenario, duration in block["scenario_duration"].items():
            tables.add((*at, "scenario_duration", scenario, "stays"), duration["stays"])
            for band, value in duration["months"].items():
                tables.add((*at, "scenario_duration", scenario, "months", band), value)
            tables.medians.append(
                ((*at, "scenario_duration", scenario, "median_months"), duration["stays"])
            )
    tables.columns(_groups(figures), ("further", "figures"))
    for code, block in figures.items():
        at, main = ("further", "figures", code), ("main", "figures", code)
        for part in ("sex", "age", "nationality", "phase"):
            tables.sums((*main, "present"), [(*at, part, key) for key in block[part]])
        for scenario, duration in block["scenario_duration"].items():
            stays = (*at, "scenario_duration", scenario, "stays")
            bands = [(*at, "scenario_duration", scenario, "months", b) for b in duration["months"]]
            tables.sums(stays, bands)
            tables.sums(
                stays,
                [
                    ("extra", "figures", code, "outflow_by_scenario", scenario, c)
                    for c in OUTFLOW_CODES
                ],
            )


def _apply(trees: dict[str, dict], hidden: dict[Path, str], medians, limit: int) -> dict:
    out = {tag: copy.deepcopy(tree) for tag, tree in trees.items()}
    for path, label in hidden.items():
        node = out[path[0]]
        for step in path[1:-1]:
            node = node[step]
        node[path[-1]] = label
    for path, stays in medians:
        node = out[path[0]]
        for step in path[1:-1]:
            node = node[step]
        if stays < limit and node.get(path[-1]) is not None:
            node[path[-1]] = SECONDARY_LABEL
    return out


def page_figures(
    reference_date: dt.date,
    lvv_codes: Iterable[str] | None = None,
    *,
    period_start: dt.date | None = None,
    suppress: bool = False,
) -> dict:
    """Everything the figures page, its downloads and ``lvv monitor --further`` publish:
    ``{"figures": monitor_figures, "extra": extra_figures, "further": further_figures}``,
    suppressed together when ``suppress``."""
    result = monitor_figures(reference_date, lvv_codes)
    extra = extra_figures(reference_date, lvv_codes)
    further = further_figures(reference_date, period_start, lvv_codes)
    if suppress:
        result, extra, further = suppress_page(result, extra, further)
    return {"figures": result, "extra": extra, "further": further}


def series_publication(
    first_month: dt.date,
    last_month: dt.date,
    lvv_codes: Iterable[str] | None = None,
    *,
    suppress: bool = False,
) -> dict:
    """The month series as the page, its downloads and charts show it (with month totals)."""
    series = monthly_series(first_month, last_month, lvv_codes)
    for points in series["series"].values():
        for point in points:
            point["outflow_total"] = sum(point["outflow"].values())
    return suppress_series(series) if suppress else series


def cohort_publication(
    first: dt.date,
    last: dt.date,
    reference_date: dt.date,
    lvv_codes: Iterable[str] | None = None,
    *,
    suppress: bool = False,
) -> dict:
    """The cohort as the page, its chart, its downloads and ``lvv monitor --cohort`` show it."""
    cohort = cohort_figures(first, last, reference_date, lvv_codes)
    return suppress_cohort(cohort) if suppress else cohort


def suppress_figures(result: dict, limit: int = SMALL_CELL_LIMIT) -> dict:
    """The main figures (``monitor_figures``, or a saved measurement's) for publication."""
    tables = Tables()
    _main(tables, result)
    hidden = protect(tables.values, tables.equations, limit=limit)
    return _apply({"main": result}, hidden, [], limit)["main"]


def suppress_page(
    result: dict,
    extra: dict | None = None,
    further: dict | None = None,
    limit: int = SMALL_CELL_LIMIT,
) -> tuple[dict, dict | None, dict | None]:
    """The figures page: the main table as :func:`suppress_figures` hides it, and the tables
    linked to it protected together with it."""
    main = Tables()
    _main(main, result)
    hidden = protect(main.values, main.equations, limit=limit)
    tables = Tables()
    _main(tables, result)
    trees = {"main": result}
    if extra is not None:
        _extra(tables, extra)
        trees["extra"] = extra
    if further is not None:
        _further(tables, further)
        trees["further"] = further
    hidden = protect(
        tables.values, tables.equations, limit=limit, given=hidden, frozen=set(main.values)
    )
    out = _apply(trees, hidden, tables.medians, limit)
    return out["main"], out.get("extra"), out.get("further")


def suppress_series(series: dict, limit: int = SMALL_CELL_LIMIT) -> dict:
    """A month series (with ``outflow_total`` per month): each month is a table of its own."""
    groups = [code for code in series["series"] if code != TOTAL]
    hidden: dict[Path, str] = {}
    for index in range(len(series["months"])):
        tables = Tables()
        for code, points in series["series"].items():
            point = points[index]
            at = ("series", "series", code, index)
            for key in ("inflow", "present", "outflow_total"):
                if key in point:
                    tables.add((*at, key), point[key])
            for category, value in point["outflow"].items():
                tables.add((*at, "outflow", category), value)
            for key, value in point["scenario"].items():
                tables.add((*at, "scenario", key), value)
        for path in [p for p in tables.values if p[2] == TOTAL]:
            tables.sums(path, [(path[0], path[1], code, *path[3:]) for code in groups])
        for code in series["series"]:
            at = ("series", "series", code, index)
            tables.sums((*at, "outflow_total"), [(*at, "outflow", c) for c in OUTFLOW_CODES])
            tables.sums((*at, "present"), [(*at, "scenario", k) for k in SCENARIO_KEYS])
        hidden.update(protect(tables.values, tables.equations, limit=limit))
    return _apply({"series": series}, hidden, [], limit)["series"]


def suppress_cohort(cohort: dict, limit: int = SMALL_CELL_LIMIT) -> dict:
    """The cohort: per LVV every horizon adds up to the cohort's size; LVVs to the total."""
    tables = Tables()
    groups = cohort["groups"]
    for code, block in groups.items():
        tables.add(("cohort", "groups", code, "size"), block["size"])
        for horizon, statuses in block["horizons"].items():
            for status, value in statuses.items():
                tables.add(("cohort", "groups", code, "horizons", horizon, status), value)
    tables.columns(_groups(groups), ("cohort", "groups"))
    for code, block in groups.items():
        for horizon, statuses in block["horizons"].items():
            tables.sums(
                ("cohort", "groups", code, "size"),
                [("cohort", "groups", code, "horizons", horizon, s) for s in statuses],
            )
    hidden = protect(tables.values, tables.equations, limit=limit)
    return _apply({"cohort": cohort}, hidden, [], limit)["cohort"]
