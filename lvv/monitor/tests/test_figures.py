"""Every definition of docs/monitor.md, with its edge cases, and the fast path against the slow."""

import contextlib
import datetime as dt
import random

import pytest

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import Case
from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.definitions import OUTFLOW_CODES, SCENARIO_KEYS
from lvv.monitor.figures import UnknownLvv, monitor_figures, monitor_figures_reference
from lvv.organisations.models import CapacityPeriod, Lvv

D = dt.date(2020, 11, 1)
DAY = dt.timedelta(days=1)


def fig(lvv="total", day=D, codes=None):
    return monitor_figures(day, codes)["figures"][lvv]


def stay(lvv, ref, referral=dt.date(2020, 1, 6), **kwargs):
    return stay_row(lvv, ref, referral, **kwargs)


def full(lvv, ref, referral=dt.date(2020, 1, 6), **kwargs):
    """A sheltered stay with intake a week after referral and dossier a month later."""
    kwargs.setdefault("intake", referral + 7 * DAY)
    if kwargs.get("scenario") or kwargs.get("mrt"):
        kwargs.setdefault("dossier", referral + 30 * DAY)
    return stay_row(lvv, ref, referral, **kwargs)


def case_of(ref, lvv=None):
    qs = Case.objects.filter(person__local_reference=ref)
    if lvv:
        qs = qs.filter(lvv__code=lvv)
    return qs.get()


def assert_same_as_reference(day=D, codes=None):
    assert monitor_figures(day, codes) == monitor_figures_reference(day, codes)


@pytest.fixture
def actor(system_user):
    return system_user


def test_shape_is_exactly_the_documented_json(db):
    result = monitor_figures(D)
    assert list(result) == ["reference_date", "figures"]
    assert result["reference_date"] == "2020-11-01"
    assert list(result["figures"]) == ["AMS", "EHV", "GRN", "RTM", "UTR", "total"]
    for block in result["figures"].values():
        assert set(block) == {
            "capacity",
            "sheltered",
            "present",
            "sustainable_solutions",
            "mrt_cases",
            "transfers",
            "outflow",
            "scenario",
        }
        assert tuple(block["outflow"]) == OUTFLOW_CODES
        assert tuple(block["scenario"]) == SCENARIO_KEYS
    assert result["figures"]["AMS"]["capacity"] == 360
    assert result["figures"]["total"]["capacity"] == 1142


def test_capacity_is_the_latest_period_starting_on_or_before_d(db):
    ams = Lvv.objects.get(code="AMS")
    CapacityPeriod.objects.create(lvv=ams, valid_from=D, places=400)
    assert fig("AMS", D - DAY)["capacity"] == 360
    assert fig("AMS", D)["capacity"] == 400
    assert fig("total", D)["capacity"] == 1142 + 40
    assert fig("AMS", dt.date(2019, 3, 31))["capacity"] == 0  # before the programme


def test_selected_lvvs_and_their_total(db):
    import_rows([full("AMS", "a"), full("RTM", "b")])
    result = monitor_figures(D, ["ams"])
    assert list(result["figures"]) == ["AMS", "total"]
    assert result["figures"]["total"]["sheltered"] == 1
    assert result["figures"]["total"]["capacity"] == 360
    with pytest.raises(UnknownLvv):
        monitor_figures(D, ["XYZ"])


def test_sheltered_counts_persons_once_per_lvv_and_once_nationally(db):
    import_rows(
        [
            # re-admission in another LVV
            full(
                "AMS", "p1", dt.date(2019, 5, 1), outflow="other", outflow_date=dt.date(2019, 9, 1)
            ),
            full("RTM", "p1", dt.date(2019, 10, 1)),
            # re-admission in the same LVV
            full(
                "GRN",
                "p2",
                dt.date(2019, 5, 1),
                outflow="back_to_bbb",
                outflow_date=dt.date(2019, 7, 1),
            ),
            full("GRN", "p2", dt.date(2019, 8, 1)),
            full("UTR", "p3"),
        ]
    )
    assert fig("AMS")["sheltered"] == 1
    assert fig("RTM")["sheltered"] == 1
    assert fig("GRN")["sheltered"] == 1
    assert fig("total")["sheltered"] == 3
    assert fig("total")["present"] == 3
    assert fig("GRN")["outflow"]["back_to_bbb"] == 1  # outflow counts stays
    assert_same_as_reference()


