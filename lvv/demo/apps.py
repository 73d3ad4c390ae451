from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lvv.demo"
    verbose_name = "Demo- en testdata"
