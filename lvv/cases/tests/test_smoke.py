from lvv.cases.selectors import rebuild_state
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case


def test_a_case_walks_from_referral_to_outflow(db):
    case = build_case(Stage.OUTFLOWED)
    assert case.stage == Stage.OUTFLOWED
    assert case.to_state() == rebuild_state(case)
    assert case.events.count() == 9
