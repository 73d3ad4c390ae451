"""``lvv restore-keys FILE``: embedded mode - the keys of a key backup back into the data dir.

In production the keys live in the environment (or a secret store): set them from the key
backup there; this command then only says so.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lvv.operations.backup import BackupError, restore_keys_to_data_dir


class Command(BaseCommand):
    help = "Zet de sleutels van een sleutelback-up terug (ingebouwde modus) / restores the keys."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args, **options) -> None:
        if settings.LVV_PRODUCTION:
            raise CommandError(
                "In productie staan de sleutels in de omgeving: zet SECRET_KEY, LVV_FIELD_KEYS "
                "en LVV_INDEX_KEY uit het sleutelbestand daar.\nIn production the keys live in "
                "the environment: set them there from the key file."
            )
        try:
            written = restore_keys_to_data_dir(options["file"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Sleutels teruggezet / keys restored: " + ", ".join(written))
