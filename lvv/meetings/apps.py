from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lvv.meetings"
    verbose_name = "LSO-overleggen en MRT"
