from django.apps import AppConfig


class ProcessingLogConfig(AppConfig):
    name = "lvv.processing_log"
    verbose_name = "Verwerkingenlogboek"
