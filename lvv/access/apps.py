from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "lvv.access"
    verbose_name = "Toegang"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lvv.access.middleware import session_start

        user_logged_in.connect(session_start, dispatch_uid="lvv-session-start")
