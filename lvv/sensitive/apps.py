from django.apps import AppConfig


class SensitiveConfig(AppConfig):
    name = "lvv.sensitive"
    verbose_name = "Bijzondere persoonsgegevens"
