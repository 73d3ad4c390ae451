"""``lvv import-caseload FILE [--as USERNAME]``: an existing caseload, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lvv.access.models import User
from lvv.access.system import system_actor
from lvv.imports.parser import FileRefused, read_file
from lvv.imports.services import ImportRefused, caseload_import


class Command(BaseCommand):
    help = _(
        "Importeert een bestaande caseload uit een CSV- of XLSX-bestand (zie docs/import.md). "
        "Alles of niets: bij één fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("CSV- of XLSX-bestand"))
        parser.add_argument("--as", dest="username", help=_("handelende gebruiker"))

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Het bestand bestaat niet."))
        actor = self._actor(options.get("username"))
        try:
            result = caseload_import(read_file(path), actor=actor)
        except (FileRefused, ImportRefused) as exc:
            self.stderr.write(
                ngettext(
                    "Het bestand bevat %(count)s fout; er is niets opgeslagen.",
                    "Het bestand bevat %(count)s fouten; er is niets opgeslagen.",
                    len(exc.errors),
                )
                % {"count": len(exc.errors)}
            )
            for error in exc.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(_("Import afgebroken."), returncode=1) from None
        self.stdout.write(
            _(
                "Import voltooid: %(rows)s regels; %(persons)s nieuwe personen, %(created)s "
                "nieuwe verblijven, %(extended)s verblijven aangevuld met %(events)s "
                "gebeurtenissen, %(unchanged)s verblijven ongewijzigd."
            )
            % {
                "rows": result.rows,
                "persons": result.persons_created,
                "created": result.stays_created,
                "extended": result.stays_extended,
                "events": result.events_added,
                "unchanged": result.stays_unchanged,
            }
        )

    def _actor(self, username: str | None):
        if not username:
            return system_actor()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Onbekende of inactieve gebruiker."))
        return user
