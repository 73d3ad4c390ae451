from __future__ import annotations

import datetime as dt

from lvv.cases.models import Case, CaseEvent
from lvv.cases.projection import project, project_as_of
from lvv.cases.services.correction import event_records
from lvv.cases.state import CaseState


def case_events(case: Case) -> list[CaseEvent]:
    """The case's events in order, with who recorded them and what each correction corrects.

    Of the actor and organisation only the names are read, and a correction's target comes
    from the same list (an event only corrects events of its own case) instead of a third
    joined copy of the event table: the case page builds a third of the objects it did.
    """
    events = list(
        case.events.select_related("actor", "organisation")
        .only(
            *(f.name for f in CaseEvent._meta.concrete_fields),
            "actor__username",
            "actor__first_name",
            "actor__last_name",
            "organisation__code",
            "organisation__name",
        )
        .order_by("sequence")
    )
    by_pk = {event.pk: event for event in events}
    corrects = CaseEvent._meta.get_field("corrects")
    for event in events:
        if event.corrects_id in by_pk:
            corrects.set_cached_value(event, by_pk[event.corrects_id])
    return events


def rebuild_state(case: Case, as_of: dt.date | None = None) -> CaseState:
    """The state computed afresh from the event history (optionally as it stood on a date)."""
    records = event_records(case)
    return project(records) if as_of is None else project_as_of(records, as_of)
