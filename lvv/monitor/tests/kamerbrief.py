"""A synthetic history whose monitor on 1-11-2020 is the table of the Kamerbrief of 17-11-2020.

Only the published figures are fixed (DOMAIN.md); how they split over the pilots where the
letter does not say is our choice (``PRESENT``, ``RESIDENCE_SCENARIO``, ``OUTFLOW``, ``MRT``).
The letter's leavers do not add up: 1310 - 771 = 539 persons left, the named categories hold
482 stays, so 57 left for a reason the letter does not name - ``other`` here. Three persons
are re-admitted in Rotterdam after an ``other`` outflow in Amsterdam: they count once as
sheltered, but their first stay is an outflow, so ``other`` holds 60 stays (see docs/monitor.md).

Around it, things that must *not* count: exceptions, refusals, pending referrals, intakes,
scenarios, MRT referrals and outflows after the reference date, and a corrected intake.
"""

from __future__ import annotations

import datetime as dt
import itertools

from lvv.imports.testing import stay_row

D = dt.date(2020, 11, 1)
DAY = dt.timedelta(days=1)
START = dt.date(2019, 4, 1)
PILOTS = ["AMS", "EHV", "GRN", "RTM", "UTR"]

PRESENT = {"AMS": 300, "EHV": 70, "GRN": 200, "RTM": 71, "UTR": 130}  # 771
DEPARTURE_SCENARIO = {"AMS": 75, "EHV": 17, "GRN": 98, "RTM": 36, "UTR": 10}  # 236 (published)
RESIDENCE_SCENARIO = {"AMS": 90, "EHV": 20, "GRN": 40, "RTM": 25, "UTR": 60}  # 235
MRT = {"AMS": 3, "EHV": 1, "GRN": 3, "RTM": 2, "UTR": 1}  # 10
OUTFLOW = {
    "residence_granted": {"AMS": 15, "EHV": 5, "GRN": 10, "RTM": 6, "UTR": 10},  # 46
    "departure_origin": {"AMS": 2, "EHV": 0, "GRN": 23, "RTM": 30, "UTR": 6},  # 61 (published)
    "onward_migration": {"AMS": 0, "EHV": 0, "GRN": 0, "RTM": 0, "UTR": 0},
    "asylum_reception": {"AMS": 60, "EHV": 14, "GRN": 40, "RTM": 20, "UTR": 30},  # 164
    "art64_postponement": {"AMS": 10, "EHV": 2, "GRN": 5, "RTM": 3, "UTR": 5},  # 25
    "unknown_destination": {"AMS": 35, "EHV": 10, "GRN": 20, "RTM": 10, "UTR": 20},  # 95
    "back_to_bbb": {"AMS": 3, "EHV": 1, "GRN": 1, "RTM": 1, "UTR": 1},  # 7
    "forced_termination": {"AMS": 30, "EHV": 9, "GRN": 20, "RTM": 10, "UTR": 15},  # 84
    "other": {"AMS": 20, "EHV": 8, "GRN": 12, "RTM": 8, "UTR": 12},  # 57 + 3 re-admitted
}
READMITTED = 3  # first stay AMS (outflow "other"), second stay RTM (present)

PUBLISHED = {
    "capacity": 1142,
    "sheltered": 1310,
    "present": 771,
    "sustainable_solutions": 107,
    "residence_granted": 46,
    "departure_origin": 61,
    "asylum_reception": 164,
    "art64_postponement": 25,
    "unknown_destination": 95,
    "back_to_bbb": 7,
    "forced_termination": 84,
    "with_scenario": 471,
    "scenario_departure": 236,
    "scenario_residence": 235,
    "mrt_cases": 10,
    "departures_per_pilot": {"AMS": 2, "EHV": 0, "GRN": 23, "RTM": 30, "UTR": 6},
    "departure_scenario_per_pilot": {"AMS": 75, "EHV": 17, "GRN": 98, "RTM": 36, "UTR": 10},
}


class _Refs:
    def __init__(self):
        self._n = itertools.count(1)

    def __call__(self) -> str:
        return f"KB-{next(self._n):05d}"


def _dates(i: int) -> dict[str, dt.date]:
    """Spread stays over the programme; every date of a stay lies well before D."""
    referral = START + ((i * 7) % 450) * DAY
    intake = referral + 4 * DAY
    return {
        "referral": referral,
        "admission": referral + 2 * DAY,
        "intake": intake,
        "dossier": intake + 30 * DAY,
        "scenario_date": intake + 40 * DAY,
        "mrt": intake + 50 * DAY,
        "outflow_date": intake + 60 * DAY + (i % 30) * DAY,
    }


