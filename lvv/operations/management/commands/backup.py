"""``lvv backup DIR [--keys-to FILE]``: the database into DIR; the keys, apart, into FILE."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lvv.access.models import AdministrationKind
from lvv.access.services import administration_record
from lvv.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Maakt een back-up van de database / backs up the database (docs/operations.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, help="nieuwe of lege map / new or empty dir")
        parser.add_argument(
            "--keys-to",
            type=Path,
            help="schrijf ook de sleutels, naar dit bestand buiten de map (apart bewaren) / "
            "also write the keys to this file outside the directory (keep it apart)",
        )

    def handle(self, *args, **options) -> None:
        try:
            manifest = backup(options["directory"], keys_to=options["keys_to"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        administration_record(
            kind=AdministrationKind.BACKUP,
            actor=None,
            after={"counts": manifest["counts"], "keys_written": bool(options["keys_to"])},
            detail=manifest["created_at"],
        )
        counts = ", ".join(f"{name} {count}" for name, count in manifest["counts"].items())
        self.stdout.write(f"Back-up gemaakt in {options['directory']} ({counts}).")
        if options["keys_to"]:
            self.stdout.write(
                f"Sleutels geschreven naar {options['keys_to']}: bewaar die apart van de "
                "back-ups / keys written: keep them apart from the backups."
            )
        else:
            self.stdout.write(
                "Zonder sleutels is deze back-up onleesbaar: bewaar de sleutels apart "
                "(--keys-to) / without the keys this backup cannot be read."
            )
