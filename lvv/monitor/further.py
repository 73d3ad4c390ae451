"""Further figures on a reference date: who is present, where the stays stand, MRT, exceptions.

Defined in docs/monitor.md ("Further figures on a reference date"), with the ground rules of
the core figures (:mod:`lvv.monitor.figures`): stays within the target group, events effective
on or before D, corrections applied, a transfer is outflow of its LVV but no national outflow.
The exceptions are the one figure *about* stays outside the target group, counted apart and
never in any other figure.

Read from the stored projection (exact for the reasons given in ``figures.py``) plus, for the
few stays where only the history can tell, their event history: stays whose phase moved to
reception after D, and stays referred to the MRT more than once.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable

from lvv.cases.events import EventType
from lvv.cases.models import Case
from lvv.cases.projection import project_as_of, resolve
from lvv.cases.vocabulary import MrtStatus, Phase, Scenario
from lvv.monitor.definitions import TOTAL
from lvv.monitor.figures import counted_stays, present_on, selected_lvvs, transferred_on
from lvv.monitor.history import event_histories

SEX_KEYS: tuple[str, ...] = ("M", "F", "X")
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, None),
)
AGE_KEYS: tuple[str, ...] = (*(band for band, _low, _high in AGE_BANDS), "unknown")
TOP_NATIONALITIES = 10
PHASE_KEYS: tuple[str, ...] = (Phase.RESEARCH.value, Phase.RECEPTION.value, "none")
SCENARIO_VALUES: tuple[str, ...] = (Scenario.DEPARTURE.value, Scenario.RESIDENCE.value)
# Time with the scenario before outflow, in months of 365.25 / 12 days: [low, high).
MONTH_DAYS = 365.25 / 12
DURATION_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-3", 0, 3),
    ("3-6", 3, 6),
    ("6-12", 6, 12),
    ("12-18", 12, 18),
    ("18-24", 18, 24),
    ("24+", 24, None),
)
DURATION_KEYS: tuple[str, ...] = tuple(band for band, _low, _high in DURATION_BANDS)
MRT_KEYS: tuple[str, ...] = ("referred", "advised", "waiting")
EXCEPTION_KEYS: tuple[str, ...] = ("sheltered", "present", "admitted")


def age_on(day: dt.date, birth_date: dt.date | None, birth_year: int | None) -> int | None:
    """Age in whole years on ``day``; with only a birth year, the birthday is taken as 1 July
    (at most half a year off either way)."""
    if birth_date is None and birth_year:
        birth_date = dt.date(birth_year, 7, 1)
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return "unknown"
    for band, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return band
    return "unknown"


def duration_band(days: int) -> str:
    months = days / MONTH_DAYS
    for band, low, high in DURATION_BANDS:
        if months >= low and (high is None or months < high):
            return band
    return DURATION_BANDS[-1][0]


def first_nationality(nationalities) -> str:
    """The first recorded nationality (ISO 3166-1 alpha-3), ``unknown`` when none."""
    if isinstance(nationalities, list) and nationalities and nationalities[0]:
        return str(nationalities[0]).strip().upper() or "unknown"
    return "unknown"


def _median_months(days: list[int]) -> float | None:
    return round(statistics.median(days) / MONTH_DAYS, 1) if days else None


def further_figures(
    reference_date: dt.date,
    period_start: dt.date | None = None,
    lvv_codes: Iterable[str] | None = None,
) -> dict:
    """The further figures per LVV and in total on ``reference_date``.

    ``period_start`` (default: 1 January of D's year) opens the period ``[period_start, D]``
    of the period figures (MRT referrals and advice, exceptions admitted).
    """
    day = reference_date
    start = period_start or dt.date(day.year, 1, 1)
    lvvs = selected_lvvs(lvv_codes)
    code_of = dict(lvvs)
    groups = [code for _pk, code in lvvs] + [TOTAL]
    base = counted_stays(day).filter(lvv_id__in=list(code_of))

    present_rows = list(
        base.filter(present_on(day)).values_list(
            "pk",
            "lvv_id",
            "person_id",
            "person__sex",
            "person__birth_date",
            "person__birth_year",
            "person__nationalities",
            "phase",
            "phase_date",
        )
    )
    demographics, nationality_order = _demographics(day, present_rows, code_of, groups)
    phase = _phases(day, present_rows, code_of, groups)
    durations = _scenario_durations(day, base, code_of, groups)
    mrt = _mrt(day, start, base, code_of, groups)
    exceptions = _exceptions(day, start, code_of, groups)
    return {
        "reference_date": day.isoformat(),
        "period": {"first": start.isoformat(), "last": day.isoformat()},
        "nationalities": nationality_order,
        "figures": {
            group: {
                **demographics[group],
                "phase": phase[group],
                "scenario_duration": durations[group],
                "mrt": mrt[group],
                "exceptions": exceptions[group],
            }
            for group in groups
        },
    }


def _demographics(day, rows, code_of, groups) -> tuple[dict, list[str]]:
    """Persons present on D by sex, age band and first nationality (top 10, other, unknown)."""
    persons: dict[str, dict[int, tuple]] = {group: {} for group in groups}
    for _pk, lvv_id, person_id, sex, birth_date, birth_year, nationalities, *_ in rows:
        traits = (
            sex if sex in SEX_KEYS else "X",
            age_band(age_on(day, birth_date, birth_year)),
            first_nationality(nationalities),
        )
        persons[code_of[lvv_id]][person_id] = traits
        persons[TOTAL][person_id] = traits
    national = Counter(nationality for _s, _a, nationality in persons[TOTAL].values())
    national.pop("unknown", None)
    top = [code for code, _n in sorted(national.items(), key=lambda item: (-item[1], item[0]))]
    top = top[:TOP_NATIONALITIES]
    keys = [*top, "other", "unknown"]
    result = {}
    for group in groups:
        sex = dict.fromkeys(SEX_KEYS, 0)
        age = dict.fromkeys(AGE_KEYS, 0)
        nationality = dict.fromkeys(keys, 0)
        for s, a, n in persons[group].values():
            sex[s] += 1
            age[a] += 1
            nationality[n if n in nationality else "other"] += 1
        result[group] = {"sex": sex, "age": age, "nationality": nationality}
    return result, top


def _phases(day, rows, code_of, groups) -> dict[str, dict[str, int]]:
    """Present stays by the phase they were in on D; a phase is never left for an earlier one
    (none -> research -> reception), so only stays that reached reception after D are read
    from their history."""
    phases = {group: dict.fromkeys(PHASE_KEYS, 0) for group in groups}
    unknown: list[tuple[int, int]] = []
    for pk, lvv_id, *_person, phase, phase_date in rows:
        if phase and phase_date is not None and phase_date <= day:
            value = phase
        elif phase == Phase.RECEPTION:
            unknown.append((pk, lvv_id))
            continue
        else:
            value = "none"
        for group in (code_of[lvv_id], TOTAL):
            phases[group][value] += 1
    histories = event_histories(pk for pk, _lvv in unknown)
    for pk, lvv_id in unknown:
        value = project_as_of(histories.get(pk, []), day).phase or "none"
        for group in (code_of[lvv_id], TOTAL):
            phases[group][value] += 1
    return phases


def _scenario_durations(day, base, code_of, groups) -> dict[str, dict]:
    """Stays that left on or before D with a scenario: the time from setting the scenario they
    left with to the outflow. Nationally without transfers (no outflow)."""
    transferred = {pk for pk, _lvv, _new, to in transferred_on(day, code_of) if to in code_of}
    days: dict[str, dict[str, list[int]]] = {
        group: {s: [] for s in SCENARIO_VALUES} for group in groups
    }
    for pk, lvv_id, scenario, set_on, outflow in base.filter(
        outflow_date__lte=day, first_scenario_date__isnull=False
    ).values_list("pk", "lvv_id", "scenario", "scenario_date", "outflow_date"):
        # every scenario is set before the outflow: the stored one is the one it left with
        duration = (outflow - set_on).days
        days[code_of[lvv_id]][scenario].append(duration)
        if pk not in transferred:
            days[TOTAL][scenario].append(duration)
    result: dict[str, dict] = {}
    for group in groups:
        result[group] = {}
        for scenario in SCENARIO_VALUES:
            values = days[group][scenario]
            bands = dict.fromkeys(DURATION_KEYS, 0)
            for value in values:
                bands[duration_band(value)] += 1
            result[group][scenario] = {
                "stays": len(values),
                "median_months": _median_months(values),
                "months": bands,
            }
    return result


def _mrt(day, start, base, code_of, groups) -> dict[str, dict[str, int]]:
    """Stays referred to the MRT in the period, stays whose MRT advice came in the period (the
    MRT discussed them), and stays waiting for advice on D."""
    counts = {group: dict.fromkeys(MRT_KEYS, 0) for group in groups}
    several: list[tuple[int, int]] = []
    for pk, lvv_id, referrals, referred, advised in base.filter(
        mrt_referral_count__gte=1
    ).values_list("pk", "lvv_id", "mrt_referral_count", "mrt_referral_date", "mrt_advice_date"):
        if referrals > 1:
            several.append((pk, lvv_id))
            continue
        found = {
            "referred": start <= referred <= day,
            "advised": advised is not None and start <= advised <= day,
            "waiting": referred <= day and (advised is None or advised > day),
        }
        for group in (code_of[lvv_id], TOTAL):
            for key, yes in found.items():
                counts[group][key] += yes
    histories = event_histories(pk for pk, _lvv in several)
    for pk, lvv_id in several:
        events = resolve(histories.get(pk, []))
        dates = defaultdict(list)
        for event in events:
            dates[event.type].append(event.effective_date)
        found = {
            "referred": any(start <= d <= day for d in dates[EventType.MRT_REFERRED]),
            "advised": any(start <= d <= day for d in dates[EventType.MRT_ADVISED]),
            "waiting": project_as_of(histories[pk], day).mrt_status == MrtStatus.REFERRED,
        }
        for group in (code_of[lvv_id], TOTAL):
            for key, yes in found.items():
                counts[group][key] += yes
    return counts


def _exceptions(day, start, code_of, groups) -> dict[str, dict[str, int]]:
    """Admitted as an exception (outside the target group, with a reason): persons sheltered
    ever and present on D, and stays with an intake in the period. In no other figure."""
    rows = Case.objects.filter(
        within_target_group=False, intake_date__lte=day, lvv_id__in=list(code_of)
    ).values_list("lvv_id", "person_id", "intake_date", "outflow_date")
    sheltered: dict[str, set[int]] = {group: set() for group in groups}
    present: dict[str, set[int]] = {group: set() for group in groups}
    admitted = dict.fromkeys(groups, 0)
    for lvv_id, person_id, intake, outflow in rows:
        for group in (code_of[lvv_id], TOTAL):
            sheltered[group].add(person_id)
            if outflow is None or outflow > day:
                present[group].add(person_id)
            admitted[group] += start <= intake
    return {
        group: {
            "sheltered": len(sheltered[group]),
            "present": len(present[group]),
            "admitted": admitted[group],
        }
        for group in groups
    }


# --- flat keys and Dutch labels for tables, downloads and the command -------------------------

SECTIONS: tuple[str, ...] = (
    "sex",
    "age",
    "nationality",
    "phase",
    "scenario_duration",
    "mrt",
    "exceptions",
)


def flatten_further(block: dict) -> dict[str, int | float | str | None]:
    """One LVV's further figures as ``{"sex.M": n, "scenario_duration.departure.stays": n}``."""
    flat: dict[str, int | float | str | None] = {}
    for section in SECTIONS:
        if section == "scenario_duration":
            for scenario, duration in block[section].items():
                at = f"{section}.{scenario}"
                flat[f"{at}.stays"] = duration["stays"]
                flat[f"{at}.median_months"] = duration["median_months"]
                for band, value in duration["months"].items():
                    flat[f"{at}.months.{band}"] = value
            continue
        for key, value in block[section].items():
            flat[f"{section}.{key}"] = value
    return flat


def section_titles() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "sex": _("Aanwezigen op de peildatum naar geslacht (personen)"),
        "age": _("Aanwezigen naar leeftijd op de peildatum (personen)"),
        "nationality": _("Aanwezigen naar nationaliteit, de tien meest voorkomende (personen)"),
        "phase": _("Aanwezige verblijven naar fase op de peildatum"),
        "scenario_duration": _(
            "Tijd met het scenario vóór de uitstroom (verblijven uitgestroomd tot de peildatum)"
        ),
        "mrt": _("MRT in de periode (verblijven)"),
        "exceptions": _("Uitzonderingen: buiten de doelgroep, in geen ander cijfer geteld"),
    }


