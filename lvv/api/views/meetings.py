"""LSO meetings and their agendas, as far as the acting person takes part in that LSO."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lvv.access.policy import Action
from lvv.access.selectors import log_cases_read
from lvv.api.pagination import MeetingPagination
from lvv.api.serializers.meetings import MeetingDetailSerializer, MeetingSerializer
from lvv.api.views.base import ApiView
from lvv.meetings.selectors.meetings import access_meeting, meetings_visible_to
from lvv.meetings.selectors.minutes import item_views
from lvv.processing_log.activities import Activity

LSO = Activity.LSO_CASE_DISCUSSION


class MeetingList(ApiView):
    """The meetings of the LSOs the acting person takes part in, newest first."""

    policy_action = Action.LSO_CONTRIBUTE
    policy_activity = LSO
    pagination_class = MeetingPagination

    @extend_schema(responses=MeetingSerializer(many=True))
    def get(self, request):
        meetings = (
            meetings_visible_to(request.user)
            .select_related("lvv")
            .prefetch_related("attending_organisations")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(meetings, request, view=self)
        return paginator.get_paginated_response(MeetingSerializer(page, many=True).data)


class MeetingDetail(ApiView):
    """One meeting with its agenda: only the items whose case the acting person may see,
    with what the agenda page shows of them; every case shown is logged as read."""

    policy_action = Action.LSO_CONTRIBUTE
    policy_activity = LSO

    @extend_schema(responses=MeetingDetailSerializer)
    def get(self, request, meeting_id: int):
        meeting = access_meeting(request.user, meeting_id)
        views = item_views(request.user, meeting)
        log_cases_read(
            request.user,
            [view.case for view in views],
            activity=LSO,
            resource=f"meeting:{meeting.pk}",
        )
        return Response(MeetingDetailSerializer(meeting, context={"agenda": views}).data)
