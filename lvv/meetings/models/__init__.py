from lvv.meetings.models.meeting import (
    REASON_ORDER,
    AgendaItem,
    AgendaItemStatus,
    AgendaReason,
    DiscussionRequest,
    Meeting,
    MeetingProgress,
    MeetingStatus,
)

__all__ = [
    "REASON_ORDER",
    "AgendaItem",
    "AgendaItemStatus",
    "AgendaReason",
    "DiscussionRequest",
    "Meeting",
    "MeetingProgress",
    "MeetingStatus",
]
