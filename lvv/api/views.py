from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from lvv.access.decorators import AUTHENTICATED
from lvv.access.lookup import participant_lookup
from lvv.access.policy import Action
from lvv.access.selectors import access_case, cases_visible_to, log_cases_read
from lvv.api.permissions import PolicyPermission
from lvv.api.serializers import (
    CaseEventSerializer,
    CaseSerializer,
    ParticipantAnswerSerializer,
    ParticipantLookupSerializer,
)
from lvv.cases.selectors import case_events


class PolicyView:
    permission_classes = [PolicyPermission]
    policy_action: Action | str


class CaseList(PolicyView, generics.ListAPIView):
    """Cases the caller may see, newest first."""

    policy_action = Action.CASE_VIEW
    serializer_class = CaseSerializer

    def get_queryset(self):
        return cases_visible_to(self.request.user).select_related("person", "lvv").order_by("-pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        log_cases_read(request.user, page, resource="api:case-list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CaseDetail(PolicyView, APIView):
    policy_action = Action.CASE_VIEW

    @extend_schema(responses=CaseSerializer)
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        return Response(CaseSerializer(case).data)


class CaseEvents(PolicyView, APIView):
    policy_action = Action.CASE_VIEW

    @extend_schema(responses=CaseEventSerializer(many=True))
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        return Response(CaseEventSerializer(case_events(case), many=True).data)


class ParticipantLookup(PolicyView, APIView):
    """The police check: participant now, in which LVV, whom to contact. Nothing more."""

    policy_action = Action.PARTICIPANT_LOOKUP

    @extend_schema(request=ParticipantLookupSerializer, responses=ParticipantAnswerSerializer)
    def post(self, request):
        query = ParticipantLookupSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        answer = participant_lookup(actor=request.user, v_number=query.validated_data["v_number"])
        return Response(ParticipantAnswerSerializer(answer).data)


class Schema(PolicyView, SpectacularAPIView):
    policy_action = AUTHENTICATED
