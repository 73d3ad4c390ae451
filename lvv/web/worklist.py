"""The worklist ("Mijn werkvoorraad"): counts and short lists, in a fixed number of queries.

Counts come from two aggregates over the user's visible cases (conditional counts on the
stored due dates, see ``deadline_filters``): one over the open stays, from a covering index,
one over the few others. Each list shows the LIST_LIMIT most urgent items with the total above it
(the case list filters show the rest); on PostgreSQL the case lists come in one query. The
number of queries does not depend on the number of cases.

Everyone opens this page many times a day, so its SQL is compiled once per scope and day
(``lvv.web.prepared``) and its rows are read as plain values into light row objects rather
than model instances: the time of this page went mostly to Django building SQL and models,
not to the database (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, Window

from lvv.access.policy import Action, case_filter_key, may
from lvv.access.selectors import cases_visible_to
from lvv.cases.deadlines import DUE_COLUMNS, DeadlineStatus, deadlines_due
from lvv.cases.models import ActionItem, CaseTransfer, TransferStatus
from lvv.cases.vocabulary import AWAITING_ADMISSION_STAGES as AWAITING_ADMISSION
from lvv.meetings.selectors.agenda import mrt_advice_to_process_filter
from lvv.organisations.models import Lvv
from lvv.web.deadline_filters import NOTHING, OPEN, KindFilter, kind_filters
from lvv.web.prepared import count_query, prepared
from lvv.web.rows import PERSON_FIELDS, CaseRow

LIST_LIMIT = 10
SUBQUERY_FENCE = 1_000_000_000
# The one definition of an MRT advice the LSO still has to discuss (also the agenda's).
MRT_TO_PROCESS = mrt_advice_to_process_filter()


# What the short lists (referrals, MRT advice, action items) show and log: the reference
# (LVV and number), the name, the stage and the dates - nothing else is read or built.
LIST_FIELDS = (
    "id",
    "lvv_id",
    "stage",
    "referral_date",
    "mrt_advice_date",
    *(f"person__{name}" for name in PERSON_FIELDS),
)
# The deadline candidates: what is shown, and the stored due dates.
DEADLINE_FIELDS = (*LIST_FIELDS, *DUE_COLUMNS)


@dataclass(slots=True)
class ActionItemRow:
    number: int
    description: str
    due_date: dt.date | None
    case: CaseRow


@dataclass(slots=True)
class TransferRow:
    pk: int
    case: CaseRow
    from_lvv: Lvv
    to_lvv: Lvv


def _count_aggregates(filters: list[KindFilter]) -> tuple[dict, dict, Q, dict]:
    """(open-stay counts, other counts, the other counts' row filter, counts never > 0)."""
    open_counts, other_counts, never = {}, {}, {}
    other = Q(stage__in=AWAITING_ADMISSION) | MRT_TO_PROCESS
    for kind_filter in filters:
        for name, condition in (
            (f"overdue_{kind_filter.kind}", kind_filter.overdue),
            (f"due_soon_{kind_filter.kind}", kind_filter.due_soon),
        ):
            if condition is NOTHING:  # an objection period is never overdue
                never[name] = 0
            elif kind_filter.open_stays_only:
                open_counts[name] = Count("pk", filter=condition)
            else:
                other_counts[name] = Count("pk", filter=condition)
                other |= condition
    other_counts["referrals"] = Count("pk", filter=Q(stage__in=AWAITING_ADMISSION))
    other_counts["mrt_advice"] = Count("pk", filter=MRT_TO_PROCESS)
    return open_counts, other_counts, other, never


def _short_lists(querysets: list[QuerySet]) -> list[QuerySet]:
    """The first LIST_LIMIT rows of each ordered ``values`` queryset, as few queries.

    Where the database allows ordered and limited parts in a compound query (PostgreSQL),
    all lists become one ``UNION ALL`` query instead of one query each: the same rows,
    fewer round trips. Each part is marked with its number; SQL does not promise the order
    of a UNION's rows, so the caller sorts each part again.
    """
    if (
        len(querysets) <= 1
        or not connections[querysets[0].db].features.supports_slicing_ordering_in_compound
    ):
        return [cases[:LIST_LIMIT] for cases in querysets]
    parts = [
        cases.annotate(worklist_part=Value(number, output_field=IntegerField()))[:LIST_LIMIT]
        for number, cases in enumerate(querysets)
    ]
    return [parts[0].union(*parts[1:], all=True)]


def _sort_key(order_by: tuple[str, ...]):
    """The key that sorts rows as ``order_by`` (ascending, NULL last as PostgreSQL does)."""

    def key(row: dict) -> list:
        return [(row[name] is None, row[name]) for name in order_by]

    return key


@dataclass
class DeadlineRow:
    case: CaseRow
    kind: str
    kind_label: str
    due_date: dt.date
    status: str
    status_label: str


@dataclass
class Worklist:
    counts: dict[str, int] = field(default_factory=dict)
    deadlines: list[DeadlineRow] = field(default_factory=list)
    referrals: list[CaseRow] = field(default_factory=list)
    action_items: list[ActionItemRow] = field(default_factory=list)
    mrt_advice: list[CaseRow] = field(default_factory=list)
    transfers: list[TransferRow] = field(default_factory=list)
    show_referrals: bool = False
    show_action_items: bool = False
    show_mrt: bool = False
    show_transfers: bool = False
    list_limit: int = LIST_LIMIT

    def cases_shown(self) -> list[CaseRow]:
        cases = [row.case for row in self.deadlines] + self.referrals + self.mrt_advice
        cases += [item.case for item in self.action_items]
        cases += [transfer.case for transfer in self.transfers]
        return cases


def build_worklist(user, today: dt.date) -> Worklist:
    worklist = Worklist()
    lvv_by_pk = {lvv.pk: lvv for lvv in Lvv.objects.all()}

    worklist.show_referrals = may(user, Action.ADMISSION_CHECK) or may(
        user, Action.ADMISSION_DECIDE
    )
    worklist.show_mrt = may(user, Action.LSO_DISCUSS)
    organisation = user.organisation
    worklist.show_action_items = organisation is not None and may(user, Action.ACTION_ITEM_COMPLETE)
    worklist.show_transfers = may(user, Action.ADMISSION_DECIDE)

    # Every query below depends only on these values: their SQL is compiled once per key.
    key = (case_filter_key(user), today)
    filters = kind_filters(today)

    # Two aggregates. Open stays (most of what is counted): conditions on the columns of the
    # covering index ``case_open_stage_cover`` only, so the database counts from the index
    # without reading a table row. The rest (awaiting admission, MRT advice, objection
    # periods) are few rows, found through their own small indexes.
    open_aggregates, other_aggregates, other, never = _count_aggregates(filters)

    def open_counts() -> QuerySet:
        return count_query(cases_visible_to(user).filter(OPEN), open_aggregates)

    def other_counts() -> QuerySet:
        return count_query(cases_visible_to(user).filter(other), other_aggregates)

    counts = {
        **dict.fromkeys(never, 0),
        **prepared(("worklist:open-counts", *key), open_counts).counts(),
        **prepared(("worklist:other-counts", *key), other_counts).counts(),
    }
    worklist.counts = {
        "overdue": sum(v for k, v in counts.items() if k.startswith("overdue_")),
        "due_soon": sum(v for k, v in counts.items() if k.startswith("due_soon_")),
        **counts,
    }

    # The short case lists: per deadline kind the earliest LIST_LIMIT cases by due date,
    # the referrals and the MRT advice - on PostgreSQL in one query. Of the person only what
    # is shown is read (the V-number is not decrypted).
    flags = (worklist.show_referrals, worklist.show_mrt)

    def list_querysets() -> list[QuerySet]:
        visible = cases_visible_to(user)
        lists = [
            visible.filter(kind_filter.either)
            .order_by(kind_filter.column, "pk")
            .values(*DEADLINE_FIELDS)
            for kind_filter in filters
        ]
        if worklist.show_referrals:
            lists.append(
                visible.filter(stage__in=AWAITING_ADMISSION)
                .order_by("referral_date", "pk")
                .values(*DEADLINE_FIELDS)
            )
        if worklist.show_mrt:
            lists.append(
                visible.filter(MRT_TO_PROCESS)
                .order_by("mrt_advice_date", "pk")
                .values(*DEADLINE_FIELDS)
            )
        return lists

    orders = [(f.kind, (f.column, "id")) for f in filters]
    if worklist.show_referrals:
        orders.append(("referrals", ("referral_date", "id")))
    if worklist.show_mrt:
        orders.append(("mrt_advice", ("mrt_advice_date", "id")))
    results: list[list[dict]] = [[] for _ in orders]
    for number in range(len(orders)):
        query = prepared(
            ("worklist:lists", number, *key, flags),
            lambda number=number: _short_lists(list_querysets())[number],
        )
        rows = query.rows()
        if "worklist_part" in query.names:  # all lists in one query
            for row in rows:
                results[row["worklist_part"]].append(row)
            break
        results[number] = rows
    for rows, (_name, order_by) in zip(results, orders, strict=True):
        rows.sort(key=_sort_key(order_by))
    if worklist.show_mrt:
        worklist.mrt_advice = [CaseRow.of(row, lvv_by_pk) for row in results.pop()]
    if worklist.show_referrals:
        worklist.referrals = [CaseRow.of(row, lvv_by_pk) for row in results.pop()]

    deadline_rows: dict[tuple[int, str], DeadlineRow] = {}
    wanted = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)
    for (kind, (column, _id)), rows in zip(orders, results, strict=False):
        for row in rows:
            for deadline in deadlines_due({kind: row[column]}, today):
                if deadline.status in wanted:
                    deadline_rows[(row["id"], deadline.kind)] = DeadlineRow(
                        case=CaseRow.of(row, lvv_by_pk),
                        kind=deadline.kind,
                        kind_label=deadline.kind.label,
                        due_date=deadline.due_date,
                        status=deadline.status,
                        status_label=deadline.status.label,
                    )
    worklist.deadlines = sorted(deadline_rows.values(), key=lambda r: (r.due_date, r.case.pk))[
        :LIST_LIMIT
    ]

    if worklist.show_action_items:
        # Action items exist only from the intake on, so "open stay" is the OPEN filter
        # (which the partial indexes cover). First the first LIST_LIMIT keys with the total
        # as a window - no joins, so the database need not join every open item to its case
        # and person before it can count - then those few items with their case and person.
        order = (F("due_date").asc(nulls_last=True), "case_id", "number")
        code = organisation.code

        def top_items() -> QuerySet:
            return (
                ActionItem.objects.filter(
                    owner_organisation_id=code,
                    done_date__isnull=True,
                    # The LIMIT (far above any number of stays) keeps the subquery apart:
                    # PostgreSQL then hashes the open stays once instead of looking up the
                    # stay of every open item (docs/performance.md).
                    case__in=cases_visible_to(user).filter(OPEN).values("pk")[:SUBQUERY_FENCE],
                )
                .annotate(total=Window(Count("pk")))
                .order_by(*order)
                .values("id", "total")[:LIST_LIMIT]
            )

        top = prepared(("worklist:items", *key, code), top_items).rows()
        item_rows = (
            ActionItem.objects.filter(pk__in=[row["id"] for row in top])
            .order_by(*order)
            .values("number", "description", "due_date", *(f"case__{name}" for name in LIST_FIELDS))
        )
        worklist.action_items = [
            ActionItemRow(
                number=row["number"],
                description=row["description"],
                due_date=row["due_date"],
                case=CaseRow.of(row, lvv_by_pk, prefix="case__"),
            )
            for row in item_rows
        ]
        worklist.counts["action_items"] = top[0]["total"] if top else 0
    if worklist.show_transfers:
        lvv_ids = key[0][1]

        def proposed() -> QuerySet:
            return (
                CaseTransfer.objects.filter(to_lvv_id__in=lvv_ids, status=TransferStatus.PROPOSED)
                .annotate(total=Window(Count("pk")))
                .order_by("proposed_at", "pk")
                .values(
                    "id",
                    "from_lvv_id",
                    "to_lvv_id",
                    "total",
                    *(f"case__{name}" for name in LIST_FIELDS),
                )[:LIST_LIMIT]
            )

        rows = prepared(("worklist:transfers", lvv_ids), proposed).rows()
        worklist.transfers = [
            TransferRow(
                pk=row["id"],
                case=CaseRow.of(row, lvv_by_pk, prefix="case__"),
                from_lvv=lvv_by_pk[row["from_lvv_id"]],
                to_lvv=lvv_by_pk[row["to_lvv_id"]],
            )
            for row in rows
        ]
        worklist.counts["transfers"] = rows[0]["total"] if rows else 0
    return worklist
