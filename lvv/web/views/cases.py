"""Case list and case page. Every read goes through the access selectors and is logged."""

from __future__ import annotations

import re
from dataclasses import replace

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lvv import crypto
from lvv.access.decorators import policy
from lvv.access.policy import Action, case_filter_key, may, user_lvv_ids
from lvv.access.selectors import (
    access_case,
    cases_visible_to,
    log_cases_read,
    log_search_denied,
)
from lvv.cases.deadlines import deadlines_due
from lvv.cases.events import EventType
from lvv.cases.models import CaseTransfer, Person, TransferStatus
from lvv.cases.models.case import RUNNING
from lvv.cases.selectors import case_events
from lvv.cases.vocabulary import CLOSED_STAGES, DECISION_OUTFLOW
from lvv.cases.workflow import available
from lvv.organisations.models import Lvv
from lvv.web.deadline_filters import any_overdue
from lvv.web.forms.cases import (
    DEFAULT_SORT,
    SORT_COLUMNS,
    STATUS_ENDED,
    STATUS_RUNNING,
    CaseFilterForm,
    with_default_status,
)
from lvv.web.prepared import count_query, prepared
from lvv.web.rows import PERSON_FIELDS, CaseRow
from lvv.web.timeline import timeline
from lvv.web.views.actions import available_actions

PAGE_SIZE = 25
# A search counts at most this many matches ("meer dan 1.000"): a short, common fragment
# matches a large part of all stays, and counting every one is slow (docs/performance.md).
SEARCH_COUNT_LIMIT = 1000
SEARCH_PERSONS_FIRST = 1000
# Sorted by a column of another table (the person's name, the LVV's code), the database
# must join every matching stay before it knows the page. For these sorts it first takes
# the page's keys (narrow rows: no full stay and person row for every match) and then only
# those 25 stays with their person - one query more, whatever the number of matches.
KEYS_FIRST = {"naam", "lvv"}
# What a row of the list shows and logs (no V-number: nothing is decrypted).
LIST_FIELDS = (
    "id",
    "lvv_id",
    "stage",
    "phase",
    "scenario",
    "referral_date",
    "intake_date",
    "mrt_advice_date",
    *(f"person__{name}" for name in PERSON_FIELDS),
)


# The case number as every page shows it (``Case.reference``: "AMS-000302"), in any letter
# case, with or without the leading zeros.
CASE_NUMBER = re.compile(r"^\s*([A-Za-z]{2,8})\s*-\s*0*(\d{1,12})\s*$")


def case_number(query: str, lvvs: list[Lvv] | None) -> tuple[int, int] | None:
    """(LVV id, case id) when ``query`` is the number of a case of one of ``lvvs``."""
    match = CASE_NUMBER.match(query)
    if match is None:
        return None
    code = match.group(1).upper()
    lvv = next((lvv for lvv in lvvs or Lvv.objects.all() if lvv.code == code), None)
    return (lvv.pk, int(match.group(2))) if lvv is not None else None


def search_filter(query: str, prefix: str = "person__") -> Q:
    """The condition a search puts on the person (``prefix`` "" for the Person itself)."""
    query = query.strip()
    if query.isdigit() and len(query) == 10:  # noqa: PLR2004
        return Q(**{f"{prefix}v_number_index": crypto.blind_index(query)})
    condition = Q(**{f"{prefix}local_reference__icontains": query})
    words = query.split()
    if words:
        name = Q()
        for word in words:  # every word must match a given name or the family name
            name &= Q(**{f"{prefix}given_names__icontains": word}) | Q(
                **{f"{prefix}family_name__icontains": word}
            )
        condition |= name
    return condition


def searched(cases, query: str, lvvs: list[Lvv] | None = None) -> tuple:
    """``cases`` narrowed to the search ``query``, and whether it was a case number.

    A case number is one exact lookup by primary key (within ``cases``, so the scope holds);
    only if no visible case has that number is it searched as text (a local reference may
    look like one).

    Up to SEARCH_PERSONS_FIRST matching persons are found first (from the trigram indexes)
    and then only their stays are read. Given the search as a join, PostgreSQL must guess how
    densely the matches lie among the stays; for a fragment that 1% of all names contain it
    walked thousands of stays to fill one page (docs/performance.md). A broad fragment (more
    persons) is left to the join: its matches are dense, so walking the stays finds a page
    quickly, and its count stops at SEARCH_COUNT_LIMIT.
    """
    number = case_number(query, lvvs)
    if number is not None:
        lvv_id, pk = number
        by_number = cases.filter(pk=pk, lvv_id=lvv_id)
        if by_number.exists():
            return by_number, True
    persons = list(
        Person.objects.filter(search_filter(query, prefix=""))
        .order_by()
        .values_list("pk", flat=True)[: SEARCH_PERSONS_FIRST + 1]
    )
    if len(persons) <= SEARCH_PERSONS_FIRST:
        return cases.filter(person_id__in=persons), False
    return cases.filter(search_filter(query)), False


