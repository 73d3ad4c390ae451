from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "lvv.organisations"
    verbose_name = "LVV's en organisaties"
