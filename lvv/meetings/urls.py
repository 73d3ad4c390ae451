from django.urls import path

from lvv.meetings.views import meetings, minutes, mrt, outcome

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("nieuw/", meetings.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:meeting_id>/aanwezigheid/", meetings.meeting_attendance, name="meeting_attendance"),
    path("<int:meeting_id>/afsluiten/", meetings.meeting_close, name="meeting_close"),
    path("<int:meeting_id>/agenda/toevoegen/", meetings.agenda_add, name="agenda_add"),
    path("<int:meeting_id>/agenda/bijwerken/", meetings.agenda_refresh, name="agenda_refresh"),
    path(
        "<int:meeting_id>/agenda/<int:item_id>/verwijderen/",
        meetings.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "<int:meeting_id>/agenda/<int:item_id>/verplaatsen/",
        meetings.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "<int:meeting_id>/agenda/<int:item_id>/bespreken/",
        outcome.item_outcome,
        name="item_outcome",
    ),
    path(
        "<int:meeting_id>/agenda/<int:item_id>/mrt/",
        outcome.item_mrt_refer,
        name="item_mrt_refer",
    ),
    path("<int:meeting_id>/notulen/", minutes.minutes, name="minutes"),
    path("<int:meeting_id>/notulen.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("bespreking-aanvragen/", mrt.discussion_request, name="discussion_request"),
    path(
        "casus/<int:case_id>/bespreking-aanvragen/",
        mrt.discussion_request,
        name="case_discussion_request",
    ),
    path("casus/<int:case_id>/mrt/", outcome.case_mrt_refer, name="case_mrt_refer"),
    path("mrt/", mrt.mrt_list, name="mrt_list"),
    path("mrt/<int:case_id>/advies/", mrt.mrt_advice, name="mrt_advice"),
]
