"""Suppression of what the monitor publishes: every table with its totals, checked from outside.

The relations a reader can use are written down here independently of
``lvv.monitor.publication`` (which builds its own), and checked on random results of the
monitor's shape (hypothesis) and on real ones.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lvv.monitor.cohort import HORIZONS, STATUS_KEYS
from lvv.monitor.definitions import OUTFLOW_CODES, SCENARIO_KEYS, TOTAL, flatten
from lvv.monitor.further import flatten_further
from lvv.monitor.publication import suppress_cohort, suppress_figures, suppress_page
from lvv.monitor.suppression import SECONDARY_LABEL

LVVS = ["AMS", "EHV", "GRN", "RTM", "UTR"]
counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30), st.integers(31, 500))


def hidden(value) -> bool:
    return isinstance(value, str)


def leaks(relations: list[tuple[object, list[object]]]) -> list:
    """Relations (total, parts) of published values with exactly one hidden cell; a total
    may be a list of cells that add up (national other + transfers)."""
    found = []
    for total, parts in relations:
        totals = total if isinstance(total, list) else [total]
        if sum(hidden(v) for v in [*totals, *parts]) == 1:
            found.append((total, parts))
    return found


@st.composite
def main_results(draw, lvvs=LVVS) -> dict:
    figures = {}
    for code in lvvs:
        outflow = {c: draw(counts) for c in OUTFLOW_CODES}
        scenario = {k: draw(counts) for k in SCENARIO_KEYS}
        present = sum(scenario.values())
        figures[code] = {
            "capacity": draw(st.integers(0, 400)),
            "sheltered": present + sum(outflow.values()),
            "present": present,
            "sustainable_solutions": sum(
                outflow[c] for c in ("residence_granted", "departure_origin", "onward_migration")
            ),
            "mrt_cases": draw(counts),
            "transfers": draw(st.integers(0, outflow["other"])),
            "outflow": outflow,
            "scenario": scenario,
        }
    total = {
        "capacity": sum(f["capacity"] for f in figures.values()),
        "sheltered": sum(f["sheltered"] for f in figures.values()),
        "present": sum(f["present"] for f in figures.values()),
        "sustainable_solutions": sum(f["sustainable_solutions"] for f in figures.values()),
        "mrt_cases": sum(f["mrt_cases"] for f in figures.values()),
        # nationally every transfer is between two LVVs; with one LVV none is
        "transfers": sum(f["transfers"] for f in figures.values()) if len(lvvs) > 1 else 0,
        "outflow": {c: sum(f["outflow"][c] for f in figures.values()) for c in OUTFLOW_CODES},
        "scenario": {k: sum(f["scenario"][k] for f in figures.values()) for k in SCENARIO_KEYS},
    }
    total["outflow"]["other"] -= total["transfers"]
    figures[TOTAL] = total
    return {"reference_date": "2020-11-01", "figures": figures}


def main_relations(published: dict) -> list:
    """What a reader of the main table can add up: each row over the LVVs to the total, and
    in each column the categories to their total."""
    figures = published["figures"]
    flats = {code: flatten(block) for code, block in figures.items()}
    codes = [code for code in figures if code != TOTAL]
    relations = []
    for key in flats[TOTAL]:
        if key == "outflow.other":  # a transfer between two LVVs is no outflow of the total
            total = [flats[TOTAL][key], flats[TOTAL]["transfers"]]
            relations.append((total, [flats[c][key] for c in codes]))
        elif key == "transfers" and len(codes) == 1:
            continue  # over one LVV no transfer is between two of them: less than the sum
        elif key != "capacity":
            relations.append((flats[TOTAL][key], [flats[c][key] for c in codes]))
    for flat in flats.values():
        relations.append(
            (
                flat["sustainable_solutions"],
                [flat[f"outflow.{c}"] for c in ("residence_granted", "departure_origin")]
                + [flat["outflow.onward_migration"]],
            )
        )
        relations.append((flat["present"], [flat[f"scenario.{k}"] for k in SCENARIO_KEYS]))
        relations.append(
            (flat["sheltered"], [flat["present"], *(flat[f"outflow.{c}"] for c in OUTFLOW_CODES)])
        )
    return relations


def assert_small_cells_hidden(original: dict, published: dict) -> None:
    for code, block in original["figures"].items():
        flat, shown = flatten(block), flatten(published["figures"][code])
        for key, value in flat.items():
            if key == "capacity":
                assert shown[key] == value
            elif 0 < value < 5:
                assert shown[key] == "<5", (code, key)
            elif value == 0:
                assert shown[key] == 0, (code, key)
            else:
                assert shown[key] in (value, SECONDARY_LABEL), (code, key)


@settings(max_examples=150, deadline=None)
@given(main_results())
def test_no_hidden_main_figure_follows_from_a_published_total(result):
    published = suppress_figures(result)
    assert_small_cells_hidden(result, published)
    assert leaks(main_relations(published)) == []


@settings(max_examples=60, deadline=None)
@given(main_results(lvvs=["AMS"]))
def test_a_case_directors_single_lvv_and_its_total_leak_nothing(result):
    published = suppress_figures(result)
    assert_small_cells_hidden(result, published)
    assert leaks(main_relations(published)) == []


@st.composite
def cohorts(draw) -> dict:
    groups = {}
    for code in LVVS:
        horizons = {str(h): {s: draw(counts) for s in STATUS_KEYS} for h in HORIZONS[:1]}
        size = sum(horizons["3"].values())
        for h in HORIZONS[1:]:  # the same persons, spread differently
            values = [draw(st.integers(0, 20)) for _ in STATUS_KEYS[:-1]]
            rest = size - sum(values)
            if rest < 0:
                values, rest = [0] * len(values), size
            horizons[str(h)] = dict(zip(STATUS_KEYS, [*values, rest], strict=True))
        groups[code] = {"size": size, "horizons": horizons}
    groups[TOTAL] = {
        "size": sum(g["size"] for g in groups.values()),
        "horizons": {
            str(h): {s: sum(g["horizons"][str(h)][s] for g in groups.values()) for s in STATUS_KEYS}
            for h in HORIZONS
        },
    }
    return {"horizons": list(HORIZONS), "statuses": list(STATUS_KEYS), "groups": groups}


@settings(max_examples=100, deadline=None)
@given(cohorts())
def test_no_hidden_cohort_cell_follows_from_a_published_total(cohort):
    published = suppress_cohort(cohort)["groups"]
    codes = [code for code in published if code != TOTAL]
    relations = [(published[TOTAL]["size"], [published[c]["size"] for c in codes])]
    for code, block in published.items():
        for h, statuses in block["horizons"].items():
            relations.append((block["size"], list(statuses.values())))
            if code == TOTAL:
                for status, value in statuses.items():
                    relations.append((value, [published[c]["horizons"][h][status] for c in codes]))
    assert leaks(relations) == []
    for code, block in cohort["groups"].items():
        for h, statuses in block["horizons"].items():
            for status, value in statuses.items():
                if 0 < value < 5:
                    assert published[code]["horizons"][h][status] == "<5"


def test_the_figures_page_on_real_data_leaks_nothing_along_its_totals(db, system_user):
    """The page's linked tables on a random history: the main table, the evaluation (adds up
    to the outflow) and the further figures (add up to the persons present)."""
    from lvv.monitor.figures import monitor_figures
    from lvv.monitor.further import further_figures
    from lvv.monitor.selectors import extra_figures
    from lvv.monitor.tests.test_figures import random_history

    random_history(system_user)
    day = dt.date(2020, 11, 1)
    result, extra, further = monitor_figures(day), extra_figures(day), further_figures(day)
    main, extra_shown, further_shown = suppress_page(result, extra, further)
    # The main table exactly as it is published on its own (saved measurement, command).
    assert main == suppress_figures(result)
    relations = main_relations(main)
    codes = [code for code in main["figures"] if code != TOTAL]
    ev = {code: extra_shown["figures"][code]["evaluation"] for code in extra_shown["figures"]}
    for code, block in main["figures"].items():
        out = block["outflow"]
        relations.append((ev[code]["sustainable"], [block["sustainable_solutions"]]))
        relations.append(
            (ev[code]["semi_sustainable"], [out["asylum_reception"], out["art64_postponement"]])
        )
        rest = [
            c
            for c in OUTFLOW_CODES
            if c
            not in {
                "residence_granted",
                "departure_origin",
                "onward_migration",
                "asylum_reception",
                "art64_postponement",
            }
        ]
        relations.append((ev[code]["none"], [out[c] for c in rest]))
    for key in ev[TOTAL]:
        relations.append((ev[TOTAL][key], [ev[c][key] for c in codes]))
    flats = {c: flatten_further(b) for c, b in further_shown["figures"].items()}
    for key in flats[TOTAL]:
        if not key.endswith("median_months"):
            relations.append((flats[TOTAL][key], [flats[c][key] for c in codes]))
    for code, flat in flats.items():
        present = main["figures"][code]["present"]
        for part in ("sex", "age", "nationality", "phase"):
            relations.append((present, [v for k, v in flat.items() if k.startswith(part + ".")]))
        for scenario in ("departure", "residence"):
            at = f"scenario_duration.{scenario}"
            bands = [v for k, v in flat.items() if k.startswith(at + ".months.")]
            relations.append((flat[f"{at}.stays"], bands))
            stays = further["figures"][code]["scenario_duration"][scenario]["stays"]
            if stays < 5:
                assert flat[f"{at}.median_months"] in (None, SECONDARY_LABEL)
    assert any(hidden(v) for total, parts in relations for v in [total, *parts])
    assert leaks(relations) == []
    # Medians over fewer than 5 stays are hidden.
    for code, block in extra["figures"].items():
        for key, stays in block["stays"].items():
            if 0 < stays < 5:
                assert extra_shown["figures"][code]["median_days"][key] == SECONDARY_LABEL
