from django.urls import path

from lvv.monitor.views import cohort, measurements, pages

app_name = "monitor"

urlpatterns = [
    path("", pages.figures, name="figures"),
    path("maanden/", pages.series, name="series"),
    path("cohort/", cohort.cohort, name="cohort"),
    path("casussen/", pages.drilldown, name="drilldown"),
    path("metingen/", measurements.measurement_list, name="measurement_list"),
    path("metingen/opslaan/", measurements.measurement_save_view, name="measurement_save"),
    path(
        "metingen/vergelijken/", measurements.measurement_compare_view, name="measurement_compare"
    ),
    path(
        "metingen/<int:measurement_id>/",
        measurements.measurement_detail,
        name="measurement_detail",
    ),
]
