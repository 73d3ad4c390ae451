from lvv.meetings.models.meeting import (
    REASON_ORDER,
    AgendaItem,
    AgendaItemStatus,
    AgendaReason,
    DiscussionRequest,
    Meeting,
    MeetingStatus,
)

__all__ = [
    "REASON_ORDER",
    "AgendaItem",
    "AgendaItemStatus",
    "AgendaReason",
    "DiscussionRequest",
    "Meeting",
    "MeetingStatus",
]
