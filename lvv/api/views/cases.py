"""Cases, one case, its events and its action items - always through the scoped selectors.

A case the caller may not see answers exactly as a case that does not exist (404), and is
logged as ``denied``; every case shown is logged as read, as on the pages.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lvv.access.policy import Action
from lvv.access.selectors import access_case, cases_visible_to, log_cases_read
from lvv.api.pagination import CasePagination, EventPagination
from lvv.api.serializers.cases import (
    ActionItemSerializer,
    CaseEventSerializer,
    CaseFilterSerializer,
    CaseSerializer,
)
from lvv.api.views.base import ApiView


class CaseList(ApiView):
    """The cases the acting person may see, in a stable order (by id), a page at a time."""

    policy_action = Action.CASE_VIEW
    pagination_class = CasePagination

    @extend_schema(parameters=[CaseFilterSerializer], responses=CaseSerializer(many=True))
    def get(self, request):
        filters = CaseFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        cases = filters.apply(cases_visible_to(request.user)).select_related(
            "person", "lvv", "guiding_organisation"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cases, request, view=self)
        log_cases_read(request.user, page, resource="api:case-list")
        return paginator.get_paginated_response(CaseSerializer(page, many=True).data)


class CaseDetail(ApiView):
    """One case with its person, if the acting person may see it."""

    policy_action = Action.CASE_VIEW

    @extend_schema(responses=CaseSerializer)
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        return Response(CaseSerializer(case).data)


class CaseEvents(ApiView):
    """The case's history in order; ``data`` is the event's own record (typed in part 2)."""

    policy_action = Action.CASE_VIEW
    pagination_class = EventPagination

    @extend_schema(responses=CaseEventSerializer(many=True))
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        events = case.events.select_related("organisation", "corrects")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(CaseEventSerializer(page, many=True).data)


class CaseActionItems(ApiView):
    """The case's action plan: every action, open and done, in order."""

    policy_action = Action.CASE_VIEW

    @extend_schema(responses=ActionItemSerializer(many=True))
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        items = case.action_items.order_by("number")
        return Response(ActionItemSerializer(items, many=True).data)
