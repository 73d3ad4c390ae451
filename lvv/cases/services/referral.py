from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lvv.cases import payloads, workflow
from lvv.cases.events import PlannedEvent
from lvv.cases.models import Case, Person
from lvv.cases.services._core import create_event, log_write, save_projection, today
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import CLOSED_STAGES
from lvv.organisations.models import Lvv, Organisation, OrganisationKind
from lvv.processing_log.activities import Activity, Operation


def open_case_of(person: Person) -> Case | None:
    """The person's stay that is not closed (refused or outflowed), if any."""
    return (
        Case.objects.select_for_update()
        .filter(person=person)
        .exclude(stage__in=CLOSED_STAGES)
        .select_related("lvv")
        .first()
    )


@transaction.atomic
def referral_register(
    *,
    actor,
    person: Person,
    lvv: Lvv,
    effective_date: dt.date,
    referred_by: str,
    guiding_organisation: Organisation | None = None,
    activity: Activity | None = None,
) -> Case:
    """Open a case: one new stay of ``person`` in ``lvv``, starting with its referral."""
    planned = PlannedEvent(effective_date, payloads.ReferralRegistered(referred_by=referred_by))
    folded = workflow.fold([planned], today=today())
    problems = list(folded.problems)
    # Lock the person's row so two referrals of one person cannot both pass the check below.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    existing = open_case_of(person)
    if existing is not None:
        problems.append(
            _("Deze persoon heeft al een lopende casus in LVV %(lvv)s.")
            % {"lvv": existing.lvv.name}
        )
    if guiding_organisation is not None and (
        guiding_organisation.kind != OrganisationKind.NGO or guiding_organisation.lvv_id != lvv.pk
    ):
        problems.append(_("De begeleidende organisatie moet een ngo van deze LVV zijn."))
    if problems:
        raise workflow.TransitionRefused(problems)
    case = Case.objects.create(
        person=person, lvv=lvv, guiding_organisation=guiding_organisation, version=0
    )
    create_event(
        case=case,
        actor=actor,
        event_type=planned.type,
        effective_date=effective_date,
        data=planned.data,
    )
    save_projection(case, CaseState(), folded.state)
    log_write(
        case=case, actor=actor, activity=activity or Activity.REFERRAL, operation=Operation.CREATE
    )
    return case
