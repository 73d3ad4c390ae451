from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lvv.cases import payloads, workflow
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
    return append_event(
        case=case,
        actor=actor,
        payload=payloads.ActionItemAdded(
            description=(description or "").strip(), owner_organisation=code, due_date=due_date
        ),
        effective_date=effective_date,
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
        payload=payloads.ActionItemCompleted(number=int(number)),
        effective_date=effective_date,
        expected_version=expected_version,
        activity=activity,
    )
