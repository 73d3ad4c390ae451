"""Handing an open stay over to another LVV: proposal, then acceptance or rejection.

Acceptance goes through the ordinary services: the old stay ends with outflow ``other``
("overgedragen aan LVV X"), and a new stay in the receiving LVV is referred, checked,
admitted and taken in on the acceptance date. Either all of it is stored or nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.cases import workflow
from lvv.cases.events import EventType
from lvv.cases.models import Case, CaseEvent, CaseTransfer, TransferStatus
from lvv.cases.rules import AdmissionFacts
from lvv.cases.services._core import lock_case, log_write
from lvv.cases.services.admission import admission_check, admission_decide
from lvv.cases.services.outflow import outflow_register
from lvv.cases.services.referral import referral_register
from lvv.cases.services.shelter import intake_register
from lvv.cases.vocabulary import DecisionOutcome, OutflowCategory
from lvv.organisations.models import Lvv, Organisation
from lvv.processing_log.activities import Activity, Operation


@transaction.atomic
def transfer_propose(
    *,
    actor,
    case: Case,
    to_lvv: Lvv,
    motivation: str = "",
    expected_version: int | None = None,
) -> CaseTransfer:
    locked = lock_case(case, expected_version)
    problems: list[str] = []
    if not workflow.available(locked.to_state(), EventType.OUTFLOW_REGISTERED):
        problems.append(_("Alleen een lopende opvang (na de intake) kan worden overgedragen."))
    if to_lvv.pk == locked.lvv_id:
        problems.append(_("Kies een andere LVV dan de huidige."))
    if CaseTransfer.objects.filter(case=locked, status=TransferStatus.PROPOSED).exists():
        problems.append(_("Er staat al een overdrachtsvoorstel open voor deze casus."))
    if problems:
        raise workflow.TransitionRefused(problems)
    transfer = CaseTransfer.objects.create(
        case=locked,
        from_lvv_id=locked.lvv_id,
        to_lvv=to_lvv,
        motivation=(motivation or "").strip(),
        proposed_by=actor if getattr(actor, "pk", None) else None,
    )
    log_write(case=locked, actor=actor, activity=Activity.OUTFLOW, operation=Operation.UPDATE)
    return transfer


def _lock_open(transfer: CaseTransfer) -> CaseTransfer:
    locked = CaseTransfer.objects.select_for_update().select_related("to_lvv", "from_lvv")
    locked = locked.get(pk=transfer.pk)
    if locked.status != TransferStatus.PROPOSED:
        raise workflow.TransitionRefused([_("Over dit voorstel is al besloten.")])
    return locked


@transaction.atomic
def transfer_reject(*, actor, transfer: CaseTransfer, reason: str) -> CaseTransfer:
    if not (reason or "").strip():
        raise workflow.TransitionRefused([_("Een afwijzing vraagt een reden.")])
    locked = _lock_open(transfer)
    locked.status = TransferStatus.REJECTED
    locked.decided_by = actor if getattr(actor, "pk", None) else None
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    locked.save()
    log_write(
        case=Case.objects.select_related("person").get(pk=locked.case_id),
        actor=actor,
        activity=Activity.OUTFLOW,
        operation=Operation.UPDATE,
    )
    return locked


def _last_admission_facts(case: Case) -> AdmissionFacts:
    event = (
        CaseEvent.objects.filter(case=case, type=EventType.ADMISSION_CHECKED)
        .order_by("-sequence")
        .first()
    )
    return event.payload.facts if event else AdmissionFacts()


@transaction.atomic
def transfer_accept(
    *,
    actor,
    transfer: CaseTransfer,
    effective_date: dt.date,
    guiding_organisation: Organisation | None = None,
    exception_reason: str = "",
    reason: str = "",
) -> Case:
    """End the old stay and open the new one, all on ``effective_date``. Returns the new case."""
    locked = _lock_open(transfer)
    old = Case.objects.select_related("person", "lvv").get(pk=locked.case_id)
    to_lvv = locked.to_lvv
    outflow_register(
        case=old,
        actor=actor,
        effective_date=effective_date,
        category=OutflowCategory.OTHER,
        notes=_("overgedragen aan LVV %(lvv)s") % {"lvv": to_lvv.name},
    )
    new = referral_register(
        actor=actor,
        person=old.person,
        lvv=to_lvv,
        effective_date=effective_date,
        referred_by=_("overdracht vanuit LVV %(lvv)s") % {"lvv": locked.from_lvv.name},
        guiding_organisation=guiding_organisation,
    )
    admission_check(
        case=new, actor=actor, facts=_last_admission_facts(old), effective_date=effective_date
    )
    admission_decide(
        case=new,
        actor=actor,
        outcome=DecisionOutcome.ADMITTED,
        effective_date=effective_date,
        grounds=_("overdracht vanuit LVV %(lvv)s") % {"lvv": locked.from_lvv.name},
        exception_reason=exception_reason,
    )
    intake_register(case=new, actor=actor, effective_date=effective_date)
    locked.status = TransferStatus.ACCEPTED
    locked.decided_by = actor if getattr(actor, "pk", None) else None
    locked.decided_at = timezone.now()
    locked.decision_date = effective_date
    locked.decision_reason = (reason or "").strip()
    locked.new_case = new
    locked.save()
    return new
