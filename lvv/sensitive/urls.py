from django.urls import path

from lvv.sensitive import views

app_name = "sensitive"

urlpatterns = [
    path("casussen/<int:case_id>/bijzondere-gegevens/", views.sections, name="sections"),
]
