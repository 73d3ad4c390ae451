"""``lvv app-role-grants ROLE [--execute]``: the rights of the application's own PostgreSQL role.

Run as the owner role (the one that runs ``lvv migrate``), after every migrate. Prints the
SQL (to review or pipe to psql) or runs it. See docs/operations.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lvv.operations.database import app_role_grants


class Command(BaseCommand):
    help = "Rechten voor de applicatierol (PostgreSQL) / grants for the application's role."

    def add_arguments(self, parser) -> None:
        parser.add_argument("role")
        parser.add_argument("--execute", action="store_true", help="uitvoeren / run them")

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Alleen voor PostgreSQL / PostgreSQL only.")
        statements = app_role_grants(options["role"])
        if not options["execute"]:
            for statement in statements:
                self.stdout.write(statement + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"{len(statements)} opdrachten uitgevoerd / statements run.")
