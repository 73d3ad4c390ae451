"""The national monitor for a reference date: the one function behind command, page and download.

:func:`monitor_figures` implements the definitions of ``docs/monitor.md`` exactly. It reads the
stored projection (the ``Case`` columns, which the case services keep equal to the corrected
event history) with a handful of GROUP BY queries, and reads full event histories only for the
few stays where the projection cannot tell what held on the reference date D. That this is
exact rests on three properties of the transition table (``lvv/cases/workflow.py``), which
hold for every history, corrected ones included, because a correction is only accepted when
the corrected history replays through the same table:

1. the admission decision, the intake and the outflow happen at most once per stay, so "its
   intake on or before D" is ``Case.intake_date <= D``, and so on; a stay with an intake on
   or before D also has its decision on or before D, so ``within_target_group`` as of D is
   the stored one;
2. each new scenario is set on or after the date of the previous one, so the scenario on D
   is the stored (latest) one when ``scenario_date <= D``, none when the first scenario came
   after D, and otherwise (the scenario changed after D) is read from the history;
3. MRT referrals follow each other in date order, so a stay was referred on or before D when
   its latest referral was, or - with more than one referral - is read from the history.

:func:`monitor_figures_reference` computes the same figures the slow, obvious way
(``project_as_of`` over every history); the tests hold the two equal.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lvv.cases.models import Case, CaseTransfer, TransferStatus
from lvv.cases.projection import project_as_of
from lvv.cases.vocabulary import OutflowCategory
from lvv.monitor.definitions import (
    OUTFLOW_CODES,
    SCENARIO_KEYS,
    TOTAL,
    empty_figures,
    sustainable,
)
from lvv.monitor.history import event_histories
from lvv.organisations.models import CapacityPeriod, Lvv


class UnknownLvv(ValueError):
    """An LVV code that is not configured; the message names the code (no personal data)."""


def selected_lvvs(lvv_codes: Iterable[str] | None = None) -> list[tuple[int, str]]:
    """``[(id, code), ...]`` of the chosen LVVs (all when ``None``), ordered by code."""
    rows = list(Lvv.objects.order_by("code").values_list("pk", "code"))
    if lvv_codes is None:
        return rows
    wanted = [code.strip().upper() for code in lvv_codes]
    known = {code for _pk, code in rows}
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise UnknownLvv(_("Onbekende LVV: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [(pk, code) for pk, code in rows if code in wanted]


def capacities(reference_date: dt.date, lvv_ids: Sequence[int]) -> dict[int, int]:
    """Places per LVV on the date: the latest capacity period starting on or before it."""
    places: dict[int, int] = dict.fromkeys(lvv_ids, 0)
    for lvv_id, valid_from_places in (
        CapacityPeriod.objects.filter(lvv_id__in=lvv_ids, valid_from__lte=reference_date)
        .order_by("lvv_id", "valid_from")
        .values_list("lvv_id", "places")
    ):
        places[lvv_id] = valid_from_places  # ordered by date: the last one wins
    return places


# The conditions below are the definitions of docs/monitor.md as filters on the stored
# projection. ``monitor_figures`` counts with them and ``lvv.monitor.selectors.figure_case_ids``
# lists the stays behind a figure with them, so a drill-down list always matches its figure.


def counted_stays(day: dt.date):
    """Stays within the target group with an intake on or before ``day``: all that can count."""
    return Case.objects.filter(within_target_group=True, intake_date__lte=day)


def present_on(day: dt.date) -> Q:
    """Still present on ``day``: no outflow on or before it (an outflow on D ends presence)."""
    return Q(outflow_date__isnull=True) | Q(outflow_date__gt=day)


def outflow_on(day: dt.date, code: str) -> Q:
    return Q(outflow_date__lte=day, outflow_category=code)


def scenario_known_on(day: dt.date) -> Q:
    """Present, and the stored (latest) scenario was already set on ``day``."""
    return present_on(day) & Q(first_scenario_date__lte=day, scenario_date__lte=day)


def scenario_changed_after(day: dt.date) -> Q:
    """Present with a scenario on ``day`` that changed after it: read from the history."""
    return present_on(day) & Q(first_scenario_date__lte=day, scenario_date__gt=day)


def national_transfers(lvv_ids: Iterable[int] | None = None, *, internal: bool = False):
    """Accepted transfers that are no national outflow: ``CaseTransfer`` rows.

    A stay closed by a transfer ends with outflow ``other`` in its LVV and a new stay opens in
    the receiving LVV on the same day. The person never left the programme, so nationally
    it is no outflow - unless the receiving LVV admitted the person as an exception: then the
    person leaves the counted population, and the old stay stays national outflow ``other``.
    ``lvv_ids``: transfers out of these LVVs; with ``internal`` only those into one of them as
    well (the transfers a total over these LVVs does not count as outflow).
    """
    transfers = CaseTransfer.objects.filter(
        status=TransferStatus.ACCEPTED,
        case__outflow_category=OutflowCategory.OTHER,
        new_case__within_target_group=True,
    )
    if lvv_ids is not None:
        ids = list(lvv_ids)
        transfers = transfers.filter(case__lvv_id__in=ids)
        if internal:
            transfers = transfers.filter(new_case__lvv_id__in=ids)
    return transfers


def transferred_on(
    day: dt.date, lvv_ids: Iterable[int] | None = None
) -> list[tuple[int, int, int, int]]:
    """``[(stay id, its LVV id, receiving stay id, receiving LVV id)]``: counted stays of these
    LVVs that left by ``day`` by a transfer that is no national outflow."""
    return list(
        national_transfers(lvv_ids)
        .filter(
            case__within_target_group=True,
            case__intake_date__lte=day,
            case__outflow_date__lte=day,
        )
        .values_list("case_id", "case__lvv_id", "new_case_id", "new_case__lvv_id")
    )


def mrt_known_on(day: dt.date) -> Q:
    return Q(mrt_referral_count__gte=1, mrt_referral_date__lte=day)


def mrt_undetermined_on(day: dt.date) -> Q:
    """Referred more than once, the latest after ``day``: the history tells about ``day``."""
    return Q(mrt_referral_count__gte=2, mrt_referral_date__gt=day)


def _shape(
    reference_date: dt.date,
    lvvs: list[tuple[int, str]],
    per_lvv: dict[int, dict],
    national: dict,
) -> dict:
    figures = {code: per_lvv[pk] for pk, code in lvvs}
    figures[TOTAL] = national
    for block in figures.values():
        block["sustainable_solutions"] = sustainable(block["outflow"])
    return {"reference_date": reference_date.isoformat(), "figures": figures}


def _blocks(reference_date: dt.date, lvvs: list[tuple[int, str]]) -> tuple[dict, dict]:
    places = capacities(reference_date, [pk for pk, _code in lvvs])
    per_lvv = {pk: empty_figures() for pk, _code in lvvs}
    national = empty_figures()
    for pk, _code in lvvs:
        per_lvv[pk]["capacity"] = places[pk]
        national["capacity"] += places[pk]
    return per_lvv, national


def monitor_figures(reference_date: dt.date, lvv_codes: Iterable[str] | None = None) -> dict:
    """The monitor on ``reference_date`` per LVV and in total, in the documented JSON shape.

    With ``lvv_codes`` the figures (and the total) cover only those LVVs.
    """
    day = reference_date
    lvvs = selected_lvvs(lvv_codes)
    per_lvv, national = _blocks(day, lvvs)
    base = counted_stays(day)
    if lvv_codes is not None:
        base = base.filter(lvv_id__in=[pk for pk, _code in lvvs])
    present = present_on(day)

    # One scan of the stays, grouped by LVV, counting every figure with a filter.
    outflow_by = {
        f"outflow__{code}": Count("pk", filter=outflow_on(day, code)) for code in OUTFLOW_CODES
    }
    scenario_known = scenario_known_on(day)
    scenario_by = {
        f"scenario__{key}": Count("pk", filter=scenario_known & Q(scenario=key))
        for key in SCENARIO_KEYS[:2]
    }
    present_stays: Counter[int] = Counter()
    scenarios: Counter[tuple[int, str]] = Counter()
    for row in base.values("lvv_id").annotate(
        sheltered=Count("person_id", distinct=True),
        present=Count("person_id", distinct=True, filter=present),
        present_stays=Count("pk", filter=present),
        mrt=Count("pk", filter=mrt_known_on(day)),
        **outflow_by,
        **scenario_by,
    ):
        lvv_id = row["lvv_id"]
        block = per_lvv[lvv_id]
        block["sheltered"] = row["sheltered"]
        block["present"] = row["present"]
        block["mrt_cases"] = row["mrt"]
        present_stays[lvv_id] = row["present_stays"]
        for code in OUTFLOW_CODES:
            block["outflow"][code] = row[f"outflow__{code}"]
        for key in SCENARIO_KEYS[:2]:
            scenarios[lvv_id, key] = row[f"scenario__{key}"]
    persons = base.aggregate(
        sheltered=Count("person_id", distinct=True),
        present=Count("person_id", distinct=True, filter=present),
    )
    national["sheltered"] = persons["sheltered"]
    national["present"] = persons["present"]
    internal = 0
    for _pk, lvv_id, _new, new_lvv_id in transferred_on(day, per_lvv):
        per_lvv[lvv_id]["transfers"] += 1
        internal += new_lvv_id in per_lvv

    # The few stays whose state on D the projection cannot tell: read their history.
    scenario_open = scenario_changed_after(day)
    mrt_open = mrt_undetermined_on(day)
    undetermined = list(
        base.filter(scenario_open | mrt_open).values_list(
            "pk",
            "lvv_id",
            "outflow_date",
            "first_scenario_date",
            "scenario_date",
            "mrt_referral_count",
            "mrt_referral_date",
        )
    )
    histories = event_histories(row[0] for row in undetermined)
    for pk, lvv_id, outflow, first, latest, mrt_count, mrt_date in undetermined:
        state = project_as_of(histories.get(pk, []), day)
        is_present = outflow is None or outflow > day
        if is_present and first is not None and first <= day < latest:
            scenarios[lvv_id, state.scenario] += 1
        if mrt_count >= 2 and mrt_date > day and state.mrt_referral_count >= 1:
            per_lvv[lvv_id]["mrt_cases"] += 1

    for pk, _code in lvvs:
        block = per_lvv[pk]
        for key in ("departure", "residence"):
            block["scenario"][key] = scenarios[pk, key]
        block["scenario"]["none"] = (
            present_stays[pk] - block["scenario"]["departure"] - block["scenario"]["residence"]
        )
        _add_to_total(national, block)
    _transfers_in_total(national, internal)
    return _shape(day, lvvs, per_lvv, national)


def _add_to_total(national: dict, block: dict) -> None:
    """Stay counts add up over the LVVs; person counts (deduplicated) are computed apart."""
    national["mrt_cases"] += block["mrt_cases"]
    for key, number in block["outflow"].items():
        national["outflow"][key] += number
    for key, number in block["scenario"].items():
        national["scenario"][key] += number


def _transfers_in_total(national: dict, internal: int) -> None:
    """A transfer between two of the LVVs is outflow ``other`` of the one it left, but no
    outflow of the total (nationally: never); the total's ``transfers`` counts those."""
    national["transfers"] = internal
    national["outflow"][OutflowCategory.OTHER] -= internal