def test_exceptions_refusals_and_pending_referrals_never_count(db):
    import_rows(
        [
            full(
                "AMS",
                "exception",
                within=False,
                scenario="departure",
                scenario_date=dt.date(2020, 3, 1),
                mrt=dt.date(2020, 3, 2),
            ),
            full(
                "AMS",
                "exception-out",
                within=False,
                outflow="departure_origin",
                outflow_date=dt.date(2020, 6, 1),
            ),
            stay("AMS", "refused", decision="refused"),
            stay("AMS", "pending", decision=""),
            stay("AMS", "admitted-not-yet-in"),
        ]
    )
    block = fig("AMS")
    assert block["sheltered"] == block["present"] == block["mrt_cases"] == 0
    assert block["outflow"]["departure_origin"] == block["sustainable_solutions"] == 0
    assert block["scenario"] == {"departure": 0, "residence": 0, "none": 0}
    assert_same_as_reference()


def test_present_and_an_outflow_on_d_itself(db):
    import_rows(
        [
            full("AMS", "out-on-d", outflow="residence_granted", outflow_date=D),
            full("AMS", "out-after-d", outflow="residence_granted", outflow_date=D + DAY),
            full("AMS", "intake-on-d", referral=D - 10 * DAY, intake=D),
            full("AMS", "intake-after-d", referral=D - 10 * DAY, intake=D + DAY),
        ]
    )
    block = fig("AMS")
    assert block["sheltered"] == 3
    assert block["present"] == 2  # out-after-d and intake-on-d
    assert block["outflow"]["residence_granted"] == 1
    assert block["sustainable_solutions"] == 1
    assert block["scenario"]["none"] == 2
    assert fig("AMS", D + DAY)["outflow"]["residence_granted"] == 2
    assert_same_as_reference()


def test_every_outflow_category_and_sustainable_solutions(db):
    rows = [
        full("UTR", f"o-{code}", outflow=code, outflow_date=dt.date(2020, 5, 1))
        for code in OUTFLOW_CODES
    ]
    import_rows(rows)
    block = fig("UTR")
    assert all(block["outflow"][code] == 1 for code in OUTFLOW_CODES)
    assert block["sustainable_solutions"] == 3  # residence + departure + onward migration
    assert block["present"] == 0


def test_scenario_counts_present_stays_by_the_latest_scenario_on_d(db, actor):
    import_rows(
        [
            full("EHV", "dep", scenario="departure", scenario_date=dt.date(2020, 3, 1)),
            full("EHV", "res-after-d", scenario="residence", scenario_date=D + DAY),
            full("EHV", "changed-before", scenario="departure", scenario_date=dt.date(2020, 3, 1)),
            full("EHV", "changed-after", scenario="departure", scenario_date=dt.date(2020, 3, 1)),
            full("EHV", "changed-twice", scenario="departure", scenario_date=dt.date(2020, 3, 1)),
            full(
                "EHV",
                "gone",
                scenario="departure",
                scenario_date=dt.date(2020, 3, 1),
                outflow="departure_origin",
                outflow_date=dt.date(2020, 6, 1),
            ),
            full("EHV", "none"),
        ]
    )
    services.scenario_change(
        case=case_of("changed-before"),
        actor=actor,
        effective_date=dt.date(2020, 6, 1),
        scenario="residence",
        reason="nieuwe feiten",
    )
    services.scenario_change(
        case=case_of("changed-after"),
        actor=actor,
        effective_date=D + DAY,
        scenario="residence",
        reason="nieuwe feiten",
    )
    twice = case_of("changed-twice")
    services.scenario_change(
        case=twice,
        actor=actor,
        effective_date=dt.date(2020, 6, 1),
        scenario="residence",
        reason="nieuwe feiten",
    )
    services.scenario_change(
        case=twice,
        actor=actor,
        effective_date=D + 5 * DAY,
        scenario="departure",
        reason="nieuwe feiten",
    )
    block = fig("EHV")
    assert block["present"] == 6
    # dep, changed-after (still departure on D); changed-before, changed-twice: residence
    assert block["scenario"] == {"departure": 2, "residence": 2, "none": 2}
    assert fig("EHV", D + 10 * DAY)["scenario"] == {"departure": 2, "residence": 3, "none": 1}
    assert_same_as_reference()
    assert_same_as_reference(D + 10 * DAY)


