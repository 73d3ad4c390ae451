from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "lvv.cases"
    verbose_name = "Casussen"
