"""Admission check and decision: facts, per-LVV rules, exceptions by the case director."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.rules import AdmissionFacts
from lvv.cases.tests.snapshots import snapshot
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case

CHECK_DAY = dt.date(2020, 1, 13)
DECISION_DAY = dt.date(2020, 1, 20)


@pytest.mark.parametrize(
    ("lvv", "facts", "reasons"),
    [
        ("AMS", AdmissionFacts(), []),
        ("AMS", AdmissionFacts(safe_country_national=True), ["safe_country_excluded"]),
        ("GRN", AdmissionFacts(safe_country_national=True), ["safe_country_refer_vbl"]),
        ("RTM", AdmissionFacts(safe_country_national=True), []),
        (
            "UTR",
            AdmissionFacts(entry_ban_years=10, regional_ties=False),
            ["heavy_entry_ban", "no_regional_ties"],
        ),
    ],
)
def test_the_admission_check_records_facts_and_the_reasons_of_the_lvvs_rules(
    db, actor, lvv, facts, reasons
):
    case = build_case(Stage.REFERRED, lvv=lvv)
    event = services.admission_check(case=case, actor=actor, facts=facts, effective_date=CHECK_DAY)
    assert (event.type, event.sequence, event.effective_date) == (
        EventType.ADMISSION_CHECKED,
        2,
        CHECK_DAY,
    )
    assert event.data == {"facts": dataclasses.asdict(facts), "reasons": reasons}
    case.refresh_from_db()
    assert case.stage == Stage.ADMISSION_CHECKED
    assert case.admission_reasons == reasons
    assert case.admission_check_date == CHECK_DAY
    assert case.safe_country_national is facts.safe_country_national
    assert case.version == 2


def test_the_check_may_be_repeated_and_the_last_one_counts(db, actor):
    case = build_case(Stage.ADMISSION_CHECKED)
    services.admission_check(
        case=case, actor=actor, facts=AdmissionFacts(eu_citizen=True), effective_date=CHECK_DAY
    )
    case.refresh_from_db()
    assert case.admission_reasons == ["eu_citizen"]
    assert case.events.filter(type=EventType.ADMISSION_CHECKED).count() == 2


def test_admitting_a_person_in_the_target_group(db, case_director):
    case = build_case(Stage.ADMISSION_CHECKED)
    event = services.admission_decide(
        case=case, actor=case_director, outcome="admitted", effective_date=DECISION_DAY
    )
    assert event.data == {"outcome": "admitted", "grounds": "", "exception_reason": ""}
    assert (event.actor, event.organisation.code) == (case_director, "GEM-AMS")
    case.refresh_from_db()
    assert (case.stage, case.decision_outcome, case.decision_date) == (
        Stage.ADMITTED,
        "admitted",
        DECISION_DAY,
    )
    assert case.within_target_group is True


def test_refusing_admission_records_the_grounds(db, case_director):
    case = build_case(Stage.ADMISSION_CHECKED)
    event = services.admission_decide(
        case=case,
        actor=case_director,
        outcome="refused",
        grounds="  EU-burger  ",
        effective_date=DECISION_DAY,
    )
    assert event.data["grounds"] == "EU-burger"
    case.refresh_from_db()
    assert (case.stage, case.within_target_group) == (Stage.REFUSED, None)


def test_admitting_despite_exclusion_reasons_without_an_exception_reason_is_refused(
    db, case_director
):
    case = build_case(Stage.ADMISSION_CHECKED, facts=AdmissionFacts(dublin_claimant=True))
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="uitzondering"):
        services.admission_decide(
            case=case, actor=case_director, outcome="admitted", effective_date=DECISION_DAY
        )
    assert snapshot(case) == before


def test_a_case_director_may_admit_as_an_exception(db, case_director):
    case = build_case(Stage.ADMISSION_CHECKED, facts=AdmissionFacts(dublin_claimant=True))
    event = services.admission_decide(
        case=case,
        actor=case_director,
        outcome="admitted",
        exception_reason=" medische noodsituatie ",
        effective_date=DECISION_DAY,
    )
    assert event.data["exception_reason"] == "medische noodsituatie"
    case.refresh_from_db()
    assert case.stage == Stage.ADMITTED
    assert case.within_target_group is False
    assert case.exception_reason == "medische noodsituatie"


def test_an_exception_without_exclusion_reasons_also_leaves_the_target_group(db, case_director):
    case = build_case(Stage.ADMISSION_CHECKED)
    services.admission_decide(
        case=case,
        actor=case_director,
        outcome="admitted",
        exception_reason="openbare orde",
        effective_date=DECISION_DAY,
    )
    case.refresh_from_db()
    assert case.within_target_group is False


def test_the_system_actor_may_record_an_exception(db, actor):
    case = build_case(Stage.ADMITTED, exception_reason="humanitair", actor=actor)
    assert case.within_target_group is False
    assert case.exception_reason == "humanitair"


def test_a_refusal_drops_an_exception_reason(db, case_director):
    case = build_case(Stage.ADMISSION_CHECKED)
    event = services.admission_decide(
        case=case,
        actor=case_director,
        outcome="refused",
        grounds="geen regiobinding",
        exception_reason="iets",
        effective_date=DECISION_DAY,
    )
    assert event.data["exception_reason"] == ""
    case.refresh_from_db()
    assert case.exception_reason == ""


def test_a_decision_before_the_check_is_refused(db, case_director):
    case = build_case(Stage.ADMISSION_CHECKED)
    before = snapshot(case)
    with pytest.raises(services.TransitionRefused, match="toelatingstoets"):
        services.admission_decide(
            case=case,
            actor=case_director,
            outcome="admitted",
            effective_date=case.admission_check_date - dt.timedelta(days=1),
        )
    assert snapshot(case) == before
