"""Every write to a case. One function per state change, keyword-only, atomic."""

from lvv.cases.services._core import ConflictError, recorded_at
from lvv.cases.services.action_plan import action_item_add, action_item_complete
from lvv.cases.services.admission import admission_check, admission_decide
from lvv.cases.services.bulk import (
    BulkRefused,
    CaseHistory,
    cases_bulk_create,
    persons_bulk_create,
)
from lvv.cases.services.correction import event_correct
from lvv.cases.services.deadlines import deadlines_recompute, lvv_settings_save
from lvv.cases.services.lso import lso_discuss, phase_change, review_hold, scenario_change
from lvv.cases.services.mrt import mrt_advise, mrt_refer
from lvv.cases.services.outflow import outflow_register
from lvv.cases.services.person import person_create, person_find_by_v_number, person_merge
from lvv.cases.services.referral import referral_register
from lvv.cases.services.shelter import dossier_part_deliver, dossier_request, intake_register
from lvv.cases.services.transfer import transfer_accept, transfer_propose, transfer_reject
from lvv.cases.workflow import TransitionRefused

__all__ = [
    "BulkRefused",
    "CaseHistory",
    "cases_bulk_create",
    "persons_bulk_create",
    "ConflictError",
    "TransitionRefused",
    "action_item_add",
    "action_item_complete",
    "admission_check",
    "admission_decide",
    "dossier_part_deliver",
    "dossier_request",
    "deadlines_recompute",
    "event_correct",
    "intake_register",
    "lso_discuss",
    "lvv_settings_save",
    "mrt_advise",
    "mrt_refer",
    "outflow_register",
    "person_create",
    "person_find_by_v_number",
    "person_merge",
    "phase_change",
    "recorded_at",
    "referral_register",
    "review_hold",
    "scenario_change",
    "transfer_accept",
    "transfer_propose",
    "transfer_reject",
]