def filtered_cases(user, form: CaseFilterForm, today, lvvs: list[Lvv] | None = None):
    cases = cases_visible_to(user)
    if not form.is_valid():
        return cases.order_by("-pk"), DEFAULT_SORT
    data = form.cleaned_data
    by_number = False
    if data["q"]:
        cases, by_number = searched(cases, data["q"], lvvs)
    # A case number finds its case, running or ended; a chosen step says itself which.
    if not by_number and not data["stap"]:
        if data["status"] == STATUS_RUNNING:
            cases = cases.filter(**RUNNING)  # as the partial indexes case_running*
        elif data["status"] == STATUS_ENDED:
            cases = cases.filter(stage__in=CLOSED_STAGES)
    if data["lvv"]:
        cases = cases.filter(lvv=data["lvv"])
    if data["stap"]:
        cases = cases.filter(stage=data["stap"])
    if data["fase"]:
        cases = cases.filter(phase=data["fase"])
    if data["scenario"] == "geen":
        cases = cases.filter(scenario="")
    elif data["scenario"]:
        cases = cases.filter(scenario=data["scenario"])
    if data["nationaliteit"]:
        # JSON text search works on every backend: the list holds quoted codes.
        cases = cases.filter(person__nationalities__icontains=f'"{data["nationaliteit"]}"')
    if data["termijn"]:
        cases = cases.filter(any_overdue(today))
    sort = filtered_sort(form)
    column = sort.lstrip("-")
    order = SORT_COLUMNS[column]
    if sort.startswith("-"):
        order = tuple(f"-{name}" for name in order)
    return cases.order_by(*order), sort


def filtered_sort(form: CaseFilterForm) -> str:
    """The sort ``filtered_cases`` applies (the form has been validated)."""
    if not form.is_valid():
        return DEFAULT_SORT
    return form.cleaned_data["sorteer"] or DEFAULT_SORT


def sort_links(query, current: str) -> dict:
    """Per column: the URL that sorts by it (toggling direction) and its aria-sort state."""
    links = {}
    for column in SORT_COLUMNS:
        params = query.copy()
        params.pop("pagina", None)
        active = current.lstrip("-") == column
        descending = current.startswith("-")
        params["sorteer"] = column if (active and descending) or not active else f"-{column}"
        links[column] = {
            "url": "?" + params.urlencode(),
            "aria": ("descending" if descending else "ascending") if active else "none",
        }
    return links


class _ListedCases:
    """The matching cases as the paginator sees them: a length, and pages read on demand."""

    def __init__(self, total: int, page_rows):
        self.total = total
        self.page_rows = page_rows

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, part: slice) -> list:
        return self.page_rows(part.start, part.stop)