def test_mrt_cases_counts_stays_referred_on_or_before_d(db, actor):
    import_rows(
        [
            full("GRN", "mrt-before", mrt=dt.date(2020, 4, 1)),
            full("GRN", "mrt-on-d", mrt=D),
            full("GRN", "mrt-after", mrt=D + DAY),
            full(
                "GRN",
                "mrt-then-gone",
                mrt=dt.date(2020, 4, 1),
                outflow="forced_termination",
                outflow_date=dt.date(2020, 5, 1),
            ),
            full("GRN", "twice", mrt=dt.date(2020, 4, 1)),
            full("GRN", "never"),
        ]
    )
    twice = case_of("twice")
    services.mrt_advise(
        case=twice, actor=actor, effective_date=dt.date(2020, 5, 1), advice="advies"
    )
    services.mrt_refer(case=twice, actor=actor, effective_date=D + 3 * DAY, question="opnieuw")
    assert fig("GRN")["mrt_cases"] == 4  # before, on D, then-gone, twice (first referral)
    assert fig("GRN", dt.date(2020, 3, 1))["mrt_cases"] == 0
    assert_same_as_reference()


def test_back_dated_events_count_from_their_effective_date(db, actor):
    import_rows([full("RTM", "late")])
    case = case_of("late")
    # registered today, effective before D
    services.outflow_register(
        case=case, actor=actor, effective_date=dt.date(2020, 10, 1), category="unknown_destination"
    )
    assert fig("RTM")["outflow"]["unknown_destination"] == 1
    assert fig("RTM")["present"] == 0
    assert fig("RTM", dt.date(2020, 9, 30))["present"] == 1


def test_corrections_change_the_figure_for_d(db, actor):
    import_rows(
        [
            full("AMS", "intake-moved", referral=dt.date(2020, 10, 1), intake=dt.date(2020, 10, 5)),
            full(
                "AMS",
                "outflow-moved",
                outflow="art64_postponement",
                outflow_date=dt.date(2020, 10, 1),
            ),
            full("AMS", "outflow-voided", outflow="other", outflow_date=dt.date(2020, 10, 1)),
            full("AMS", "scenario-moved", scenario="residence", scenario_date=dt.date(2020, 10, 1)),
        ]
    )
    assert fig("AMS")["sheltered"] == 4
    assert fig("AMS")["present"] == 2

    def event(ref, type_):
        return case_of(ref).events.get(type=type_)

    services.event_correct(
        case=case_of("intake-moved"),
        actor=actor,
        event=event("intake-moved", EventType.INTAKE_REGISTERED),
        effective_date=D + 2 * DAY,
        reason="verkeerde datum",
    )
    services.event_correct(
        case=case_of("outflow-moved"),
        actor=actor,
        event=event("outflow-moved", EventType.OUTFLOW_REGISTERED),
        effective_date=D + DAY,
        reason="verkeerde datum",
    )
    services.event_correct(
        case=case_of("outflow-voided"),
        actor=actor,
        event=event("outflow-voided", EventType.OUTFLOW_REGISTERED),
        void=True,
        reason="ten onrechte",
    )
    services.event_correct(
        case=case_of("scenario-moved"),
        actor=actor,
        event=event("scenario-moved", EventType.LSO_DISCUSSED),
        effective_date=D + 3 * DAY,
        reason="verkeerde datum",
    )
    block = fig("AMS")
    assert block["sheltered"] == 3  # the moved intake now lies after D
    assert block["present"] == 3  # outflow-moved (now after D) and outflow-voided are back
    assert block["outflow"]["art64_postponement"] == 0
    assert block["outflow"]["other"] == 0
    assert block["scenario"] == {"departure": 0, "residence": 0, "none": 3}
    assert_same_as_reference()
    assert_same_as_reference(D + 5 * DAY)


