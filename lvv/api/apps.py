from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lvv.api"
    verbose_name = "API"

    def ready(self) -> None:
        # The OpenAPI description of our authentication (drf-spectacular finds extensions
        # by import).
        from lvv.api import schema  # noqa: F401
