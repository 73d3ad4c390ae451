from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "lvv.imports"
    verbose_name = "Import bestaande caseload"
