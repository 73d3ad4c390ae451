"""Further monitor figures, defined like the core ones (docs/monitor.md, "Further figures").

Same ground rules as :func:`lvv.monitor.figures.monitor_figures`: stays within the target
group only, events effective on or before the day in question, corrections applied. The
month series answer "on the last day of each month" with the same definitions, so the value
of a month end equals ``monitor_figures(month_end)``; the tests hold them equal.

Everything is read from the stored projection, except the scenario timeline of the few stays
whose scenario changed, which comes from their history (as in ``figures.py``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from lvv.cases.models import Case
from lvv.cases.projection import apply, project_as_of, resolve
from lvv.cases.state import CaseState
from lvv.monitor.definitions import (
    OUTFLOW_CODES,
    SCENARIO_KEYS,
    SUSTAINABLE_CODES,
    TOTAL,
    evaluation_class,
)
from lvv.monitor.figures import (
    counted_stays,
    mrt_known_on,
    mrt_undetermined_on,
    national_transfers,
    outflow_on,
    present_on,
    scenario_changed_after,
    scenario_known_on,
    selected_lvvs,
)
from lvv.monitor.history import event_histories


@dataclass(frozen=True)
class Stay:
    pk: int
    lvv: str
    person_id: int
    referral_date: dt.date
    intake_date: dt.date
    dossier_date: dt.date | None
    first_scenario_date: dt.date | None
    scenario_date: dt.date | None
    scenario: str
    outflow_date: dt.date | None
    outflow_category: str
    # Left by a transfer that is no outflow of the total: to another of the chosen LVVs
    # (nationally: to any LVV; ``figures.national_transfers``).
    transferred: bool = False
    # The receiving end of such a transfer: the stay it continues (no new inflow of the total).
    continues: int | None = None

    def national_outflow(self, day: dt.date) -> bool:
        """Left the programme on or before ``day``: an outflow that is not such a transfer."""
        return self.outflow_date is not None and self.outflow_date <= day and not self.transferred


def _stays(lvv_codes: Iterable[str] | None, until: dt.date) -> list[Stay]:
    lvvs = selected_lvvs(lvv_codes)
    code_of = dict(lvvs)
    qs = Case.objects.filter(within_target_group=True, intake_date__lte=until)
    if lvv_codes is not None:
        qs = qs.filter(lvv_id__in=list(code_of))
    links = dict(national_transfers(code_of, internal=True).values_list("case_id", "new_case_id"))
    continued = {new: old for old, new in links.items()}
    return [
        Stay(pk, code_of[lvv_id], *rest, transferred=pk in links, continues=continued.get(pk))
        for pk, lvv_id, *rest in qs.values_list(
            "pk",
            "lvv_id",
            "person_id",
            "referral_date",
            "intake_date",
            "dossier_complete_date",
            "first_scenario_date",
            "scenario_date",
            "scenario",
            "outflow_date",
            "outflow_category",
        )
    ]


def _scenario_segments(stays: list[Stay]) -> dict[int, list[tuple[dt.date, str]]]:
    """Per stay: ``[(from, scenario), ...]`` - each scenario from the day it was set."""
    changed = [
        s.pk for s in stays if s.first_scenario_date and s.scenario_date != s.first_scenario_date
    ]
    histories = event_histories(changed)
    segments: dict[int, list[tuple[dt.date, str]]] = {}
    for stay in stays:
        if stay.first_scenario_date is None:
            continue
        if stay.pk not in histories:
            segments[stay.pk] = [(stay.first_scenario_date, stay.scenario)]
            continue
        state, timeline = CaseState(), []
        for event in resolve(histories[stay.pk]):
            before = state.scenario
            state = apply(state, event)
            if state.scenario != before:
                timeline.append((event.effective_date, state.scenario))
        segments[stay.pk] = timeline
    return segments


class _Intervals:
    """How many half-open intervals ``[start, end)`` cover a day (``end`` None: still open)."""

    def __init__(self) -> None:
        self.starts: list[dt.date] = []
        self.ends: list[dt.date] = []

    def add(self, start: dt.date, end: dt.date | None) -> None:
        if end is not None and end <= start:
            return
        self.starts.append(start)
        if end is not None:
            self.ends.append(end)

    def sort(self) -> None:
        self.starts.sort()
        self.ends.sort()

    def at(self, day: dt.date) -> int:
        return bisect_right(self.starts, day) - bisect_right(self.ends, day)


def _merged(
    intervals: list[tuple[dt.date, dt.date | None]],
) -> list[tuple[dt.date, dt.date | None]]:
    """Union of one person's stays, so a person present in two stays counts once."""
    out: list[list] = []
    for start, end in sorted(intervals, key=lambda i: i[0]):
        if out and (out[-1][1] is None or start <= out[-1][1]):
            if out[-1][1] is not None and (end is None or end > out[-1][1]):
                out[-1][1] = end
            continue
        out.append([start, end])
    return [(s, e) for s, e in out]


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    days, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        days.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def monthly_series(
    first_month: dt.date, last_month: dt.date, lvv_codes: Iterable[str] | None = None
) -> dict:
    """Per LVV and in total, for every month: inflow, outflow by category, and on the last
    day of the month: present persons and the scenario split of the present stays."""
    ends = month_ends(first_month, last_month)
    stays = _stays(lvv_codes, ends[-1])
    segments = _scenario_segments(stays)
    groups = [code for _pk, code in selected_lvvs(lvv_codes)] + [TOTAL]
    persons: dict[str, _Intervals] = {g: _Intervals() for g in groups}
    present: dict[str, _Intervals] = {g: _Intervals() for g in groups}
    scenario: dict[tuple[str, str], _Intervals] = {
        (g, s): _Intervals() for g in groups for s in SCENARIO_KEYS[:2]
    }
    per_person: dict[tuple[str, int], list] = defaultdict(list)
    for stay in stays:
        for group in (stay.lvv, TOTAL):
            present[group].add(stay.intake_date, stay.outflow_date)
            per_person[group, stay.person_id].append((stay.intake_date, stay.outflow_date))
            timeline = segments.get(stay.pk, [])
            for index, (start, value) in enumerate(timeline):
                end = timeline[index + 1][0] if index + 1 < len(timeline) else None
                if stay.outflow_date is not None:
                    end = min(end, stay.outflow_date) if end else stay.outflow_date
                scenario[group, value].add(start, end)
    for (group, _person), intervals in per_person.items():
        for start, end in _merged(intervals):
            persons[group].add(start, end)
    for counter in [*persons.values(), *present.values(), *scenario.values()]:
        counter.sort()

    series: dict[str, list[dict]] = {g: [] for g in groups}
    for end in ends:
        start = end.replace(day=1)
        flows: dict[str, dict] = {
            g: {"inflow": 0, "outflow": dict.fromkeys(OUTFLOW_CODES, 0)} for g in groups
        }
        for stay in stays:
            if start <= stay.intake_date <= end:
                flows[stay.lvv]["inflow"] += 1
                if stay.continues is None:  # a transfer admits nobody new nationally
                    flows[TOTAL]["inflow"] += 1
            if stay.outflow_date is not None and start <= stay.outflow_date <= end:
                flows[stay.lvv]["outflow"][stay.outflow_category] += 1
                if not stay.transferred:
                    flows[TOTAL]["outflow"][stay.outflow_category] += 1
        for group in groups:
            split = {s: scenario[group, s].at(end) for s in SCENARIO_KEYS[:2]}
            split["none"] = present[group].at(end) - sum(split.values())
            series[group].append(
                {
                    "month": end.strftime("%Y-%m"),
                    "inflow": flows[group]["inflow"],
                    "present": persons[group].at(end),
                    "outflow": flows[group]["outflow"],
                    "scenario": split,
                }
            )
    return {"months": [end.strftime("%Y-%m") for end in ends], "series": series}


