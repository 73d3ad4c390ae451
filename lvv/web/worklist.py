"""The worklist ("Mijn werkvoorraad"): counts and short lists, in a fixed number of queries.

Counts come from one aggregate over the user's visible cases (conditional counts on date
columns, see ``deadline_filters``); each list is one query with a limit. The number of
queries does not depend on the number of cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window

from lvv.access.policy import Action, may
from lvv.access.selectors import cases_visible_to
from lvv.cases.deadlines import DeadlineKind, DeadlineStatus, deadlines_for
from lvv.cases.models import ActionItem, Case, CaseTransfer, TransferStatus
from lvv.cases.rules import LvvRules
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import MrtStatus, Stage
from lvv.organisations.models import Lvv
from lvv.web.deadline_filters import NOTHING, OPEN, kind_filters

LIST_LIMIT = 20
AWAITING_ADMISSION = (Stage.REFERRED, Stage.ADMISSION_CHECKED)
MRT_TO_PROCESS = Q(mrt_status=MrtStatus.ADVISED) & (
    Q(last_lso_date__isnull=True) | Q(mrt_advice_date__gt=F("last_lso_date"))
)


# Person columns the lists never show: not read, so the V-number is not decrypted per row.
PERSON_NOT_SHOWN = ("person__v_number", "person__languages")


def _with_lvv(cases, lvv_by_pk: dict[int, Lvv]) -> list[Case]:
    """The cases with their LVV taken from ``lvv_by_pk`` instead of a join per row."""
    cases = list(cases)
    for case in cases:
        case.lvv = lvv_by_pk[case.lvv_id]
    return cases


def state_without_items(case: Case) -> CaseState:
    """The projection columns as a state (deadlines need no action items: no extra query)."""
    values = {name: getattr(case, name) for name in CaseState.column_names()}
    values["admission_reasons"] = tuple(values["admission_reasons"] or ())
    return CaseState(**values)


@dataclass
class DeadlineRow:
    case: Case
    kind: str
    kind_label: str
    due_date: dt.date
    status: str
    status_label: str


@dataclass
class Worklist:
    counts: dict[str, int] = field(default_factory=dict)
    deadlines: list[DeadlineRow] = field(default_factory=list)
    referrals: list[Case] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    mrt_advice: list[Case] = field(default_factory=list)
    transfers: list[CaseTransfer] = field(default_factory=list)
    show_referrals: bool = False
    show_action_items: bool = False
    show_mrt: bool = False
    show_transfers: bool = False

    def cases_shown(self) -> list[Case]:
        cases = [row.case for row in self.deadlines] + self.referrals + self.mrt_advice
        cases += [item.case for item in self.action_items]
        cases += [transfer.case for transfer in self.transfers]
        return cases


def build_worklist(user, today: dt.date) -> Worklist:
    worklist = Worklist()
    visible = cases_visible_to(user)
    lvvs = list(Lvv.objects.all())
    rules = {lvv.pk: LvvRules.of(lvv) for lvv in lvvs}
    filters = kind_filters(today, lvvs)

    worklist.show_referrals = may(user, Action.ADMISSION_CHECK) or may(
        user, Action.ADMISSION_DECIDE
    )
    worklist.show_mrt = may(user, Action.LSO_DISCUSS)
    organisation = user.organisation
    worklist.show_action_items = organisation is not None and may(user, Action.ACTION_ITEM_COMPLETE)
    worklist.show_transfers = may(user, Action.ADMISSION_DECIDE)

    aggregates, never = {}, {}
    for kind_filter in filters:
        for name, condition in (
            (f"overdue_{kind_filter.kind}", kind_filter.overdue),
            (f"due_soon_{kind_filter.kind}", kind_filter.due_soon),
        ):
            if condition is NOTHING:  # e.g. an objection period is never overdue
                never[name] = 0
            else:
                aggregates[name] = Count("pk", filter=condition)
    aggregates["referrals"] = Count("pk", filter=Q(stage__in=AWAITING_ADMISSION))
    aggregates["mrt_advice"] = Count("pk", filter=MRT_TO_PROCESS)
    # Every counted row is open, awaiting admission, with the MRT or in an objection period;
    # written this way the database combines a few small (partial) indexes.
    relevant = OPEN | Q(stage__in=AWAITING_ADMISSION) | MRT_TO_PROCESS
    for kind_filter in filters:
        if kind_filter.kind == DeadlineKind.OBJECTION_PERIOD:
            relevant |= kind_filter.either
    counts = {**never, **visible.filter(relevant).aggregate(**aggregates)}
    worklist.counts = {
        "overdue": sum(v for k, v in counts.items() if k.startswith("overdue_")),
        "due_soon": sum(v for k, v in counts.items() if k.startswith("due_soon_")),
        "referrals": counts["referrals"],
        "mrt_advice": counts["mrt_advice"],
        **counts,
    }

    # Deadlines: per kind the earliest LIST_LIMIT cases, then the exact deadlines in Python.
    # The LVV comes from the list above (no join); the person's V-number is not shown here,
    # so it is not read (and not decrypted).
    lvv_by_pk = {lvv.pk: lvv for lvv in lvvs}
    rows: dict[tuple[int, str], DeadlineRow] = {}
    wanted = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)
    for kind_filter in filters:
        if kind_filter.either is NOTHING:
            continue
        cases = (
            visible.filter(kind_filter.either)
            .select_related("person")
            .defer(*PERSON_NOT_SHOWN)
            .order_by(kind_filter.order_by, "pk")[:LIST_LIMIT]
        )
        for case in cases:
            case.lvv = lvv_by_pk[case.lvv_id]
            for deadline in deadlines_for(state_without_items(case), rules[case.lvv_id], today):
                if deadline.kind == kind_filter.kind and deadline.status in wanted:
                    rows[(case.pk, deadline.kind)] = DeadlineRow(
                        case=case,
                        kind=deadline.kind,
                        kind_label=deadline.kind.label,
                        due_date=deadline.due_date,
                        status=deadline.status,
                        status_label=deadline.status.label,
                    )
    worklist.deadlines = sorted(rows.values(), key=lambda r: (r.due_date, r.case.pk))[:LIST_LIMIT]

    if worklist.show_referrals:
        worklist.referrals = _with_lvv(
            visible.filter(stage__in=AWAITING_ADMISSION)
            .select_related("person")
            .defer(*PERSON_NOT_SHOWN)
            .order_by("referral_date", "pk")[:LIST_LIMIT],
            lvv_by_pk,
        )
    if worklist.show_mrt:
        worklist.mrt_advice = _with_lvv(
            visible.filter(MRT_TO_PROCESS)
            .select_related("person")
            .defer(*PERSON_NOT_SHOWN)
            .order_by("mrt_advice_date", "pk")[:LIST_LIMIT],
            lvv_by_pk,
        )
    if worklist.show_action_items:
        # Action items exist only from the intake on, so "open stay" is the OPEN filter
        # (which the partial indexes cover). First the first LIST_LIMIT keys with the total
        # as a window - no joins, so the database need not join every open item to its case
        # and person before it can count - then those few items with their case and person.
        order = (F("due_date").asc(nulls_last=True), "case_id", "number")
        top = list(
            ActionItem.objects.filter(
                owner_organisation_id=organisation.code,
                done_date__isnull=True,
                case__in=visible.filter(OPEN).values("pk"),
            )
            .annotate(total=Window(Count("pk")))
            .order_by(*order)
            .values_list("pk", "total")[:LIST_LIMIT]
        )
        items = list(
            ActionItem.objects.filter(pk__in=[pk for pk, _total in top])
            .select_related("case__person")
            .defer(*(f"case__{name}" for name in PERSON_NOT_SHOWN))
            .order_by(*order)
        )
        for item in items:
            item.case.lvv = lvv_by_pk[item.case.lvv_id]
        worklist.counts["action_items"] = top[0][1] if top else 0
        worklist.action_items = items
    if worklist.show_transfers:
        worklist.transfers = list(
            CaseTransfer.objects.filter(
                to_lvv_id__in=user.lvvs.values("pk"), status=TransferStatus.PROPOSED
            )
            .select_related("case__person", "case__lvv", "from_lvv", "to_lvv")
            .order_by("proposed_at")[:LIST_LIMIT]
        )
        worklist.counts["transfers"] = len(worklist.transfers)
    return worklist
