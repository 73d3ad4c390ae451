from django.urls import path

from lvv.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.caseload_import_view, name="caseload_import"),
]