def chain_starts(stays: list[Stay]) -> dict[int, dt.date]:
    """Per stay: the intake that began it nationally - after transfers, the first stay's."""
    by_pk = {stay.pk: stay for stay in stays}
    starts: dict[int, dt.date] = {}
    for stay in stays:
        current, seen = stay, {stay.pk}
        while current.continues in by_pk and current.continues not in seen:
            current = by_pk[current.continues]
            seen.add(current.pk)
        starts[stay.pk] = current.intake_date
    return starts


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def extra_figures(reference_date: dt.date, lvv_codes: Iterable[str] | None = None) -> dict:
    """Durations, outflow by scenario and the final evaluation's split, on the reference date."""
    day = reference_date
    stays = _stays(lvv_codes, day)
    groups = [code for _pk, code in selected_lvvs(lvv_codes)] + [TOTAL]
    durations: dict[str, dict[str, list[int]]] = {g: defaultdict(list) for g in groups}
    by_scenario = {g: {s: dict.fromkeys(OUTFLOW_CODES, 0) for s in SCENARIO_KEYS} for g in groups}
    evaluation = {g: {"sustainable": 0, "semi_sustainable": 0, "none": 0} for g in groups}
    first_intake = chain_starts(stays)
    for stay in stays:
        for group in (stay.lvv, TOTAL):
            national = group == TOTAL
            d = durations[group]
            if not (national and stay.continues is not None):
                d["referral_to_intake"].append((stay.intake_date - stay.referral_date).days)
            if stay.dossier_date and stay.dossier_date <= day:
                d["intake_to_dossier"].append((stay.dossier_date - stay.intake_date).days)
                if stay.first_scenario_date and stay.first_scenario_date <= day:
                    d["dossier_to_scenario"].append(
                        (stay.first_scenario_date - stay.dossier_date).days
                    )
            if stay.first_scenario_date and stay.first_scenario_date <= day:
                d["intake_to_scenario"].append((stay.first_scenario_date - stay.intake_date).days)
            if stay.outflow_date and stay.outflow_date <= day:
                if national and stay.transferred:
                    continue  # the person stays in the programme
                intake = first_intake[stay.pk] if national else stay.intake_date
                d["intake_to_outflow"].append((stay.outflow_date - intake).days)
                # every scenario is set before the outflow: the stored one is the last one
                scenario = stay.scenario or "none"
                by_scenario[group][scenario][stay.outflow_category] += 1
                evaluation[group][evaluation_class(stay.outflow_category)] += 1
    keys = (
        "referral_to_intake",
        "intake_to_dossier",
        "dossier_to_scenario",
        "intake_to_scenario",
        "intake_to_outflow",
    )
    return {
        "reference_date": day.isoformat(),
        "figures": {
            group: {
                "median_days": {key: _median(durations[group][key]) for key in keys},
                "stays": {key: len(durations[group][key]) for key in keys},
                "outflow_by_scenario": by_scenario[group],
                "evaluation": evaluation[group],
            }
            for group in groups
        },
    }


