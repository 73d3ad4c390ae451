"""``lvv serve``: the production web server (gunicorn with the packaged configuration).

Before it starts it checks what would otherwise fail on the first request: the database
answers and is migrated, and - in production - the hashed static files were collected
(``lvv collectstatic``, at installation). Then it replaces itself with gunicorn, so the
service manager (systemd, a container runtime) supervises gunicorn directly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

CONFIG_FILE = Path(__file__).resolve().parents[2] / "gunicorn_conf.py"


def manifest_path() -> Path:
    return Path(settings.STATIC_ROOT) / "staticfiles.json"


class Command(BaseCommand):
    help = "Start de webserver (gunicorn) voor productie / start the production web server."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind", help="adres:poort (standaard LVV_BIND of 127.0.0.1:8000) / address:port"
        )
        parser.add_argument("--workers", type=int, help="aantal workers (standaard LVV_WORKERS)")
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="alleen de controles vóór de start uitvoeren / only run the start checks",
        )

    def handle(self, *args, **options) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                "De database is niet bijgewerkt: voer eerst 'lvv migrate' uit.\n"
                "The database is not up to date: run 'lvv migrate' first."
            )
        if settings.LVV_PRODUCTION and not manifest_path().exists():
            raise CommandError(
                f"Geen statische bestanden in {settings.STATIC_ROOT}: voer bij de installatie "
                "'lvv collectstatic --no-input' uit (zie docs/operations.md).\n"
                f"No static files in {settings.STATIC_ROOT}: run 'lvv collectstatic --no-input' "
                "at installation (see docs/operations.md)."
            )
        connection.close()
        command = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE)]
        if options["bind"]:
            command += ["--bind", options["bind"]]
        if options["workers"]:
            command += ["--workers", str(options["workers"])]
        if options["check_only"]:
            self.stdout.write("OK: " + " ".join(command[2:]))
            return
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, command)  # noqa: S606  # nosec B606 - our interpreter, gunicorn
