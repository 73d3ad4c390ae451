"""The current state of a case: a value computed from its events (see ``projection.py``).

The ``Case`` table stores exactly these fields (action items in their own table), so the
stored projection can be compared with a rebuild at any time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class ActionItemState:
    number: int
    description: str
    owner_organisation: str  # organisation code
    due_date: dt.date | None
    added_date: dt.date
    done_date: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.done_date is None


@dataclass(frozen=True)
class CaseState:
    stage: str = ""  # "" = nothing registered yet
    referral_date: dt.date | None = None
    referred_by: str = ""
    admission_check_date: dt.date | None = None
    admission_reasons: tuple[str, ...] = ()
    safe_country_national: bool = False
    decision_outcome: str = ""
    decision_date: dt.date | None = None
    within_target_group: bool | None = None
    exception_reason: str = ""
    intake_date: dt.date | None = None
    dossier_requested_date: dt.date | None = None
    dossier_ind_date: dt.date | None = None
    dossier_dtv_date: dt.date | None = None
    dossier_complete_date: dt.date | None = None
    perspective: str = ""
    scenario: str = ""
    scenario_date: dt.date | None = None
    first_scenario_date: dt.date | None = None
    phase: str = ""
    phase_date: dt.date | None = None
    last_lso_date: dt.date | None = None
    last_review_date: dt.date | None = None
    cooperation: str = ""
    mrt_status: str = "none"
    mrt_referral_date: dt.date | None = None
    mrt_advice_date: dt.date | None = None
    mrt_referral_count: int = 0
    outflow_category: str = ""
    outflow_date: dt.date | None = None
    last_effective_date: dt.date | None = None
    action_items: tuple[ActionItemState, ...] = field(default_factory=tuple)

    @classmethod
    def column_names(cls) -> list[str]:
        """Fields stored as columns of ``Case`` (action items have their own table)."""
        return [f.name for f in fields(cls) if f.name != "action_items"]

    def action_item(self, number: int) -> ActionItemState | None:
        return next((item for item in self.action_items if item.number == number), None)

    @property
    def is_open(self) -> bool:
        """Sheltered now: intake done and no outflow yet."""
        return self.intake_date is not None and self.outflow_date is None
