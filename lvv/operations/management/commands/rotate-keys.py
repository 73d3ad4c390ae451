"""``lvv rotate-keys``: re-encrypt every encrypted value under the first key of LVV_FIELD_KEYS.

See docs/operations.md ("Key rotation") for the whole procedure: new key first in the list,
run this, check ``--check``, then remove the old key.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lvv.access.models import AdministrationKind
from lvv.access.services import administration_record
from lvv.operations.rotation import rotate_all, values_under_old_keys


class Command(BaseCommand):
    help = (
        "Versleutelt alle versleutelde waarden opnieuw met de eerste sleutel van "
        "LVV_FIELD_KEYS / re-encrypts every value under the first field key."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="alleen tellen wat nog onder een oude sleutel staat / only count what is left",
        )

    def handle(self, *args, **options) -> None:
        if options["check"]:
            remaining = values_under_old_keys()
            for table, count in remaining.items():
                self.stdout.write(f"{table}: {count}")
            if any(remaining.values()):
                raise CommandError(
                    "Er staan nog waarden onder een oude sleutel: verwijder die nog niet.\n"
                    "Values are still encrypted under an old key: do not remove it yet."
                )
            self.stdout.write(
                "Alles staat onder de eerste sleutel; oude sleutels kunnen weg.\n"
                "Everything is under the first key; old keys can be removed."
            )
            return
        if connection.vendor == "postgresql":
            self.stdout.write(
                "PostgreSQL: draai dit als de eigenaarsrol van de tabellen (de migratierol) / "
                "run as the tables' owner role."
            )
        report = rotate_all(
            progress=lambda table, count: self.stdout.write(f"{table}: {count} opnieuw versleuteld")
        )
        administration_record(
            kind=AdministrationKind.KEY_ROTATION,
            actor=None,
            after={"tables": report.tables},
            detail=f"{report.values} waarden opnieuw versleuteld",
        )
        left = sum(values_under_old_keys().values())
        self.stdout.write(
            f"Klaar: {report.values} waarden opnieuw versleuteld; {left} nog onder een oude "
            f"sleutel.\nDone: {report.values} values re-encrypted; {left} left under an old key."
        )
        if left:
            raise CommandError("Niet alles is opnieuw versleuteld / not everything was rotated.")
