from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "lvv.monitor"
    verbose_name = "Landelijke monitor"
