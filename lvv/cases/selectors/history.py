from __future__ import annotations

import datetime as dt

from lvv.cases.models import Case, CaseEvent
from lvv.cases.projection import project, project_as_of
from lvv.cases.services.correction import event_records
from lvv.cases.state import CaseState


def case_events(case: Case) -> list[CaseEvent]:
    return list(
        case.events.select_related("actor", "organisation", "corrects").order_by("sequence")
    )


def rebuild_state(case: Case, as_of: dt.date | None = None) -> CaseState:
    """The state computed afresh from the event history (optionally as it stood on a date)."""
    records = event_records(case)
    return project(records) if as_of is None else project_as_of(records, as_of)
