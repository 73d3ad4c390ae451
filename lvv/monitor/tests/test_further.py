"""The further figures of docs/monitor.md: demographics, phase, scenario time, MRT, exceptions."""

import contextlib
import datetime as dt
import random
from collections import defaultdict

import pytest

from lvv.cases import services
from lvv.cases.models import Case, CaseTransfer, Person
from lvv.cases.projection import project_as_of, resolve
from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.figures import monitor_figures
from lvv.monitor.further import (
    AGE_KEYS,
    DURATION_KEYS,
    PHASE_KEYS,
    age_band,
    age_on,
    duration_band,
    further_figures,
)
from lvv.monitor.history import event_histories
from lvv.monitor.tests.test_figures import case_of, random_history
from lvv.monitor.tests.test_transfers import transfer

D = dt.date(2020, 11, 1)
R = dt.date(2020, 1, 6)
DAY = dt.timedelta(days=1)


def stay(lvv, ref, **kwargs):
    kwargs.setdefault("intake", R + 7 * DAY)
    if kwargs.get("scenario") or kwargs.get("mrt"):
        kwargs.setdefault("dossier", R + 20 * DAY)
    return stay_row(lvv, ref, R, **kwargs)


def fig(lvv="total", day=D, **kwargs):
    return further_figures(day, **kwargs)["figures"][lvv]


# --- pure rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "age"),
    [
        (dt.date(2002, 11, 1), None, 18),  # birthday on D: already 18
        (dt.date(2002, 11, 2), None, 17),
        (None, 2002, 18),  # only a year: birthday taken as 1 July
        (None, 2003, 17),
        (None, None, None),
    ],
)
def test_age_on_the_reference_date(birth_date, birth_year, age):
    assert age_on(D, birth_date, birth_year) == age


def test_age_bands_and_duration_bands():
    assert [age_band(a) for a in (None, 0, 17, 18, 24, 25, 64, 65, 99)] == [
        "unknown",
        "0-17",
        "0-17",
        "18-24",
        "18-24",
        "25-34",
        "55-64",
        "65+",
        "65+",
    ]
    assert AGE_KEYS[-1] == "unknown"
    month = 365.25 / 12
    assert duration_band(0) == "0-3"
    assert duration_band(int(3 * month) - 1) == "0-3"
    assert duration_band(int(3 * month) + 1) == "3-6"
    assert duration_band(int(24 * month) + 1) == "24+"
    assert DURATION_KEYS == ("0-3", "3-6", "6-12", "12-18", "18-24", "24+")


# --- demographics -----------------------------------------------------------------------------


def test_demographics_count_persons_present_on_d_by_sex_age_and_nationality(db):
    rows = [
        stay("AMS", "a", sex="F", birth_year=2002, nationality="ERI"),
        stay("AMS", "b", sex="M", birth_year=2003, nationality="ERI"),
        stay("AMS", "c", sex="X", birth_year=1950, nationality="NGA"),
        stay("RTM", "d", sex="M", birth_year=1990, nationality=""),
        # not present on D: left, or taken in after D, or an exception
        stay("RTM", "left", outflow="other", outflow_date=D),
        stay("RTM", "later", intake=D + DAY),
        stay("RTM", "exception", within=False),
    ]
    others = ["AFG", "ALB", "DZA", "GEO", "IRN", "IRQ", "MAR", "MNG", "SOM", "SYR", "TUN"]
    rows += [stay("GRN", f"n{n}", nationality=code) for n, code in enumerate(others)]
    import_rows(rows)
    Person.objects.filter(local_reference="d").update(birth_year=None)
    result = further_figures(D)
    ams, total = result["figures"]["AMS"], result["figures"]["total"]
    assert ams["sex"] == {"M": 1, "F": 1, "X": 1}
    assert ams["age"]["18-24"] == 1 and ams["age"]["0-17"] == 1 and ams["age"]["65+"] == 1
    assert total["age"]["unknown"] == 1
    # Top 10 nationally, by count, then by code; the rest "other"; none recorded "unknown".
    assert result["nationalities"] == ["ERI", *sorted([*others, "NGA"])[:9]]
    assert total["nationality"]["ERI"] == 2
    assert total["nationality"]["other"] == 3  # SOM, SYR, TUN
    assert total["nationality"]["unknown"] == 1
    present = monitor_figures(D)["figures"]
    for code, block in result["figures"].items():
        for part in ("sex", "age", "nationality"):
            assert sum(block[part].values()) == present[code]["present"], (code, part)