@policy(Action.CASE_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    """The case list. Its SQL is compiled once per scope, day and filters (``prepared``),
    except for searches (their text is not kept); rows are plain values (``rows``)."""
    user = request.user
    all_lvvs = list(Lvv.objects.order_by("name"))
    lvv_by_pk = {lvv.pk: lvv for lvv in all_lvvs}
    own = set(user_lvv_ids(user))
    query = with_default_status(request.GET)
    if "sorteer" not in query:
        query = query.copy()
        query["sorteer"] = DEFAULT_SORT
    form = CaseFilterForm(query, lvvs=[lvv for lvv in all_lvvs if lvv.pk in own])
    today = timezone.localdate()
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    searching = bool(data.get("q"))
    key = (
        "case-list",
        case_filter_key(user),
        today,
        tuple(sorted((name, str(value)) for name, value in data.items())) if valid else None,
    )

    def rows(part: str, build) -> list[dict]:
        if searching:
            return list(build())
        return prepared((*key, part), build).rows()

    filtered = None

    def cases():
        # Built once per request: a search runs its person query here (see ``searched``).
        nonlocal filtered
        if filtered is None:
            filtered = filtered_cases(user, form, today, all_lvvs)[0]
        return filtered

    sort = filtered_sort(form)

    def page_rows(start: int, stop: int) -> list[CaseRow]:
        if sort.lstrip("-") in KEYS_FIRST:
            keys = [
                row["id"]
                for row in rows(("keys", start, stop), lambda: cases().values("id")[start:stop])
            ]
            by_pk = {
                row["id"]: row
                for row in cases_visible_to(user).filter(pk__in=keys).values(*LIST_FIELDS)
            }
            found = [by_pk[pk] for pk in keys if pk in by_pk]
        else:
            found = rows(("page", start, stop), lambda: cases().values(*LIST_FIELDS)[start:stop])
        return [CaseRow.of(row, lvv_by_pk) for row in found]

    capped = False
    if searching:
        # Counted up to one past the limit: the database stops there.
        total = cases().order_by().values("pk")[: SEARCH_COUNT_LIMIT + 1].count()
        capped = total > SEARCH_COUNT_LIMIT
        total = min(total, SEARCH_COUNT_LIMIT)
    else:
        counted = rows("count", lambda: count_query(cases(), {"total": Count("*")}))
        total = counted[0]["total"] if counted else 0
    page = Paginator(_ListedCases(total, page_rows), PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_cases_read(user, page.object_list)
    if searching and not page.object_list:
        log_search_denied(user, data["q"])
    params = query.copy()
    params.pop("pagina", None)
    return render(
        request,
        "web/case_list.html",
        {
            "form": form,
            "page": page,
            "page_numbers": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ),
            "sort": sort_links(query, sort),
            "query_string": params.urlencode(),
            "capped": capped,
            "count_limit": f"{SEARCH_COUNT_LIMIT:,}".replace(",", "."),  # Dutch: 1.000
        },
    )


@policy(Action.CASE_VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = access_case(user, case_id)
    today = timezone.localdate()
    items = list(case.action_items.select_related("owner_organisation"))
    state = replace(
        case.to_state(with_items=False), action_items=tuple(i.to_state() for i in items)
    )
    events = case_events(case)
    for item in items:
        item.can_complete = available(
            state, EventType.ACTION_ITEM_COMPLETED, number=item.number
        ) and may(user, Action.ACTION_ITEM_COMPLETE, case, item_owner=item.owner_organisation_id)
    may_correct = may(user, Action.EVENT_CORRECT, case)
    # Transfers from and to this stay in one query (most stays have none at all).
    transfers = list(
        CaseTransfer.objects.filter(Q(case=case) | Q(new_case=case))
        .select_related("from_lvv", "to_lvv", "case__lvv", "new_case__lvv")
        .order_by("pk")
    )
    transfers_out = [t for t in transfers if t.case_id == case.pk]
    transfer_in = next((t for t in transfers if t.new_case_id == case.pk), None)
    other_stays = list(
        cases_visible_to(user)
        .filter(person_id=case.person_id)
        .exclude(pk=case.pk)
        .select_related("lvv")
        .order_by("referral_date")
    )
    linked = [t.new_case for t in transfers_out if t.new_case] + (
        [transfer_in.case] if transfer_in else []
    )
    for other in linked:
        other.visible = may(user, Action.CASE_VIEW, other)
    can_transfer = (
        available(state, EventType.OUTFLOW_REGISTERED)
        and may(user, Action.OUTFLOW_REGISTER, case)
        and not any(t.status == TransferStatus.PROPOSED for t in transfers_out)
    )
    decisions = [
        e
        for e in events
        if e.type == EventType.ADMISSION_DECIDED
        or (e.type == EventType.OUTFLOW_REGISTERED and e.payload.category in DECISION_OUTFLOW)
    ]
    mrt_history = [e for e in events if e.type in (EventType.MRT_REFERRED, EventType.MRT_ADVISED)]
    return render(
        request,
        "web/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "state": state,
            "deadlines": deadlines_due(case.deadline_dues(), today),
            "timeline": timeline(events),
            "items": items,
            "decisions": decisions,
            "mrt_history": mrt_history,
            "actions": available_actions(user, case, state),
            "may_correct": may_correct,
            "may_merge": may_correct,
            "can_transfer": can_transfer,
            "transfer_url": reverse("web:transfer_propose", args=[case.pk]),
            "transfers_out": transfers_out,
            "transfer_in": transfer_in,
            "other_stays": other_stays,
        },
    )