def monitor_figures_reference(
    reference_date: dt.date, lvv_codes: Iterable[str] | None = None
) -> dict:
    """The same figures by folding every stay's history up to D; the yardstick of the tests."""
    day = reference_date
    lvvs = selected_lvvs(lvv_codes)
    ids = {pk for pk, _code in lvvs}
    per_lvv, national = _blocks(day, lvvs)
    cases = list(Case.objects.filter(lvv_id__in=ids).values_list("pk", "lvv_id", "person_id"))
    accepted = CaseTransfer.objects.filter(
        status=TransferStatus.ACCEPTED, case_id__in=[pk for pk, _lvv, _person in cases]
    )
    transfers = {
        case_id: (new_id, new_lvv_id)
        for case_id, new_id, new_lvv_id in accepted.values_list(
            "case_id", "new_case_id", "new_case__lvv_id"
        )
    }
    histories = event_histories(
        [pk for pk, _lvv, _person in cases] + [new for new, _lvv in transfers.values()]
    )
    internal = 0
    sheltered: dict[int, set[int]] = defaultdict(set)
    present: dict[int, set[int]] = defaultdict(set)
    for pk, lvv_id, person_id in cases:
        state = project_as_of(histories.get(pk, []), day)
        if state.within_target_group is not True or state.intake_date is None:
            continue
        block = per_lvv[lvv_id]
        sheltered[lvv_id].add(person_id)
        if state.outflow_date is None:
            present[lvv_id].add(person_id)
            block["scenario"][state.scenario or "none"] += 1
        else:
            block["outflow"][state.outflow_category] += 1
            new_id, new_lvv_id = transfers.get(pk, (None, None))
            if state.outflow_category == OutflowCategory.OTHER and new_id is not None:
                new = project_as_of(histories.get(new_id, []), day)
                if new.within_target_group is True:
                    block["transfers"] += 1
                    internal += new_lvv_id in ids
        if state.mrt_referral_count >= 1:
            block["mrt_cases"] += 1
    for pk, _code in lvvs:
        per_lvv[pk]["sheltered"] = len(sheltered[pk])
        per_lvv[pk]["present"] = len(present[pk])
        _add_to_total(national, per_lvv[pk])
    _transfers_in_total(national, internal)
    national["sheltered"] = len(set().union(*sheltered.values()))
    national["present"] = len(set().union(*present.values()))
    return _shape(day, lvvs, per_lvv, national)
