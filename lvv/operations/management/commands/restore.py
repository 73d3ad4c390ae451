"""``lvv restore DIR [--replace]``: put a backup back and check it (counts, decryption)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lvv.access.models import AdministrationKind
from lvv.access.services import administration_record
from lvv.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Zet een back-up terug en controleert die / restores and checks a backup."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="een niet-lege database vervangen (stop eerst de applicatie) / replace a "
            "non-empty database (stop the application first)",
        )

    def handle(self, *args, **options) -> None:
        try:
            report = restore(options["directory"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        administration_record(
            kind=AdministrationKind.RESTORE,
            actor=None,
            after={"counts": report.counts},
            detail=str(options["directory"])[:200],
        )
        counts = ", ".join(f"{name} {count}" for name, count in report.counts.items())
        self.stdout.write(
            f"Teruggezet en gecontroleerd: {counts}; {report.decrypted} versleutelde waarden "
            f"leesbaar.\nRestored and checked: {report.decrypted} encrypted values readable."
        )
        if report.pending_migrations:
            self.stdout.write(
                f"De back-up is van een oudere versie: voer 'lvv migrate' uit "
                f"({report.pending_migrations} migraties).\nThe backup is of an older version: "
                "run 'lvv migrate'."
            )
