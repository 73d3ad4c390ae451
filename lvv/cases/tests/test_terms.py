"""Awb terms with the Algemene termijnenwet, as tables. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvv.cases import terms

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2019, D(2019, 4, 21)), (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5))],
)
def test_easter_sunday_matches_the_calendar(year, easter):
    assert terms.easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("year", "day"),
    [(2024, D(2024, 4, 27)), (2025, D(2025, 4, 26)), (2026, D(2026, 4, 27))],
)
def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday(year, day):
    assert terms.kings_day(year) == day


def test_public_holidays_of_2025_are_those_of_the_atw():
    assert terms.public_holidays(2025) == {
        D(2025, 1, 1),
        D(2025, 4, 18),  # Goede Vrijdag
        D(2025, 4, 21),  # tweede Paasdag
        D(2025, 4, 26),  # Koningsdag (27 April is a Sunday)
        D(2025, 5, 5),
        D(2025, 5, 29),  # Hemelvaartsdag
        D(2025, 6, 9),  # tweede Pinksterdag
        D(2025, 12, 25),
        D(2025, 12, 26),
    }


@pytest.mark.parametrize(
    ("notified", "last_day", "why"),
    [
        (D(2025, 1, 3), D(2025, 2, 14), "Friday notification: six weeks on, a Friday"),
        (D(2025, 1, 4), D(2025, 2, 17), "ends on a Saturday: runs to Monday"),
        (D(2025, 1, 5), D(2025, 2, 17), "ends on a Sunday: runs to Monday"),
        (D(2025, 3, 7), D(2025, 4, 22), "ends on Good Friday: past Easter Monday"),
        (D(2025, 3, 10), D(2025, 4, 22), "ends on Easter Monday: Tuesday"),
        (D(2026, 3, 16), D(2026, 4, 28), "ends on Koningsdag (Monday 2026): Tuesday"),
        (D(2025, 3, 24), D(2025, 5, 6), "ends on 5 May (not a lustrum year): Tuesday"),
        (D(2025, 4, 17), D(2025, 5, 30), "ends on Ascension Day: Friday"),
        (D(2025, 4, 28), D(2025, 6, 10), "ends on Whit Monday: Tuesday"),
        (D(2024, 11, 13), D(2024, 12, 27), "ends on Christmas Day: past Boxing Day"),
        (D(2025, 11, 20), D(2026, 1, 2), "ends on New Year's Day: Friday"),
        (D(2025, 11, 14), D(2025, 12, 29), "ends on Boxing Day (Friday): Monday"),
    ],
)
def test_objection_term_ends_six_weeks_after_notification_extended_by_the_atw(
    notified, last_day, why
):
    assert terms.objection_term_end(notified) == last_day, why


def test_a_day_equated_with_a_holiday_by_decree_extends_the_term_too():
    # The Friday after Ascension Day is usually equated by royal decree: data, not code.
    bridge = D(2025, 5, 30)
    assert terms.objection_term_end(D(2025, 4, 17), extra={bridge}) == D(2025, 6, 2)


def test_the_appeal_term_is_counted_like_the_objection_term():
    assert terms.appeal_term_end(D(2025, 3, 7)) == D(2025, 4, 22)


@pytest.mark.parametrize(
    ("received", "posted", "in_time"),
    [
        (D(2025, 2, 14), None, True),  # received on the last day
        (D(2025, 2, 10), None, True),
        (D(2025, 2, 17), None, False),  # the next working day is too late
        (D(2025, 2, 20), D(2025, 2, 14), True),  # posted on the last day, received within a week
        (D(2025, 2, 21), D(2025, 2, 14), True),  # exactly a week after the end
        (D(2025, 2, 22), D(2025, 2, 14), False),  # more than a week after the end
        (D(2025, 2, 18), D(2025, 2, 15), False),  # posted after the end
    ],
)
def test_an_objection_is_in_time_when_received_or_posted_before_the_end(received, posted, in_time):
    term_end = terms.objection_term_end(D(2025, 1, 3))
    assert term_end == D(2025, 2, 14)
    assert terms.filed_in_time(term_end, received, posted) is in_time


@pytest.mark.parametrize(
    ("committee", "extension", "due"),
    [
        (False, 0, D(2025, 3, 28)),
        (True, 0, D(2025, 5, 9)),
        (False, 6, D(2025, 5, 9)),
        (True, 6, D(2025, 6, 20)),
    ],
)
def test_the_decision_on_an_objection_is_due_six_or_twelve_weeks_after_the_term(
    committee, extension, due
):
    assert (
        terms.objection_decision_due(
            D(2025, 2, 14), advisory_committee=committee, extension_weeks=extension
        )
        == due
    )


def test_the_decision_term_is_extended_by_the_atw_as_well():
    # Six weeks after an objection term that ended on Thursday 2025-04-17 is Ascension Day:
    # the decision is due the Friday after ...
    assert terms.objection_decision_due(D(2025, 4, 17)) == D(2025, 5, 30)
    # ... and the next Monday when that Friday is equated with a holiday.
    assert terms.objection_decision_due(D(2025, 4, 17), extra={D(2025, 5, 30)}) == D(2025, 6, 2)


def test_an_extension_beyond_six_weeks_is_not_a_term_of_the_awb():
    with pytest.raises(ValueError):
        terms.objection_decision_due(D(2025, 2, 14), extension_weeks=7)


@given(st.dates(min_value=D(2019, 1, 1), max_value=D(2035, 12, 31)))
def test_every_term_ends_on_a_working_day_at_least_six_weeks_later(notified):
    end = terms.objection_term_end(notified)
    assert not terms.is_non_working_day(end)
    assert dt.timedelta(weeks=6) <= end - notified <= dt.timedelta(weeks=6, days=6)
