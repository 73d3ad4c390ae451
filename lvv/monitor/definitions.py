"""The monitor's definitions: which figures exist and what exactly each one counts.

``docs/monitor.md`` describes every figure in one paragraph; this module and
:mod:`lvv.monitor.figures` implement exactly those words. A change in what a figure counts is a
new ``DEFINITIONS_VERSION``, so a saved measurement always says under which definitions it was
computed.

The common ground of every figure, for reference date D:

* only stays *within the target group* count (an exception - admitted with an exception
  reason - and a refusal never count);
* only events with an effective date on or before D count, read through their corrections
  (``projection.resolve``): a correction recorded after D still changes the figure for D,
  because it says how the history really was;
* a stay closed by a transfer to another LVV is outflow of that LVV, but not national
  outflow: the person stays in the programme (``transfers``).
"""

from __future__ import annotations

from lvv.cases.vocabulary import (
    SEMI_SUSTAINABLE_OUTFLOW,
    SUSTAINABLE_OUTFLOW,
    OutflowCategory,
    Scenario,
)

DEFINITIONS_VERSION = "2026.2"

TOTAL = "total"
OUTFLOW_CODES: tuple[str, ...] = tuple(OutflowCategory.values)
SCENARIO_KEYS: tuple[str, ...] = (Scenario.DEPARTURE.value, Scenario.RESIDENCE.value, "none")
SUSTAINABLE_CODES: frozenset[str] = frozenset(str(c) for c in SUSTAINABLE_OUTFLOW)
SEMI_SUSTAINABLE_CODES: frozenset[str] = frozenset(str(c) for c in SEMI_SUSTAINABLE_OUTFLOW)

# The scalar figures in the order the command prints them.
SCALAR_KEYS: tuple[str, ...] = (
    "capacity",
    "sheltered",
    "present",
    "sustainable_solutions",
    "mrt_cases",
)


def empty_figures() -> dict:
    """The figures of one LVV (or the total) with every key present and zero."""
    return {
        "capacity": 0,
        "sheltered": 0,
        "present": 0,
        "sustainable_solutions": 0,
        "mrt_cases": 0,
        "transfers": 0,
        "outflow": dict.fromkeys(OUTFLOW_CODES, 0),
        "scenario": dict.fromkeys(SCENARIO_KEYS, 0),
    }


def sustainable(outflow: dict[str, int]) -> int:
    """``sustainable_solutions`` = residence_granted + departure_origin + onward_migration."""
    return sum(outflow.get(code, 0) for code in SUSTAINABLE_CODES)


def evaluation_class(category: str) -> str:
    """The final evaluation's three-way split of an outflow category."""
    if category in SUSTAINABLE_CODES:
        return "sustainable"
    if category in SEMI_SUSTAINABLE_CODES:
        return "semi_sustainable"
    return "none"


def flatten(figures: dict) -> dict[str, int]:
    """One LVV's figures as ``{"outflow.residence_granted": n, ...}`` for tables and diffs."""
    flat: dict[str, int] = {key: figures[key] for key in SCALAR_KEYS}
    for code in OUTFLOW_CODES:
        flat[f"outflow.{code}"] = figures["outflow"][code]
    if "transfers" in figures:  # measurements saved under definitions 2026.1 have none
        flat["transfers"] = figures["transfers"]
    for key in SCENARIO_KEYS:
        flat[f"scenario.{key}"] = figures["scenario"][key]
    return flat


def figure_labels() -> dict[str, str]:
    """Dutch row labels for tables and downloads, keyed like :func:`flatten`."""
    from django.utils.translation import gettext as _

    from lvv.cases.vocabulary import OutflowCategory, Scenario

    labels = {
        "capacity": _("capaciteit (plaatsen)"),
        "sheltered": _("ooit opgevangen (personen)"),
        "present": _("aanwezig (personen)"),
        "sustainable_solutions": _("bestendige oplossingen"),
        "mrt_cases": _("casussen voorgelegd aan het MRT"),
    }
    for category in OutflowCategory:
        labels[f"outflow.{category.value}"] = _("uitstroom: %(label)s") % {"label": category.label}
    for scenario in Scenario:
        labels[f"scenario.{scenario.value}"] = _("aanwezig met scenario %(label)s") % {
            "label": scenario.label
        }
    labels["scenario.none"] = _("aanwezig zonder scenario")
    labels["transfers"] = _(
        "overgeplaatst naar een andere LVV (verblijven; geen landelijke uitstroom)"
    )
    return labels
