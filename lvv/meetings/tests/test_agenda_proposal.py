"""The proposed agenda as a table: facts of a case + meeting date -> reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from lvv.meetings.models import AgendaReason as R
from lvv.meetings.selectors.agenda import CaseFacts, propose, reasons_for

D = dt.date
MEETING = D(2024, 6, 3)
PREVIOUS = D(2024, 5, 6)


def facts(**kwargs) -> CaseFacts:
    values = {"case_id": 1, "stage": "guidance"}
    values.update(kwargs)
    return CaseFacts(**values)


# (description, facts, previous meeting date, requested, expected reasons)
TABLE = [
    ("not yet at dossier stage", facts(stage="dossier_requested"), PREVIOUS, False, ()),
    (
        "outflowed",
        facts(stage="outflowed", dossier_complete_date=D(2024, 1, 1)),
        PREVIOUS,
        False,
        (),
    ),
    (
        "in rest period, dossier complete after the previous meeting",
        facts(stage="rest_period", dossier_complete_date=D(2024, 5, 27)),
        PREVIOUS,
        False,
        (R.NEW_DOSSIER,),
    ),
    (
        "rest period exactly over on the meeting day, no scenario",
        facts(stage="rest_period", dossier_complete_date=D(2024, 5, 20)),
        PREVIOUS,
        False,
        (R.REST_PERIOD_OVER, R.NEW_DOSSIER),
    ),
    (
        "rest period over long ago, never discussed, not new",
        facts(stage="rest_period", dossier_complete_date=D(2024, 3, 1)),
        PREVIOUS,
        False,
        (R.REST_PERIOD_OVER, R.FIRST_DISCUSSION),
    ),
    (
        "first meeting ever: every undiscussed dossier is new",
        facts(stage="rest_period", dossier_complete_date=D(2024, 3, 1)),
        None,
        False,
        (R.REST_PERIOD_OVER, R.NEW_DOSSIER),
    ),
    (
        "discussed without scenario, rest period over, review not due",
        facts(
            stage="rest_period",
            dossier_complete_date=D(2024, 4, 1),
            last_lso_date=D(2024, 5, 6),
        ),
        PREVIOUS,
        False,
        (R.REST_PERIOD_OVER,),
    ),
    (
        "scenario set recently: nothing to do",
        facts(
            dossier_complete_date=D(2024, 4, 1), scenario="departure", last_lso_date=D(2024, 5, 6)
        ),
        PREVIOUS,
        False,
        (),
    ),
    (
        "review due before the meeting",
        facts(
            dossier_complete_date=D(2023, 1, 1), scenario="departure", last_lso_date=D(2024, 2, 1)
        ),
        PREVIOUS,
        False,
        (R.REVIEW_DUE,),
    ),
    (
        "review due within the window after the meeting",
        facts(
            dossier_complete_date=D(2023, 1, 1), scenario="residence", last_lso_date=D(2024, 3, 15)
        ),
        PREVIOUS,
        False,
        (R.REVIEW_DUE,),
    ),
    (
        "review due just after the window",
        facts(
            dossier_complete_date=D(2023, 1, 1), scenario="residence", last_lso_date=D(2024, 3, 18)
        ),
        PREVIOUS,
        False,
        (),
    ),
    (
        "MRT advice after the last LSO",
        facts(
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 5, 6),
            mrt_status="advised",
            mrt_advice_date=D(2024, 5, 20),
        ),
        PREVIOUS,
        False,
        (R.MRT_ADVICE,),
    ),
    (
        "MRT advice already discussed",
        facts(
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 5, 27),
            mrt_status="advised",
            mrt_advice_date=D(2024, 5, 20),
        ),
        PREVIOUS,
        False,
        (),
    ),
    (
        "MRT advice on the day of the LSO that referred the case",
        facts(
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 5, 20),
            mrt_status="advised",
            mrt_advice_date=D(2024, 5, 20),
        ),
        PREVIOUS,
        False,
        (R.MRT_ADVICE,),
    ),
    (
        "MRT advice discussed in an LSO later on its own day",
        facts(
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 5, 20),
            mrt_status="advised",
            mrt_advice_date=D(2024, 5, 20),
            mrt_advice_discussed=True,
        ),
        PREVIOUS,
        False,
        (),
    ),
    (
        "still with the MRT: not back yet",
        facts(
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 5, 6),
            mrt_status="referred",
        ),
        PREVIOUS,
        False,
        (),
    ),
    (
        "a partner asked",
        facts(
            dossier_complete_date=D(2023, 1, 1), scenario="departure", last_lso_date=D(2024, 5, 6)
        ),
        PREVIOUS,
        True,
        (R.PARTNER_REQUEST,),
    ),
    (
        "dossier completes after the meeting date",
        facts(stage="rest_period", dossier_complete_date=D(2024, 6, 10)),
        PREVIOUS,
        True,
        (),
    ),
    (
        "several reasons at once, most urgent first",
        facts(
            dossier_complete_date=D(2023, 1, 1),
            scenario="",
            last_lso_date=D(2024, 1, 10),
            mrt_status="advised",
            mrt_advice_date=D(2024, 5, 30),
        ),
        PREVIOUS,
        True,
        (R.MRT_ADVICE, R.PARTNER_REQUEST, R.REST_PERIOD_OVER, R.REVIEW_DUE),
    ),
]


@pytest.mark.parametrize(
    ("case_facts", "previous", "requested", "expected"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_reasons(case_facts, previous, requested, expected):
    assert reasons_for(case_facts, MEETING, previous, requested=requested) == tuple(
        str(reason) for reason in expected
    )


def test_propose_orders_by_urgency_then_case_and_skips_cases_without_reason():
    cases = [
        facts(
            case_id=5,
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 2, 1),
        ),  # review due
        facts(case_id=3, stage="rest_period", dossier_complete_date=D(2024, 3, 1)),  # rest over
        facts(
            case_id=4,
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 5, 27),
        ),  # nothing
        facts(
            case_id=9,
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 5, 27),
        ),  # requested
        facts(
            case_id=2,
            dossier_complete_date=D(2023, 1, 1),
            scenario="departure",
            last_lso_date=D(2024, 2, 1),
        ),  # review due
    ]
    proposal = propose(cases, MEETING, PREVIOUS, requested_case_ids=[9])
    assert [item.case_id for item in proposal] == [9, 3, 2, 5]
    assert proposal[0].reasons == (R.PARTNER_REQUEST,)