def history() -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """The import rows, and the person references the test changes afterwards by service."""
    ref = _Refs()
    rows: list[dict[str, str]] = []
    later: dict[str, list[str]] = {
        "scenario_changed_after_d": [],
        "scenario_changed_before_d": [],
        "intake_corrected_after_d": [],
    }
    i = 0

    def add(lvv: str, **kwargs) -> str:
        nonlocal i
        i += 1
        dates = _dates(i)
        person = kwargs.pop("person", None) or ref()
        values = {key: kwargs.pop(key, value) for key, value in dates.items()}
        referral = values.pop("referral")
        rows.append(stay_row(lvv, person, referral, **values, **kwargs))
        return person

    def no(*keys):
        return dict.fromkeys(keys)

    for lvv in PILOTS:
        # present on D, by scenario
        mrt_left = MRT[lvv]
        for n in range(DEPARTURE_SCENARIO[lvv]):
            extra = {}
            if mrt_left and n % 2 == 0:
                extra["mrt"] = _dates(i + 1)["mrt"]
                mrt_left -= 1
            person = add(lvv, scenario="departure", **{**no("outflow_date", "mrt"), **extra})
            if n < 3:
                later["scenario_changed_after_d"].append(person)
        for n in range(RESIDENCE_SCENARIO[lvv]):
            person = add(lvv, scenario="residence", **no("mrt", "outflow_date"))
            if n < 2:
                later["scenario_changed_before_d"].append(person)
        without = PRESENT[lvv] - DEPARTURE_SCENARIO[lvv] - RESIDENCE_SCENARIO[lvv]
        if lvv == "RTM":
            without -= READMITTED
        for n in range(without):
            extra = {}
            if mrt_left:  # referred to the MRT without a scenario: the LSO could not agree
                extra["mrt"] = _dates(i + 1)["mrt"]
                mrt_left -= 1
            elif n < 5:  # scenario after D: no scenario on D
                extra = {"scenario": "residence", "scenario_date": D + (n + 1) * DAY}
            elif n < 8:  # outflow after D: present on D (one the day after)
                extra = {"outflow": "departure_origin", "outflow_date": D + (n - 4) * DAY}
            elif n < 10:  # MRT after D
                extra = {"mrt": D + 2 * DAY}
            add(lvv, **{**no("scenario", "scenario_date", "mrt", "outflow_date"), **extra})
        assert mrt_left == 0
        # left before (or on) D
        for category, per_pilot in OUTFLOW.items():
            count = per_pilot[lvv] - (READMITTED if (lvv, category) == ("AMS", "other") else 0)
            for n in range(count):
                extra = {"outflow_date": D} if n == 0 else {}  # an outflow on D itself
                add(lvv, outflow=category, **{**no("scenario", "scenario_date", "mrt"), **extra})

    # re-admission in another LVV: counted once as sheltered, nationally
    for _n in range(READMITTED):
        person = ref()
        first = dt.date(2019, 5, 1)
        rows.append(
            stay_row(
                "AMS",
                person,
                first,
                intake=first + 3 * DAY,
                outflow="other",
                outflow_date=first + 90 * DAY,
            )
        )
        second = dt.date(2019, 10, 1)
        rows.append(stay_row("RTM", person, second, intake=second + 3 * DAY))

    # what must not count
    for lvv in ("AMS", "GRN"):
        for _n in range(5):  # exceptions, present, with scenario and MRT
            add(lvv, within=False, scenario="departure", **no("outflow_date"))
        for _n in range(3):  # exceptions that left with a sustainable solution
            add(
                lvv,
                within=False,
                outflow="departure_origin",
                **no("scenario", "scenario_date", "mrt"),
            )
    for lvv in PILOTS:
        for _n in range(4):  # refused
            rows.append(stay_row(lvv, ref(), dt.date(2020, 2, 3), decision="refused"))
        rows.append(stay_row(lvv, ref(), dt.date(2020, 10, 20), decision=""))  # pending
        for n in range(3):  # admitted before D, intake after D
            rows.append(stay_row(lvv, ref(), dt.date(2020, 10, 25), intake=D + (n + 1) * DAY))
        # intake before D, corrected afterwards to a date after D
        person = ref()
        rows.append(stay_row(lvv, person, dt.date(2020, 10, 1), intake=dt.date(2020, 10, 10)))
        later["intake_corrected_after_d"].append(person)
    return rows, later
