"""Deadlines of a case as tables. Pure: states are folded from plain events."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from lvv.cases import deadlines as d
from lvv.cases.deadlines import DeadlineKind as K
from lvv.cases.deadlines import DeadlineStatus as St
from lvv.cases.events import EventType as E
from lvv.cases.rules import LvvRules
from lvv.cases.state import CaseState
from lvv.cases.tests.histories import (
    DECISION,
    DTV_PART,
    FIRST_LSO,
    INTAKE,
    OUTFLOW,
    event,
    state_at,
)
from lvv.cases.vocabulary import Stage as S

DEFAULT = LvvRules()
ROTTERDAM_LIKE = LvvRules(safe_country_policy="limit_months", safe_country_limit_months=3)
AMSTERDAM_LIKE = LvvRules(safe_country_policy="exclude", max_stay_months=18)


def _sheltered_safe_country(intake: dt.date) -> CaseState:
    return CaseState(stage=S.SHELTERED, safe_country_national=True, intake_date=intake)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2020, 1, 31), 3, dt.date(2020, 4, 30)),
        (dt.date(2021, 1, 31), 1, dt.date(2021, 2, 28)),
        (dt.date(2020, 1, 31), 1, dt.date(2020, 2, 29)),  # leap year
        (dt.date(2020, 11, 30), 3, dt.date(2021, 2, 28)),
        (dt.date(2020, 12, 15), 1, dt.date(2021, 1, 15)),
        (dt.date(2020, 10, 31), 3, dt.date(2021, 1, 31)),
        (dt.date(2020, 1, 6), 18, dt.date(2021, 7, 6)),
        (dt.date(2020, 8, 31), 18, dt.date(2022, 2, 28)),
        (dt.date(2020, 5, 10), 0, dt.date(2020, 5, 10)),
        (dt.date(2020, 3, 31), 12, dt.date(2021, 3, 31)),
    ],
)
def test_add_months_counts_calendar_months_and_clips_to_month_end(day, months, expected):
    assert d.add_months(day, months) == expected


# --- rest period and first scenario --------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (S.SHELTERED, None),
        (S.DOSSIER_REQUESTED, None),
        (S.REST_PERIOD, DTV_PART + dt.timedelta(days=14)),
        (S.GUIDANCE, DTV_PART + dt.timedelta(days=14)),
    ],
)
def test_rest_period_ends_14_days_after_the_complete_dossier(stage, expected):
    assert d.rest_period_end(state_at(stage)) == expected


def test_rest_period_counts_from_the_later_dossier_part():
    state = CaseState(dossier_complete_date=dt.date(2020, 2, 28))
    assert d.rest_period_end(state) == dt.date(2020, 3, 13)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        pytest.param(state_at(S.SHELTERED), None, id="no-dossier-yet"),
        pytest.param(state_at(S.REST_PERIOD), dt.date(2020, 3, 2), id="rest-period"),
        pytest.param(
            state_at(S.REST_PERIOD, event(E.LSO_DISCUSSED, FIRST_LSO, perspective="open")),
            dt.date(2020, 3, 2),
            id="lso-without-scenario-still-due",
        ),
        pytest.param(state_at(S.GUIDANCE), None, id="scenario-set"),
        pytest.param(
            replace(state_at(S.GUIDANCE), scenario=""),
            None,
            id="a-scenario-was-ever-set",
        ),
    ],
)
def test_first_scenario_is_due_at_the_end_of_the_rest_period_while_none_was_ever_set(
    state, expected
):
    assert d.first_scenario_due(state) == expected


# --- quarterly review ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_lso", "expected"),
    [
        (None, None),
        (dt.date(2020, 2, 24), dt.date(2020, 5, 24)),
        (dt.date(2021, 1, 31), dt.date(2021, 4, 30)),
        (dt.date(2020, 11, 30), dt.date(2021, 2, 28)),
        (dt.date(2019, 11, 30), dt.date(2020, 2, 29)),
        (dt.date(2020, 12, 31), dt.date(2021, 3, 31)),
    ],
)
def test_next_review_is_three_calendar_months_after_the_last_lso(last_lso, expected):
    assert d.next_review_due(CaseState(last_lso_date=last_lso)) == expected


def test_a_review_also_counts_as_an_lso_discussion():
    state = state_at(S.GUIDANCE, event(E.REVIEW_HELD, dt.date(2020, 5, 4), cooperation="good"))
    assert d.next_review_due(state) == dt.date(2020, 8, 4)


# --- safe-country limit and maximum stay ---------------------------------------------------


@pytest.mark.parametrize(
    ("state", "rules", "expected"),
    [
        pytest.param(
            _sheltered_safe_country(dt.date(2020, 1, 27)),
            ROTTERDAM_LIKE,
            dt.date(2020, 4, 27),
            id="rotterdam-like-3-months",
        ),
        pytest.param(
            _sheltered_safe_country(dt.date(2020, 11, 30)),
            ROTTERDAM_LIKE,
            dt.date(2021, 2, 28),
            id="end-of-month",
        ),
        pytest.param(
            replace(_sheltered_safe_country(INTAKE), safe_country_national=False),
            ROTTERDAM_LIKE,
            None,
            id="not-a-safe-country-national",
        ),
        pytest.param(_sheltered_safe_country(INTAKE), DEFAULT, None, id="policy-exclude"),
        pytest.param(
            _sheltered_safe_country(INTAKE),
            LvvRules(safe_country_policy="refer_vbl"),
            None,
            id="policy-refer-vbl",
        ),
        pytest.param(
            _sheltered_safe_country(INTAKE),
            LvvRules(safe_country_policy="limit_months", safe_country_limit_months=None),
            None,
            id="limit-without-months",
        ),
        pytest.param(
            replace(_sheltered_safe_country(INTAKE), intake_date=None),
            ROTTERDAM_LIKE,
            None,
            id="no-intake-yet",
        ),
    ],
)
def test_safe_country_limit_counts_months_from_intake_for_safe_country_nationals(
    state, rules, expected
):
    assert d.safe_country_limit(state, rules) == expected


def test_the_safe_country_flag_comes_from_the_admission_check():
    state = state_at(
        S.REFERRED,
        event(E.ADMISSION_CHECKED, dt.date(2020, 1, 13), facts={"safe_country_national": True}),
        event(E.ADMISSION_DECIDED, DECISION, outcome="admitted"),
        event(E.INTAKE_REGISTERED, INTAKE),
    )
    assert state.safe_country_national is True
    assert d.safe_country_limit(state, ROTTERDAM_LIKE) == dt.date(2020, 4, 27)


@pytest.mark.parametrize(
    ("intake", "rules", "expected"),
    [
        (dt.date(2020, 1, 27), AMSTERDAM_LIKE, dt.date(2021, 7, 27)),
        (dt.date(2020, 8, 31), AMSTERDAM_LIKE, dt.date(2022, 2, 28)),
        (dt.date(2020, 1, 27), DEFAULT, None),
        (None, AMSTERDAM_LIKE, None),
    ],
)
def test_max_stay_counts_months_from_intake(intake, rules, expected):
    assert d.max_stay_end(CaseState(intake_date=intake), rules) == expected


# --- objection period ----------------------------------------------------------------------

_REFUSED = state_at(S.REFUSED)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        pytest.param(_REFUSED, DECISION + dt.timedelta(weeks=6), id="refusal-decision"),
        pytest.param(state_at(S.ADMITTED), None, id="admission-is-no-decision-against"),
        pytest.param(
            state_at(
                S.GUIDANCE, event(E.OUTFLOW_REGISTERED, OUTFLOW, category="forced_termination")
            ),
            OUTFLOW + dt.timedelta(weeks=6),
            id="forced-termination",
        ),
        pytest.param(state_at(S.OUTFLOWED), None, id="departure-is-no-decision"),
        pytest.param(
            state_at(S.GUIDANCE, event(E.OUTFLOW_REGISTERED, OUTFLOW, category="back_to_bbb")),
            None,
            id="back-to-bbb",
        ),
    ],
)
def test_objection_period_is_six_weeks_after_a_decision_against_the_person(state, expected):
    assert d.objection_period_end(state) == expected


def test_refusal_objection_period_end_date():
    assert d.objection_period_end(_REFUSED) == dt.date(2020, 3, 2)


# --- deadlines_for: which deadlines still ask for something, and how urgent ----------------


@pytest.mark.parametrize(
    ("due", "today", "status"),
    [
        (dt.date(2020, 3, 1), dt.date(2020, 3, 2), St.OVERDUE),
        (dt.date(2020, 3, 2), dt.date(2020, 3, 2), St.DUE_SOON),
        (dt.date(2020, 3, 16), dt.date(2020, 3, 2), St.DUE_SOON),
        (dt.date(2020, 3, 17), dt.date(2020, 3, 2), St.LATER),
    ],
)
def test_status_is_overdue_due_soon_within_14_days_or_later(due, today, status):
    state = CaseState(
        stage=S.GUIDANCE, intake_date=INTAKE, scenario="departure", last_lso_date=None
    )
    state = replace(state, last_lso_date=d.add_months(due, -3))
    assert d.add_months(state.last_lso_date, 3) == due  # no end-of-month clipping here
    [review] = [x for x in d.deadlines_for(state, DEFAULT, today) if x.kind == K.REVIEW]
    assert review.due_date == due
    assert review.status == status


def _kinds(state, rules, today):
    return [(x.kind, x.due_date, x.status) for x in d.deadlines_for(state, rules, today)]


def test_deadlines_in_the_rest_period_include_the_first_scenario():
    state = state_at(S.REST_PERIOD)
    assert _kinds(state, DEFAULT, dt.date(2020, 2, 20)) == [
        (K.FIRST_SCENARIO, dt.date(2020, 3, 2), St.DUE_SOON)
    ]
    assert _kinds(state, DEFAULT, dt.date(2020, 3, 3)) == [
        (K.FIRST_SCENARIO, dt.date(2020, 3, 2), St.OVERDUE)
    ]


def test_deadlines_of_a_guided_case_in_an_lvv_with_a_max_stay_are_sorted_by_date():
    state = state_at(S.GUIDANCE)
    assert _kinds(state, AMSTERDAM_LIKE, dt.date(2020, 3, 1)) == [
        (K.REVIEW, dt.date(2020, 5, 24), St.LATER),
        (K.MAX_STAY, dt.date(2021, 7, 27), St.LATER),
    ]


def test_deadlines_of_a_rotterdam_like_safe_country_case():
    state = _sheltered_safe_country(dt.date(2020, 1, 27))
    assert _kinds(state, ROTTERDAM_LIKE, dt.date(2020, 4, 20)) == [
        (K.SAFE_COUNTRY_LIMIT, dt.date(2020, 4, 27), St.DUE_SOON)
    ]


def test_a_closed_case_has_only_a_running_objection_period():
    forced = state_at(
        S.GUIDANCE, event(E.OUTFLOW_REGISTERED, OUTFLOW, category="forced_termination")
    )
    assert _kinds(forced, AMSTERDAM_LIKE, dt.date(2020, 4, 1)) == [
        (K.OBJECTION_PERIOD, dt.date(2020, 4, 13), St.DUE_SOON)
    ]
    assert _kinds(forced, AMSTERDAM_LIKE, dt.date(2020, 3, 10)) == [
        (K.OBJECTION_PERIOD, dt.date(2020, 4, 13), St.LATER)
    ]
    assert _kinds(forced, AMSTERDAM_LIKE, dt.date(2020, 4, 14)) == []  # period over: gone
    assert _kinds(state_at(S.OUTFLOWED), AMSTERDAM_LIKE, dt.date(2020, 3, 10)) == []


def test_a_refused_case_shows_the_objection_period_until_it_ends():
    assert _kinds(_REFUSED, DEFAULT, dt.date(2020, 3, 2)) == [
        (K.OBJECTION_PERIOD, dt.date(2020, 3, 2), St.DUE_SOON)
    ]
    assert _kinds(_REFUSED, DEFAULT, dt.date(2020, 3, 3)) == []


def test_a_case_not_yet_sheltered_has_no_deadlines():
    for stage in (S.REFERRED, S.ADMISSION_CHECKED, S.ADMITTED):
        assert d.deadlines_for(state_at(stage), AMSTERDAM_LIKE, dt.date(2020, 2, 1)) == []


def test_overdue_deadlines_of_an_open_case_stay_listed():
    state = state_at(S.GUIDANCE)
    assert _kinds(state, DEFAULT, dt.date(2021, 1, 1)) == [
        (K.REVIEW, dt.date(2020, 5, 24), St.OVERDUE)
    ]


# --- the stored due dates ------------------------------------------------------------------


def test_due_dates_are_the_dates_deadlines_for_classifies():
    state = state_at(S.REST_PERIOD)
    dues = d.due_dates(state, AMSTERDAM_LIKE)
    assert dues == {
        K.OBJECTION_PERIOD: None,
        K.FIRST_SCENARIO: DTV_PART + dt.timedelta(days=14),
        K.REVIEW: None,  # never discussed in the LSO yet
        K.SAFE_COUNTRY_LIMIT: None,
        K.MAX_STAY: d.add_months(INTAKE, 18),
    }
    today = DTV_PART + dt.timedelta(days=10)
    assert d.deadlines_due(dues, today) == d.deadlines_for(state, AMSTERDAM_LIKE, today)


def test_a_closed_stay_keeps_only_its_objection_period():
    state = state_at(S.OUTFLOWED)
    forced = replace(state, outflow_category="forced_termination")
    assert set(k for k, due in d.due_dates(state, AMSTERDAM_LIKE).items() if due) == set()
    assert {k: due for k, due in d.due_dates(forced, AMSTERDAM_LIKE).items() if due} == {
        K.OBJECTION_PERIOD: OUTFLOW + dt.timedelta(weeks=6)
    }


def test_an_objection_period_that_has_ended_asks_nothing():
    ended = {K.OBJECTION_PERIOD: dt.date(2020, 3, 1)}
    assert d.deadlines_due(ended, dt.date(2020, 3, 2)) == []
    assert d.deadlines_due(ended, dt.date(2020, 3, 1))[0].status == St.DUE_SOON


def test_only_the_safe_country_limit_and_the_maximum_stay_follow_the_lvv_settings():
    state = replace(state_at(S.GUIDANCE), safe_country_national=True)
    changed = {
        kind
        for kind, due in d.due_dates(state, DEFAULT).items()
        if due != d.due_dates(state, replace(ROTTERDAM_LIKE, max_stay_months=6))[kind]
    }
    assert changed == set(d.SETTINGS_KINDS)


def test_every_stored_kind_has_its_column_and_every_open_stay_kind_ends_with_the_stay():
    assert tuple(f"due_{kind}" for kind in d.STORED_KINDS) == d.DUE_COLUMNS
    closed = state_at(S.OUTFLOWED)
    assert all(d.due_dates(closed, ROTTERDAM_LIKE)[kind] is None for kind in d.OPEN_STAY_KINDS)