# --- Drill-down: the stays behind one figure -------------------------------------------------

PERSON_FIGURES = ("sheltered", "present")


def drillable_figures() -> tuple[str, ...]:
    """The figures (keyed like ``definitions.flatten``) that a drill-down can list.

    Every count of people or stays; ``capacity`` counts places and has no cases behind it.
    """
    return (
        "sheltered",
        "present",
        "sustainable_solutions",
        "mrt_cases",
        *(f"outflow.{code}" for code in OUTFLOW_CODES),
        *(f"scenario.{key}" for key in SCENARIO_KEYS),
    )


class UnknownFigure(ValueError):
    """Not a figure that has cases behind it."""


def figure_case_ids(reference_date: dt.date, lvv_code: str, figure: str, cases=None) -> list[int]:
    """The ids of the stays behind ``figure`` of one LVV on ``reference_date``.

    Uses the very conditions :func:`lvv.monitor.figures.monitor_figures` counts with (the
    filters in ``figures.py`` and, for the few stays whose state on the date only the history
    tells, ``project_as_of``), so the list is exactly as long as the figure. For the person
    figures (``sheltered``, ``present``) it holds one stay per person - the latest one - since
    they count persons, not stays. ``cases`` (a ``Case`` queryset, e.g. the cases the user
    may see) narrows the result further; by default every case of the LVV.
    """
    if figure not in drillable_figures():
        raise UnknownFigure(figure)
    day = reference_date
    ((lvv_id, _code),) = selected_lvvs([lvv_code])
    base = counted_stays(day).filter(lvv_id=lvv_id)
    if cases is not None:
        base = base.filter(pk__in=cases.values("pk"))

    if figure in PERSON_FIGURES:
        stays = base if figure == "sheltered" else base.filter(present_on(day))
        latest: dict[int, int] = {}
        for person_id, pk in stays.order_by("person_id", "-intake_date", "-pk").values_list(
            "person_id", "pk"
        ):
            latest.setdefault(person_id, pk)
        return sorted(latest.values())
    if figure == "sustainable_solutions":
        return _ids(
            base.filter(outflow_date__lte=day, outflow_category__in=sorted(SUSTAINABLE_CODES))
        )
    if figure.startswith("outflow."):
        return _ids(base.filter(outflow_on(day, figure.removeprefix("outflow."))))
    if figure == "mrt_cases":
        known = _ids(base.filter(mrt_known_on(day)))
        open_ = _ids(base.filter(mrt_undetermined_on(day)))
        histories = event_histories(open_)
        referred = [
            pk for pk in open_ if project_as_of(histories.get(pk, []), day).mrt_referral_count >= 1
        ]
        return sorted(known + referred)

    # scenario.<key>: every present stay has exactly one of the three on the date.
    wanted = figure.removeprefix("scenario.")
    scenario_of: dict[int, str] = dict(
        base.filter(scenario_known_on(day)).values_list("pk", "scenario")
    )
    open_ = _ids(base.filter(scenario_changed_after(day)))
    histories = event_histories(open_)
    for pk in open_:
        scenario_of[pk] = project_as_of(histories.get(pk, []), day).scenario
    present = _ids(base.filter(present_on(day)))
    known = SCENARIO_KEYS[:2]
    return [
        pk
        for pk in present
        if (scenario_of.get(pk) if scenario_of.get(pk) in known else "none") == wanted
    ]


def _ids(queryset) -> list[int]:
    return sorted(queryset.values_list("pk", flat=True))
