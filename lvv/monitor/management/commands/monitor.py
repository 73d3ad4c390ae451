"""``lvv monitor --reference-date YYYY-MM-DD [--lvv CODE] --format json|csv|table``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lvv.access.models import User
from lvv.access.system import system_actor
from lvv.monitor.definitions import TOTAL, figure_labels, flatten
from lvv.monitor.figures import UnknownLvv, monitor_figures
from lvv.monitor.services import measurement_save, suppress_small_cells
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record


def render_csv(result: dict) -> str:
    """One row per LVV (and the total), one column per figure: easy to open in a spreadsheet."""
    out = io.StringIO()
    figures = result["figures"]
    keys = list(flatten(next(iter(figures.values()))).keys())
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["reference_date", "lvv", *keys])
    for code, block in figures.items():
        flat = flatten(block)
        writer.writerow([result["reference_date"], code, *(flat[key] for key in keys)])
    return out.getvalue()


def render_table(result: dict) -> str:
    """Figures as rows, LVVs as columns, with Dutch labels: for reading in a terminal."""
    figures = result["figures"]
    labels = figure_labels()
    columns = [code if code != TOTAL else _("totaal") for code in figures]
    flats = [flatten(block) for block in figures.values()]
    rows = [[labels[key], *(str(flat[key]) for flat in flats)] for key in flats[0]]
    header = [_("peildatum %(date)s") % {"date": result["reference_date"]}, *columns]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


class Command(BaseCommand):
    help = _("Toont de cijfers van de landelijke monitor op een peildatum.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reference-date", required=True, help=_("peildatum (JJJJ-MM-DD)"))
        parser.add_argument(
            "--lvv", action="append", dest="lvv", help=_("alleen deze LVV (mag vaker)")
        )
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
        parser.add_argument(
            "--suppress-small-cells",
            action="store_true",
            help=_("aantallen van 1 tot en met 4 tonen als '<5' (voor publicatie)"),
        )
        parser.add_argument(
            "--save", action="store_true", help=_("de meting ook onveranderlijk opslaan")
        )
        parser.add_argument("--as", dest="username", help=_("handelende gebruiker"))

    def handle(self, *args, **options) -> None:
        try:
            day = dt.date.fromisoformat(options["reference_date"])
        except ValueError as exc:
            raise CommandError(_("De peildatum is geen datum in de vorm JJJJ-MM-DD.")) from exc
        actor = self._actor(options.get("username"))
        try:
            if options["save"]:
                result = measurement_save(
                    actor=actor, reference_date=day, lvv_codes=options["lvv"]
                ).figures
            else:
                result = monitor_figures(day, options["lvv"])
                processing_record(
                    actor=actor,
                    operation=Operation.READ,
                    activity=Activity.MONITOR,
                    resource=f"monitor:{day.isoformat()}",
                )
        except UnknownLvv as exc:
            raise CommandError(str(exc)) from exc
        if options["suppress_small_cells"]:
            result = suppress_small_cells(result)
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        elif fmt == "csv":
            self.stdout.write(render_csv(result), ending="")
        else:
            self.stdout.write(render_table(result), ending="")

    def _actor(self, username: str | None):
        if not username:
            return system_actor()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Onbekende of inactieve gebruiker."))
        return user
