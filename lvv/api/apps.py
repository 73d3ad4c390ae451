from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lvv.api"
    verbose_name = "API"
