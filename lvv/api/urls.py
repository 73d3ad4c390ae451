from django.urls import path

from lvv.api import views

app_name = "api"

urlpatterns = [
    path("cases/", views.CaseList.as_view(), name="case-list"),
    path("cases/<int:case_id>/", views.CaseDetail.as_view(), name="case-detail"),
    path("cases/<int:case_id>/events/", views.CaseEvents.as_view(), name="case-events"),
    path("participants/lookup/", views.ParticipantLookup.as_view(), name="participant-lookup"),
    path("schema/", views.Schema.as_view(), name="schema"),
]
