"""Reads for the meeting pages; the case scoping itself comes from ``lvv.access``."""

from lvv.meetings.selectors.agenda import (
    CaseFacts,
    ProposedItem,
    agenda_items,
    next_planned_meeting,
    previous_meeting_date,
    propose,
    proposed_agenda,
    reasons_for,
)

__all__ = [
    "CaseFacts",
    "ProposedItem",
    "agenda_items",
    "next_planned_meeting",
    "previous_meeting_date",
    "propose",
    "proposed_agenda",
    "reasons_for",
]
