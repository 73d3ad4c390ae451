from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.cases.deadlines import STORED_KINDS, due_column, due_dates
from lvv.cases.rules import LvvRules
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import (
    AWAITING_ADMISSION_STAGES,
    RUNNING_STAGES,
    MrtStatus,
    OutflowCategory,
    Phase,
    Scenario,
    Stage,
)

# A stay that has begun (intake) and not ended: the condition of the partial indexes that
# the worklist's counts (lvv.web.worklist) read.
OPEN_STAY = {"intake_date__isnull": False, "outflow_date__isnull": True}
# A stay not ended (not outflowed, not refused): what the case list shows by default
# (lvv.web.forms.cases), read in its order from the partial indexes below.
RUNNING = {"stage__in": [str(stage) for stage in RUNNING_STAGES]}

# Short names for the indexes of the due-date columns (an index name has 30 characters).
_DUE_INDEX_NAME = {
    "objection_period": "objection",
    "first_scenario": "scenario",
    "review": "review",
    "safe_country_limit": "safe",
    "max_stay": "max_stay",
}


def _due_indexes() -> list[models.Index]:
    """Per deadline kind: its due date in order, for users of one LVV (LVV in front) and of
    several (an ``lvv_id IN (...)`` list cannot walk the LVV-first index in order), only
    where the deadline applies - so the worklist's "first ten by due date" and "overdue"
    read a small index in date order and stop."""
    indexes = []
    for kind in STORED_KINDS:
        column = due_column(kind)
        applies = models.Q(**{f"{column}__isnull": False})
        short = _DUE_INDEX_NAME[kind]
        indexes.append(
            models.Index(
                fields=["lvv", column, "id"], condition=applies, name=f"case_due_{short}_lvv"
            )
        )
        indexes.append(
            models.Index(fields=[column, "id"], condition=applies, name=f"case_due_{short}")
        )
    return indexes


