"""Every write of the meetings app; case data itself only changes through ``lvv.cases``."""

from lvv.meetings.services.agenda import (
    agenda_add_case,
    agenda_move_item,
    agenda_remove_item,
    agenda_sync,
    meeting_close,
    meeting_create,
    meeting_set_attendance,
    put_on_next_agenda,
)
from lvv.meetings.services.outcome import (
    ActionItemInput,
    OutcomeInput,
    discussion_request_create,
    mrt_advice_record,
    mrt_referral_record,
    outcome_record,
)

__all__ = [
    "ActionItemInput",
    "OutcomeInput",
    "agenda_add_case",
    "agenda_move_item",
    "agenda_remove_item",
    "agenda_sync",
    "discussion_request_create",
    "meeting_create",
    "meeting_close",
    "meeting_set_attendance",
    "mrt_advice_record",
    "mrt_referral_record",
    "outcome_record",
    "put_on_next_agenda",
]
