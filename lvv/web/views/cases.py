"""Case list and case page. Every read goes through the access selectors and is logged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lvv import crypto
from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.access.selectors import access_case, cases_visible_to, log_cases_read
from lvv.cases.selectors import case_events
from lvv.web.forms import CaseSearchForm

PAGE_SIZE = 25


def search_filter(query: str) -> Q:
    query = query.strip()
    if query.isdigit() and len(query) == 10:
        return Q(person__v_number_index=crypto.blind_index(query))
    condition = Q(person__local_reference__icontains=query)
    for word in query.split():
        condition |= Q(person__given_names__icontains=word) | Q(person__family_name__icontains=word)
    return condition


@policy(Action.CASE_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseSearchForm(request.GET or None)
    cases = cases_visible_to(request.user).select_related("person", "lvv").order_by("-pk")
    if form.is_valid() and form.cleaned_data["q"]:
        cases = cases.filter(search_filter(form.cleaned_data["q"]))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_cases_read(request.user, page.object_list)
    return render(request, "web/case_list.html", {"form": form, "page": page})


@policy(Action.CASE_VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    return render(
        request,
        "web/case_detail.html",
        {"case": case, "person": case.person, "events": case_events(case)},
    )
