"""Admission rules (DOMAIN.md, "Target group") as a table. Pure: no database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lvv.cases.rules import AdmissionFacts, ExclusionReason, LvvRules, evaluate_admission

R = ExclusionReason

EXCLUDING = LvvRules(regional_ties_required=True, safe_country_policy="exclude")
ROTTERDAM_LIKE = LvvRules(safe_country_policy="limit_months", safe_country_limit_months=3)
GRONINGEN_LIKE = LvvRules(safe_country_policy="refer_vbl")
NO_TIES_NEEDED = LvvRules(regional_ties_required=False)


def test_a_person_in_the_target_group_has_no_exclusion_reason():
    assert evaluate_admission(AdmissionFacts(), EXCLUDING) == []


@pytest.mark.parametrize(
    ("facts", "rules", "expected"),
    [
        pytest.param(
            AdmissionFacts(entry_ban_years=10), EXCLUDING, [R.HEAVY_ENTRY_BAN], id="ban-10"
        ),
        pytest.param(
            AdmissionFacts(entry_ban_years=20), EXCLUDING, [R.HEAVY_ENTRY_BAN], id="ban-20"
        ),
        pytest.param(AdmissionFacts(entry_ban_years=9), EXCLUDING, [], id="ban-9-is-not-heavy"),
        pytest.param(AdmissionFacts(entry_ban_years=2), EXCLUDING, [], id="ban-2"),
        pytest.param(
            AdmissionFacts(declared_undesirable=True),
            EXCLUDING,
            [R.DECLARED_UNDESIRABLE],
            id="undesirable",
        ),
        pytest.param(AdmissionFacts(eu_citizen=True), EXCLUDING, [R.EU_CITIZEN], id="eu"),
        pytest.param(
            AdmissionFacts(dublin_claimant=True), EXCLUDING, [R.DUBLIN_CLAIMANT], id="dub"
        ),
        pytest.param(
            AdmissionFacts(family_with_minor_children=True),
            EXCLUDING,
            [R.FAMILY_WITH_MINOR_CHILDREN],
            id="family-with-minor-children",
        ),
        pytest.param(
            AdmissionFacts(entitled_to_state_reception=True),
            EXCLUDING,
            [R.ENTITLED_TO_STATE_RECEPTION],
            id="entitled-to-state-reception",
        ),
        pytest.param(
            AdmissionFacts(regional_ties=False),
            EXCLUDING,
            [R.NO_REGIONAL_TIES],
            id="no-regional-ties-when-required",
        ),
        pytest.param(
            AdmissionFacts(regional_ties=False),
            NO_TIES_NEEDED,
            [],
            id="no-regional-ties-when-not-required",
        ),
        pytest.param(
            AdmissionFacts(safe_country_national=True),
            EXCLUDING,
            [R.SAFE_COUNTRY_EXCLUDED],
            id="safe-country-exclude",
        ),
        pytest.param(
            AdmissionFacts(safe_country_national=True),
            ROTTERDAM_LIKE,
            [],
            id="safe-country-limit-months-admits-with-a-deadline",
        ),
        pytest.param(
            AdmissionFacts(safe_country_national=True),
            GRONINGEN_LIKE,
            [R.SAFE_COUNTRY_REFER_VBL],
            id="safe-country-refer-vbl",
        ),
        pytest.param(AdmissionFacts(safe_country_national=False), GRONINGEN_LIKE, [], id="not-sc"),
    ],
)
def test_each_exclusion_rule(facts, rules, expected):
    assert evaluate_admission(facts, rules) == expected


@pytest.mark.parametrize(
    ("rules", "safe_country_reason"),
    [
        (EXCLUDING, [R.SAFE_COUNTRY_EXCLUDED]),
        (GRONINGEN_LIKE, [R.SAFE_COUNTRY_REFER_VBL]),
        (ROTTERDAM_LIKE, []),
    ],
)
def test_all_reasons_are_returned_together(rules, safe_country_reason):
    facts = AdmissionFacts(
        entry_ban_years=10,
        declared_undesirable=True,
        eu_citizen=True,
        dublin_claimant=True,
        family_with_minor_children=True,
        entitled_to_state_reception=True,
        regional_ties=False,
        safe_country_national=True,
    )
    assert evaluate_admission(facts, rules) == [
        R.HEAVY_ENTRY_BAN,
        R.DECLARED_UNDESIRABLE,
        R.EU_CITIZEN,
        R.DUBLIN_CLAIMANT,
        R.FAMILY_WITH_MINOR_CHILDREN,
        R.ENTITLED_TO_STATE_RECEPTION,
        R.NO_REGIONAL_TIES,
        *safe_country_reason,
    ]


def test_two_reasons_are_both_named():
    facts = AdmissionFacts(eu_citizen=True, regional_ties=False)
    assert set(evaluate_admission(facts, EXCLUDING)) == {R.EU_CITIZEN, R.NO_REGIONAL_TIES}


def test_lvv_rules_are_copied_from_the_lvv_settings():
    lvv = SimpleNamespace(
        regional_ties_required=False,
        safe_country_policy="limit_months",
        safe_country_limit_months=3,
        max_stay_months=18,
    )
    assert LvvRules.of(lvv) == LvvRules(
        regional_ties_required=False,
        safe_country_policy="limit_months",
        safe_country_limit_months=3,
        max_stay_months=18,
    )


def test_facts_are_stored_as_a_plain_dict():
    from lvv.cases.payloads import AdmissionChecked

    facts = AdmissionFacts(entry_ban_years=3, eu_citizen=True)
    stored = AdmissionChecked(facts=facts).to_data()["facts"]
    assert stored["entry_ban_years"] == 3
    assert stored["eu_citizen"] is True
    assert AdmissionChecked.load({"facts": stored}).facts == facts
