from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lvv.cases import workflow
from lvv.cases.events import EventType
from lvv.cases.models import Case, CaseEvent
from lvv.cases.services._core import append_event
from lvv.organisations.models import Organisation
from lvv.processing_log.activities import Activity


@transaction.atomic
def action_item_add(
    *,
    case: Case,
    actor,
    effective_date: dt.date,
    description: str,
    owner_organisation: Organisation | str,
    due_date: dt.date | None = None,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    code = (
        owner_organisation.code
        if isinstance(owner_organisation, Organisation)
        else owner_organisation
    )
    if not Organisation.objects.filter(code=code).exists():
        raise workflow.TransitionRefused(
            [_("De eigenaar van de actie is geen bekende organisatie.")]
        )
    if due_date is not None and due_date < effective_date:
        raise workflow.TransitionRefused([_("De streefdatum ligt vóór de datum van toevoegen.")])
    return append_event(
        case=case,
        actor=actor,
        event_type=EventType.ACTION_ITEM_ADDED,
        effective_date=effective_date,
        data={
            "description": (description or "").strip(),
            "owner_organisation": code,
            "due_date": due_date.isoformat() if due_date else None,
        },
        expected_version=expected_version,
        activity=activity,
    )


@transaction.atomic
def action_item_complete(
    *,
    case: Case,
    actor,
    number: int,
    effective_date: dt.date,
    expected_version: int | None = None,
    activity: Activity | None = None,
) -> CaseEvent:
    return append_event(
        case=case,
        actor=actor,
        event_type=EventType.ACTION_ITEM_COMPLETED,
        effective_date=effective_date,
        data={"number": int(number)},
        expected_version=expected_version,
        activity=activity,
    )
