from django.urls import path, re_path

from lvv.api.views import base, cases, meetings, monitor, participants, schema

app_name = "api"

urlpatterns = [
    path("cases/", cases.CaseList.as_view(), name="case-list"),
    path("cases/<int:case_id>/", cases.CaseDetail.as_view(), name="case-detail"),
    path("cases/<int:case_id>/events/", cases.CaseEvents.as_view(), name="case-events"),
    path(
        "cases/<int:case_id>/action-items/",
        cases.CaseActionItems.as_view(),
        name="case-action-items",
    ),
    path("meetings/", meetings.MeetingList.as_view(), name="meeting-list"),
    path("meetings/<int:meeting_id>/", meetings.MeetingDetail.as_view(), name="meeting-detail"),
    path("monitor/figures/", monitor.MonitorFigures.as_view(), name="monitor-figures"),
    path(
        "participants/lookup/",
        participants.ParticipantLookup.as_view(),
        name="participant-lookup",
    ),
    path("schema/", schema.Schema.as_view(), name="schema"),
    # Last: every other path under the API answers 404 in JSON.
    re_path(r"", base.NotFound.as_view(), name="not-found"),
]
