"""The worklist ("Mijn werkvoorraad"): counts and short lists, in a fixed number of queries.

Counts come from two aggregates over the user's visible cases (conditional counts on date
columns, see ``deadline_filters``): one over the open stays, from a covering index, one over
the few others. Each list is limited; on PostgreSQL the case lists come in one query. The
number of queries does not depend on the number of cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, F, IntegerField, Q, Value, Window

from lvv.access.policy import Action, may
from lvv.access.selectors import cases_visible_to
from lvv.cases.deadlines import DeadlineStatus, deadlines_for
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
# What the short lists (referrals, MRT advice, action items) show and log: the reference
# (LVV and number), the name, the stage and the dates - nothing else is read or built.
LIST_FIELDS = (
    "lvv_id",
    "person_id",
    "stage",
    "referral_date",
    "mrt_advice_date",
    "person__pseudonym",
    "person__given_names",
    "person__family_name",
    "person__local_reference",
)
# The deadline candidates: the columns the deadlines are computed from, and what is shown.
DEADLINE_FIELDS = tuple(dict.fromkeys((*CaseState.column_names(), *LIST_FIELDS)))


def _with_lvv(cases, lvv_by_pk: dict[int, Lvv]) -> list[Case]:
    """The cases with their LVV taken from ``lvv_by_pk`` instead of a join per row."""
    cases = list(cases)
    for case in cases:
        case.lvv = lvv_by_pk[case.lvv_id]
    return cases


def _short_lists(querysets: list, lvv_by_pk: dict[int, Lvv]) -> list[list[Case]]:
    """The first LIST_LIMIT cases of each ordered queryset, each with its LVV.

    Where the database allows ordered and limited parts in a compound query (PostgreSQL),
    all lists come in one ``UNION ALL`` query instead of one query each: the same rows,
    fewer round trips. Each part is marked, and re-sorted by its own order (ascending, NULL
    last, as PostgreSQL sorts) because SQL does not promise the order of a UNION's rows.
    """
    if not querysets:
        return []
    if (
        len(querysets) == 1
        or not connections[querysets[0].db].features.supports_slicing_ordering_in_compound
    ):
        return [_with_lvv(cases[:LIST_LIMIT], lvv_by_pk) for cases in querysets]
    parts = [
        cases.annotate(worklist_part=Value(number, output_field=IntegerField()))[:LIST_LIMIT]
        for number, cases in enumerate(querysets)
    ]
    results: list[list[Case]] = [[] for _ in querysets]
    for case in parts[0].union(*parts[1:], all=True):
        results[case.worklist_part].append(case)
    for cases, queryset in zip(results, querysets, strict=True):
        names = [str(name) for name in queryset.query.order_by]

        def key(case, names=names):
            values = [case.pk if name == "pk" else getattr(case, name) for name in names]
            return [(value is None, value) for value in values]

        cases.sort(key=key)
        for case in cases:
            case.lvv = lvv_by_pk[case.lvv_id]
    return results


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

    # Two aggregates. Open stays (most of what is counted): conditions on the columns of the
    # covering index ``case_open_stage_cover`` only, so the database counts from the index
    # without reading a table row. The rest (awaiting admission, MRT advice, objection
    # periods) are few rows, found through their own small indexes.
    open_counts, other_counts, never = {}, {}, {}
    other = Q(stage__in=AWAITING_ADMISSION) | MRT_TO_PROCESS
    for kind_filter in filters:
        for name, condition, open_condition in (
            (f"overdue_{kind_filter.kind}", kind_filter.overdue, kind_filter.open_overdue),
            (f"due_soon_{kind_filter.kind}", kind_filter.due_soon, kind_filter.open_due_soon),
        ):
            if condition is NOTHING:  # e.g. an objection period is never overdue
                never[name] = 0
            elif open_condition is not None:
                open_counts[name] = Count("pk", filter=open_condition)
            else:
                other_counts[name] = Count("pk", filter=condition)
                other |= condition
    other_counts["referrals"] = Count("pk", filter=Q(stage__in=AWAITING_ADMISSION))
    other_counts["mrt_advice"] = Count("pk", filter=MRT_TO_PROCESS)
    counts = {
        **never,
        **(visible.filter(OPEN).aggregate(**open_counts) if open_counts else {}),
        **visible.filter(other).aggregate(**other_counts),
    }
    worklist.counts = {
        "overdue": sum(v for k, v in counts.items() if k.startswith("overdue_")),
        "due_soon": sum(v for k, v in counts.items() if k.startswith("due_soon_")),
        "referrals": counts["referrals"],
        "mrt_advice": counts["mrt_advice"],
        **counts,
    }

    # The short case lists: per deadline kind the earliest LIST_LIMIT cases (the exact
    # deadlines follow in Python), the referrals and the MRT advice - on PostgreSQL in one
    # query. The LVV comes from the list above (no join); of the person only what is shown
    # is read (so the V-number is not decrypted).
    lvv_by_pk = {lvv.pk: lvv for lvv in lvvs}
    kinds = [kind_filter for kind_filter in filters if kind_filter.either is not NOTHING]
    lists = [
        visible.filter(kind_filter.either).order_by(kind_filter.order_by, "pk")
        for kind_filter in kinds
    ]
    if worklist.show_referrals:
        lists.append(visible.filter(stage__in=AWAITING_ADMISSION).order_by("referral_date", "pk"))
    if worklist.show_mrt:
        lists.append(visible.filter(MRT_TO_PROCESS).order_by("mrt_advice_date", "pk"))
    results = _short_lists(
        [cases.select_related("person").only(*DEADLINE_FIELDS) for cases in lists], lvv_by_pk
    )
    if worklist.show_mrt:
        worklist.mrt_advice = results.pop()
    if worklist.show_referrals:
        worklist.referrals = results.pop()

    rows: dict[tuple[int, str], DeadlineRow] = {}
    wanted = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)
    for kind_filter, cases in zip(kinds, results, strict=True):
        for case in cases:
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
            .only(
                "case_id",
                "number",
                "description",
                "due_date",
                *(f"case__{name}" for name in LIST_FIELDS),
            )
            .order_by(*order)
        )
        for item in items:
            item.case.lvv = lvv_by_pk[item.case.lvv_id]
        worklist.counts["action_items"] = top[0][1] if top else 0
        worklist.action_items = items
    if worklist.show_transfers:
        # The LVVs come from the list above: a five-table join took longer to plan than
        # to run.
        worklist.transfers = list(
            CaseTransfer.objects.filter(
                to_lvv_id__in=user.lvvs.values("pk"), status=TransferStatus.PROPOSED
            )
            .select_related("case__person")
            .defer(*(f"case__{name}" for name in PERSON_NOT_SHOWN))
            .order_by("proposed_at")[:LIST_LIMIT]
        )
        for transfer in worklist.transfers:
            transfer.case.lvv = lvv_by_pk[transfer.case.lvv_id]
            transfer.from_lvv = lvv_by_pk[transfer.from_lvv_id]
            transfer.to_lvv = lvv_by_pk[transfer.to_lvv_id]
        worklist.counts["transfers"] = len(worklist.transfers)
    return worklist
