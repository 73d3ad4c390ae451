from django.apps import AppConfig


def _guard_append_only_tables(sender, using, **kwargs) -> None:
    """After every ``migrate``: every append-only table carries the current triggers."""
    from django.db import connections

    from lvv.processing_log.append_only import ensure_triggers

    ensure_triggers(connections[using])


def _refuse_unguarding(sender, plan=None, **kwargs) -> None:
    """Before ``migrate``: a plan that would drop append-only triggers stops as a whole."""
    from django.core.management.base import CommandError

    from lvv.processing_log.append_only import append_only_tables_unapplied, backward_refusal

    tables = append_only_tables_unapplied(plan)
    if tables:
        raise CommandError(backward_refusal(tables))


class ProcessingLogConfig(AppConfig):
    name = "lvv.processing_log"
    verbose_name = "Verwerkingenlogboek"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, pre_migrate

        # Sent once per app; listening for this app only runs the check once per migrate.
        post_migrate.connect(
            _guard_append_only_tables, sender=self, dispatch_uid="lvv-append-only-guard"
        )
        pre_migrate.connect(
            _refuse_unguarding, sender=self, dispatch_uid="lvv-append-only-no-backwards"
        )