# --- phase ------------------------------------------------------------------------------------


def test_phase_on_d_of_the_present_stays(db, system_user):
    import_rows(
        [
            stay("AMS", "no-lso"),
            stay("AMS", "research", scenario="departure", scenario_date=R + 30 * DAY),
            stay("AMS", "reception", scenario="departure", scenario_date=R + 30 * DAY),
            stay("AMS", "reception-later", scenario="residence", scenario_date=R + 30 * DAY),
            stay("AMS", "lso-later", scenario="residence", scenario_date=D + 3 * DAY),
        ]
    )
    services.phase_change(case=case_of("reception"), actor=system_user, effective_date=D - DAY)
    services.phase_change(
        case=case_of("reception-later"), actor=system_user, effective_date=D + DAY
    )
    assert fig("AMS")["phase"] == {"research": 2, "reception": 1, "none": 2}
    assert fig("AMS", D + 5 * DAY)["phase"] == {"research": 2, "reception": 2, "none": 1}
    assert tuple(fig("AMS")["phase"]) == PHASE_KEYS


# --- time in scenario before outflow ---------------------------------------------------------


def test_time_in_scenario_before_outflow_by_the_scenario_left_with(db, system_user):
    scenario_day = R + 30 * DAY
    rows = [
        stay(
            "AMS",
            f"d{n}",
            scenario="departure",
            scenario_date=scenario_day,
            outflow="departure_origin",
            outflow_date=scenario_day + days * DAY,
        )
        for n, days in enumerate([10, 100, 200])
    ]
    rows.append(stay("AMS", "changed", scenario="departure", scenario_date=scenario_day))
    rows.append(stay("AMS", "no-scenario", outflow="other", outflow_date=R + 60 * DAY))
    rows.append(stay("AMS", "moved", scenario="departure", scenario_date=scenario_day))
    import_rows(rows)
    services.scenario_change(
        case=case_of("changed"),
        actor=system_user,
        scenario="residence",
        effective_date=scenario_day + 20 * DAY,
        reason="nieuwe feiten",
    )
    services.outflow_register(
        case=case_of("changed"),
        actor=system_user,
        category="residence_granted",
        effective_date=scenario_day + 120 * DAY,
    )
    transfer(system_user, "moved", "RTM", day=scenario_day + 50 * DAY)
    ams = fig("AMS")["scenario_duration"]
    assert ams["departure"]["stays"] == 4  # three departures and the transfer
    assert ams["departure"]["months"] == {
        "0-3": 2,
        "3-6": 1,
        "6-12": 1,
        "12-18": 0,
        "18-24": 0,
        "24+": 0,
    }
    assert ams["departure"]["median_months"] == round(75 / (365.25 / 12), 1)
    # the changed stay left with residence, set 20 days after the first scenario
    assert ams["residence"] == {
        "stays": 1,
        "median_months": round(100 / (365.25 / 12), 1),
        "months": {"0-3": 0, "3-6": 1, "6-12": 0, "12-18": 0, "18-24": 0, "24+": 0},
    }
    # nationally the transfer is no outflow
    assert fig("total")["scenario_duration"]["departure"]["stays"] == 3
    assert fig("total")["scenario_duration"]["departure"]["median_months"] == round(
        100 / (365.25 / 12), 1
    )
    assert fig("EHV")["scenario_duration"]["departure"]["median_months"] is None


# --- MRT ----------------------------------------------------------------------------------------


def test_mrt_referred_and_advised_in_the_period_and_waiting_on_d(db, system_user):
    import_rows(
        [
            stay_row(
                "AMS",
                "old",
                dt.date(2019, 9, 1),
                intake=dt.date(2019, 9, 8),
                dossier=dt.date(2019, 10, 1),
                mrt=dt.date(2019, 12, 1),
            ),
            stay("AMS", "advised", mrt=R + 40 * DAY),
            stay("AMS", "waiting", mrt=R + 40 * DAY),
            stay("AMS", "twice", mrt=R + 40 * DAY),
            stay("AMS", "after-d", mrt=D + 2 * DAY),
            stay("AMS", "exception", within=False, mrt=R + 40 * DAY),
        ]
    )
    services.mrt_advise(
        case=case_of("old"), actor=system_user, advice="a", effective_date=R + 3 * DAY
    )
    services.mrt_advise(
        case=case_of("advised"), actor=system_user, advice="a", effective_date=R + 60 * DAY
    )
    twice = case_of("twice")
    services.mrt_advise(case=twice, actor=system_user, advice="a", effective_date=R + 50 * DAY)
    services.mrt_refer(
        case=case_of("twice"), actor=system_user, question="q", effective_date=D + DAY
    )
    # period 2020: "old" was referred in 2019 but advised in 2020
    assert fig("AMS")["mrt"] == {"referred": 3, "advised": 3, "waiting": 1}
    assert fig("AMS", period_start=R + 55 * DAY)["mrt"] == {
        "referred": 0,
        "advised": 1,
        "waiting": 1,
    }
    assert fig("AMS", D + 3 * DAY)["mrt"] == {"referred": 4, "advised": 3, "waiting": 3}