def random_history(actor):
    """Stays of every kind, then scenario changes, repeated MRT referrals and corrections."""
    rng = random.Random(20201101)
    lvvs = ["AMS", "EHV", "GRN", "RTM", "UTR"]
    rows = []
    start = dt.date(2019, 4, 1)
    for n in range(120):
        referral = start + rng.randrange(0, 560) * DAY
        kind = rng.random()
        kwargs = {"within": rng.random() > 0.1}
        if kind < 0.08:
            rows.append(stay(rng.choice(lvvs), f"r{n}", referral, decision="refused"))
            continue
        intake = referral + rng.randrange(1, 10) * DAY
        dossier = intake + rng.randrange(0, 40) * DAY
        if rng.random() < 0.7:
            kwargs["scenario"] = rng.choice(["departure", "residence"])
            kwargs["scenario_date"] = dossier + rng.randrange(0, 30) * DAY
        if rng.random() < 0.2:
            kwargs["mrt"] = dossier + rng.randrange(0, 60) * DAY
        last = max(d for d in [dossier, kwargs.get("scenario_date"), kwargs.get("mrt")] if d)
        if rng.random() < 0.5:
            kwargs["outflow"] = rng.choice(OUTFLOW_CODES)
            kwargs["outflow_date"] = last + rng.randrange(0, 200) * DAY
        rows.append(
            full(rng.choice(lvvs), f"r{n}", referral, intake=intake, dossier=dossier, **kwargs)
        )
    import_rows(rows)
    cases = list(Case.objects.filter(stage="guidance"))
    for case in cases[:25]:
        new = "residence" if case.scenario == "departure" else "departure"
        services.scenario_change(
            case=case,
            actor=actor,
            scenario=new,
            reason="wijziging",
            effective_date=max(case.last_effective_date, D - 40 * DAY) + rng.randrange(0, 80) * DAY,
        )
    for case in cases[25:40]:
        if case.mrt_status == "referred":
            services.mrt_advise(
                case=case,
                actor=actor,
                advice="advies",
                effective_date=case.last_effective_date + DAY,
            )
            case.refresh_from_db()
        services.mrt_refer(
            case=case,
            actor=actor,
            question="vraag",
            effective_date=case.last_effective_date + rng.randrange(0, 90) * DAY,
        )
    for case in list(Case.objects.exclude(intake_date=None))[:30]:
        intake = case.events.get(type=EventType.INTAKE_REGISTERED)
        # A correction that would break the order of the history is refused, as it should be.
        with contextlib.suppress(services.TransitionRefused):
            services.event_correct(
                case=case,
                actor=actor,
                event=intake,
                reason="correctie",
                effective_date=intake.effective_date + rng.randrange(1, 5) * DAY,
            )


def test_fast_path_equals_full_projection_on_a_random_history(db, actor):
    random_history(actor)
    for day in [dt.date(2019, 6, 30), dt.date(2020, 1, 31), D, dt.date(2021, 3, 1)]:
        assert_same_as_reference(day)
        assert_same_as_reference(day, ["AMS", "GRN"])