def further_labels(block: dict) -> dict[str, str]:
    """Dutch row labels, keyed like :func:`flatten_further` (``block``: one group's figures)."""
    from django.utils.translation import gettext as _

    from lvv.cases.models.person import Sex

    labels: dict[str, str] = {}
    for sex in Sex:
        labels[f"sex.{sex.value}"] = str(sex.label)
    for band in AGE_KEYS:
        labels[f"age.{band}"] = (
            _("onbekend") if band == "unknown" else _("%(b)s jaar") % {"b": band}
        )
    for code in block["nationality"]:
        labels[f"nationality.{code}"] = {"other": _("overige"), "unknown": _("onbekend")}.get(
            code, code
        )
    labels["phase.research"] = str(Phase.RESEARCH.label)
    labels["phase.reception"] = str(Phase.RECEPTION.label)
    labels["phase.none"] = _("nog geen fase (nog geen LSO)")
    for scenario in Scenario:
        at = f"scenario_duration.{scenario.value}"
        name = {"l": scenario.label}
        labels[f"{at}.stays"] = _("scenario %(l)s: uitgestroomde verblijven") % name
        labels[f"{at}.median_months"] = _("scenario %(l)s: mediaan in maanden") % name
        for band in DURATION_KEYS:
            labels[f"{at}.months.{band}"] = _("scenario %(l)s: %(b)s maanden") % {
                **name,
                "b": band.replace("+", " of meer"),
            }
    labels["mrt.referred"] = _("voorgelegd aan het MRT in de periode")
    labels["mrt.advised"] = _("besproken: MRT-advies ontvangen in de periode")
    labels["mrt.waiting"] = _("wacht op de peildatum op MRT-advies")
    labels["exceptions.sheltered"] = _("uitzonderingen: ooit opgevangen (personen)")
    labels["exceptions.present"] = _("uitzonderingen: aanwezig op de peildatum (personen)")
    labels["exceptions.admitted"] = _("uitzonderingen: intake in de periode (verblijven)")
    return labels
