from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lvv.web"
    verbose_name = "Webapplicatie"
