from django.urls import include, path

from lvv.operations.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("api/v1/", include("lvv.api.urls")),
    path("", include("lvv.sensitive.urls")),
    path("lso/", include("lvv.meetings.urls")),
    path("monitor/", include("lvv.monitor.urls")),
    path("import/", include("lvv.imports.urls")),
    path("", include("lvv.web.urls")),
]
