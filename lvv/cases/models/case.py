from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.cases.state import CaseState
from lvv.cases.vocabulary import MrtStatus, OutflowCategory, Phase, Scenario, Stage

# A stay that has begun (intake) and not ended: the condition of the partial indexes that
# the worklist and the deadline filters (lvv.web.deadline_filters.OPEN) read.
OPEN_STAY = {"intake_date__isnull": False, "outflow_date__isnull": True}
# A stay not ended (not outflowed, not refused): what the case list shows by default
# (lvv.web.forms.cases), read in its order from the partial indexes below.
RUNNING_STAGES = (
    Stage.REFERRED,
    Stage.ADMISSION_CHECKED,
    Stage.ADMITTED,
    Stage.SHELTERED,
    Stage.DOSSIER_REQUESTED,
    Stage.REST_PERIOD,
    Stage.GUIDANCE,
)
RUNNING = {"stage__in": [str(stage) for stage in RUNNING_STAGES]}


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
            # Worklist and deadline filters (lvv.web.deadline_filters): open stays by the
            # date column each deadline grows with, and the objection-period windows.
            models.Index(
                fields=["lvv", "last_lso_date", "id"],
                condition=models.Q(**OPEN_STAY),
                name="case_open_last_lso",
            ),
            models.Index(
                fields=["lvv", "intake_date", "id"],
                condition=models.Q(**OPEN_STAY),
                name="case_open_intake",
            ),
            models.Index(
                fields=["lvv", "dossier_complete_date", "id"],
                condition=models.Q(first_scenario_date__isnull=True, **OPEN_STAY),
                name="case_open_no_first_scenario",
            ),
            # The same by date alone, for users of several LVVs: their short worklist lists
            # (first N by date) are then read from the index in date order and stop after N
            # rows, instead of sorting every match of every LVV.
            models.Index(
                fields=["last_lso_date", "id"],
                condition=models.Q(**OPEN_STAY),
                name="case_open_last_lso_date",
            ),
            models.Index(
                fields=["dossier_complete_date", "id"],
                condition=models.Q(first_scenario_date__isnull=True, **OPEN_STAY),
                name="case_open_no_scenario_date",
            ),
            # Safe-country nationals' limit (only LVVs with that policy): their open stays by
            # intake date, instead of every open stay of such an LVV.
            models.Index(
                fields=["lvv", "intake_date", "id"],
                condition=models.Q(safe_country_national=True, **OPEN_STAY),
                name="case_open_safe_country",
            ),
            # Referrals awaiting admission (a few hundred, the newest): the worklist's first
            # ten without walking a whole referral-date index.
            models.Index(
                fields=["referral_date", "id"],
                condition=models.Q(stage__in=["referred", "admission_checked"]),
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
            models.Index(
                fields=["decision_date"],
                condition=models.Q(decision_outcome="refused"),
                name="case_refusal_date",
            ),
            models.Index(fields=["outflow_category", "outflow_date"], name="case_outflow_category"),
        ]

    def __str__(self) -> str:
        return f"{self.lvv.code}-{self.pk}"

    @property
    def reference(self) -> str:
        return f"{self.lvv.code}-{self.pk:06d}"

    def to_state(self) -> CaseState:
        values = {name: getattr(self, name) for name in CaseState.column_names()}
        values["admission_reasons"] = tuple(values["admission_reasons"] or ())
        values["action_items"] = tuple(item.to_state() for item in self.action_items.all())
        return CaseState(**values)

    def column_values(self, state: CaseState) -> dict:
        values = {name: getattr(state, name) for name in CaseState.column_names()}
        values["admission_reasons"] = list(state.admission_reasons)
        return values