class Case(models.Model):
    """One stay of one person in one LVV, from referral to outflow.

    Every state column is a projection of the case's events (``projection.py``) and is only
    written by the case services; ``version`` is the optimistic lock that also works where
    the database has no row locks (SQLite).
    """

    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="cases")
    lvv = models.ForeignKey("organisations.Lvv", on_delete=models.PROTECT, related_name="cases")
    guiding_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guided_cases",
        verbose_name=_("begeleidende organisatie"),
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # --- projection (see CaseState) ---
    stage = models.CharField(_("stap"), max_length=20, choices=Stage.choices, blank=True)
    referral_date = models.DateField(_("aanmelddatum"), null=True)
    referred_by = models.CharField(_("aangemeld door"), max_length=200, blank=True)
    admission_check_date = models.DateField(null=True)
    admission_reasons = models.JSONField(default=list, blank=True)
    safe_country_national = models.BooleanField(default=False)
    decision_outcome = models.CharField(max_length=10, blank=True)
    decision_date = models.DateField(null=True)
    within_target_group = models.BooleanField(_("binnen de doelgroep"), null=True)
    exception_reason = models.TextField(_("reden uitzondering"), blank=True)
    intake_date = models.DateField(_("intakedatum"), null=True)
    dossier_requested_date = models.DateField(null=True)
    dossier_ind_date = models.DateField(null=True)
    dossier_dtv_date = models.DateField(null=True)
    dossier_complete_date = models.DateField(null=True)
    perspective = models.TextField(_("toekomstperspectief"), blank=True)
    scenario = models.CharField(_("scenario"), max_length=10, choices=Scenario.choices, blank=True)
    scenario_date = models.DateField(null=True)
    first_scenario_date = models.DateField(null=True)
    phase = models.CharField(_("fase"), max_length=10, choices=Phase.choices, blank=True)
    phase_date = models.DateField(null=True)
    last_lso_date = models.DateField(null=True)
    last_review_date = models.DateField(null=True)
    cooperation = models.CharField(max_length=15, blank=True)
    mrt_status = models.CharField(max_length=10, choices=MrtStatus.choices, default=MrtStatus.NONE)
    mrt_referral_date = models.DateField(null=True)
    mrt_advice_date = models.DateField(null=True)
    mrt_referral_count = models.PositiveSmallIntegerField(default=0)
    outflow_category = models.CharField(
        _("uitstroomcategorie"), max_length=25, choices=OutflowCategory.choices, blank=True
    )
    outflow_date = models.DateField(_("uitstroomdatum"), null=True)
    last_effective_date = models.DateField(null=True)

    # --- due dates (deadlines.due_dates of the projection and the LVV's settings) ---
    due_objection_period = models.DateField(_("einde bezwaartermijn"), null=True)
    due_first_scenario = models.DateField(_("eerste scenario uiterlijk"), null=True)
    due_review = models.DateField(_("kwartaalbespreking uiterlijk"), null=True)
    due_safe_country_limit = models.DateField(_("maximale opvang veilig land"), null=True)
    due_max_stay = models.DateField(_("maximale verblijfsduur"), null=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [
            # Every sort of the case list (lvv.web.forms.cases.SORT_COLUMNS) has an index in
            # its order, with and without the LVV in front, so that one page of it is read by
            # walking the index and stopping after the page - for one LVV and for several
            # (an IN list cannot use the LVV-first index in order). Figures in
            # docs/performance.md, as for every index below.
            models.Index(fields=["lvv", "stage", "id"], name="case_lvv_stage"),
            models.Index(fields=["lvv", "referral_date", "id"], name="case_lvv_referral"),
            models.Index(fields=["lvv", "intake_date", "id"], name="case_lvv_intake"),
            models.Index(fields=["stage", "id"], name="case_stage"),
            models.Index(fields=["referral_date", "id"], name="case_referral"),
            models.Index(fields=["intake_date", "id"], name="case_intake"),
            # The list's default: the running stays, newest first (one page of them is
            # an index walk, also deep in the list).
            models.Index(
                fields=["lvv", "id"], condition=models.Q(**RUNNING), name="case_running_lvv"
            ),
            models.Index(fields=["id"], condition=models.Q(**RUNNING), name="case_running"),
            models.Index(fields=["person", "lvv", "referral_date"]),
            models.Index(fields=["mrt_status"]),
            *_due_indexes(),
            # Referrals awaiting admission (a few hundred, the newest): the worklist's first
            # ten without walking a whole referral-date index.
            models.Index(
                fields=["referral_date", "id"],
                condition=models.Q(stage__in=list(AWAITING_ADMISSION_STAGES)),
                name="case_awaiting_admission",
            ),
            # A counsellor sees the stays their own organisation guides in their LVVs: counted
            # from these indexes alone, the open ones for the worklist's action items.
            models.Index(fields=["guiding_organisation", "lvv"], name="case_guided"),
            models.Index(
                fields=["guiding_organisation", "lvv"],
                condition=models.Q(**OPEN_STAY),
                name="case_guided_open",
            ),
            models.Index(fields=["outflow_category", "outflow_date"], name="case_outflow_category"),
        ]

    def __str__(self) -> str:
        return f"{self.lvv.code}-{self.pk}"

    @property
    def reference(self) -> str:
        return f"{self.lvv.code}-{self.pk:06d}"

    def to_state(self, *, with_items: bool = True) -> CaseState:
        """The stored projection as a state; ``with_items=False`` leaves the action items out
        (no query: what deadlines and lists need)."""
        values = {name: getattr(self, name) for name in CaseState.column_names()}
        values["admission_reasons"] = tuple(values["admission_reasons"] or ())
        if with_items:
            values["action_items"] = tuple(item.to_state() for item in self.action_items.all())
        return CaseState(**values)

    @staticmethod
    def column_values(state: CaseState, rules: LvvRules) -> dict:
        """The projection columns for ``state``, with its due dates under the LVV's ``rules``."""
        values = {name: getattr(state, name) for name in CaseState.column_names()}
        values["admission_reasons"] = list(state.admission_reasons)
        for kind, due in due_dates(state, rules).items():
            values[due_column(kind)] = due
        return values

    def deadline_dues(self) -> dict[str, object]:
        """The stored due dates by deadline kind (see ``deadlines.deadlines_due``)."""
        return {kind: getattr(self, due_column(kind)) for kind in STORED_KINDS}