# --- exceptions -------------------------------------------------------------------------------


def test_exceptions_are_counted_apart_and_nowhere_else(db):
    import_rows(
        [
            stay_row("AMS", "e1", dt.date(2019, 6, 1), within=False, intake=dt.date(2019, 6, 8)),
            stay("AMS", "e2", within=False, outflow="departure_origin", outflow_date=R + 90 * DAY),
            stay("RTM", "e3", within=False),
            stay("RTM", "e4", within=False, intake=D + DAY),
            stay("RTM", "in-group"),
        ]
    )
    assert fig("AMS")["exceptions"] == {"sheltered": 2, "present": 1, "admitted": 1}
    assert fig("total")["exceptions"] == {"sheltered": 3, "present": 2, "admitted": 2}
    assert monitor_figures(D)["figures"]["total"]["sheltered"] == 1
    assert fig("total", period_start=dt.date(2019, 1, 1))["exceptions"]["admitted"] == 3


# --- the fast path against folding every history -------------------------------------------------


def reference(day: dt.date, start: dt.date) -> dict:
    """The phase and MRT figures by folding every history: the slow, obvious way."""
    cases = list(Case.objects.values_list("pk", "lvv__code", "within_target_group"))
    histories = event_histories(pk for pk, _code, _within in cases)
    phase: dict = defaultdict(lambda: dict.fromkeys(PHASE_KEYS, 0))
    mrt: dict = defaultdict(lambda: {"referred": 0, "advised": 0, "waiting": 0})
    for pk, code, _within in cases:
        events = histories.get(pk, [])
        state = project_as_of(events, day)
        if state.within_target_group is not True or state.intake_date is None:
            continue
        dates = defaultdict(list)
        for event in resolve(events):
            dates[event.type].append(event.effective_date)
        for group in (code, "total"):
            if state.outflow_date is None:
                phase[group][state.phase or "none"] += 1
            mrt[group]["referred"] += any(start <= d <= day for d in dates["mrt_referred"])
            mrt[group]["advised"] += any(start <= d <= day for d in dates["mrt_advised"])
            mrt[group]["waiting"] += state.mrt_status == "referred"
    return {"phase": dict(phase), "mrt": dict(mrt)}


def test_phase_and_mrt_equal_the_full_projection_on_a_random_history(db, system_user):
    random_history(system_user)
    rng = random.Random(13)
    for case in Case.objects.filter(stage="guidance", phase="research")[:30]:
        with contextlib.suppress(services.TransitionRefused):
            services.phase_change(
                case=case,
                actor=system_user,
                effective_date=case.last_effective_date + rng.randrange(0, 200) * DAY,
            )
    for case in Case.objects.filter(mrt_status="referred", outflow_date=None)[:10]:
        services.mrt_advise(
            case=case,
            actor=system_user,
            advice="advies",
            effective_date=case.last_effective_date + rng.randrange(0, 60) * DAY,
        )
    assert Case.objects.filter(mrt_referral_count__gte=2).exists()
    for day in [dt.date(2020, 1, 31), D, dt.date(2021, 3, 1)]:
        start = day - 200 * DAY
        result = further_figures(day, period_start=start)["figures"]
        expected = reference(day, start)
        for group, block in result.items():
            assert block["phase"] == expected["phase"].get(group, dict.fromkeys(PHASE_KEYS, 0))
            assert block["mrt"] == expected["mrt"].get(
                group, {"referred": 0, "advised": 0, "waiting": 0}
            ), (group, day)


def test_further_figures_follow_the_chosen_lvvs(db):
    import_rows([stay("AMS", "a"), stay("RTM", "b")])
    result = further_figures(D, lvv_codes=["AMS"])
    assert list(result["figures"]) == ["AMS", "total"]
    assert result["figures"]["total"]["sex"]["M"] == 1
    assert not CaseTransfer.objects.exists()
