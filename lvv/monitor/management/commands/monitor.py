"""``lvv monitor --reference-date YYYY-MM-DD [--lvv CODE] --format json|csv|table``.

``--further`` adds the durations, the final evaluation and the further figures (the figures
page's tables); ``--cohort-from/--cohort-to`` prints the cohort view instead. The figures come
from the same functions as the pages and their downloads (``lvv.monitor.publication``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lvv.access.models import User
from lvv.access.system import system_actor
from lvv.monitor.cohort import horizon_label, status_labels
from lvv.monitor.definitions import TOTAL, figure_labels, flatten
from lvv.monitor.figures import UnknownLvv, monitor_figures
from lvv.monitor.further import flatten_further, further_labels
from lvv.monitor.publication import cohort_publication, page_figures, suppress_page
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
    flats = [flatten(block) for block in figures.values()]
    rows = [[labels[key], *(str(flat[key]) for flat in flats)] for key in flats[0]]
    title = _("peildatum %(date)s") % {"date": result["reference_date"]}
    return _grid(title, [_column(code) for code in figures], rows)


def _column(code: str) -> str:
    return code if code != TOTAL else _("totaal")


def _value(value) -> str:
    return "-" if value is None else str(value)


def further_rows(published: dict) -> list[tuple[str, str, list]]:
    """``(key, Dutch label, values per LVV and total)`` of the durations, the evaluation and
    the further figures, in the order of the figures page."""
    extra, further = published["extra"]["figures"], published["further"]["figures"]
    codes = list(extra)
    rows = []
    for part in ("median_days", "evaluation"):
        for key in extra[TOTAL][part]:
            rows.append((f"{part}.{key}", f"{part}.{key}", [extra[c][part][key] for c in codes]))
    labels = further_labels(further[TOTAL])
    flats = {code: flatten_further(further[code]) for code in codes}
    for key in flats[TOTAL]:
        rows.append((key, labels.get(key, key), [flats[c][key] for c in codes]))
    return rows


def render_cohort(cohort: dict, fmt: str) -> str:
    labels = status_labels()
    horizons = [str(h) for h in cohort["horizons"]]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["reference_date", "first", "last", "lvv", "status", *horizons])
        meta = [cohort["reference_date"], cohort["first"], cohort["last"]]
        for code, block in cohort["groups"].items():
            writer.writerow([*meta, code, "size", *[block["size"]] * len(horizons)])
            for status in cohort["statuses"]:
                values = [block["horizons"][h][status] for h in horizons]
                writer.writerow([*meta, code, status, *values])
        return out.getvalue()
    parts = []
    for code, block in cohort["groups"].items():
        rows = [[_("cohort"), *[str(block["size"])] * len(horizons)]]
        for status in cohort["statuses"]:
            values = [_value(block["horizons"][h][status]) for h in horizons]
            rows.append([labels[status], *values])
        title = _("%(lvv)s, intake %(first)s tot en met %(last)s") % {
            "lvv": _column(code),
            "first": cohort["first"],
            "last": cohort["last"],
        }
        parts.append(_grid(title, [horizon_label(h) for h in horizons], rows))
    return "\n".join(parts)


def _grid(title: str, columns: list[str], rows: list[list[str]]) -> str:
    header = [title, *columns]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def _date(value: str, message: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(message) from exc


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
        parser.add_argument(
            "--further",
            action="store_true",
            help=_("ook de doorlooptijden, de eindevaluatie en de verdere cijfers"),
        )
        parser.add_argument(
            "--period-start",
            help=_("begin van de periode van de verdere cijfers (JJJJ-MM-DD; leeg: 1 januari)"),
        )
        parser.add_argument(
            "--cohort-from", help=_("cohort: eerste intakedatum (JJJJ-MM-DD); toont het cohort")
        )
        parser.add_argument("--cohort-to", help=_("cohort: laatste intakedatum (JJJJ-MM-DD)"))
        parser.add_argument("--as", dest="username", help=_("handelende gebruiker"))

    def handle(self, *args, **options) -> None:
        message = _("De peildatum is geen datum in de vorm JJJJ-MM-DD.")
        day = _date(options["reference_date"], message)
        actor = self._actor(options.get("username"))
        if options["cohort_from"] or options["cohort_to"]:
            self._cohort(day, actor, options)
            return
        start = None
        if options["period_start"]:
            start = _date(options["period_start"], _("Het begin van de periode is geen datum."))
        try:
            if options["save"]:
                result = measurement_save(
                    actor=actor, reference_date=day, lvv_codes=options["lvv"]
                ).figures
            else:
                result = monitor_figures(day, options["lvv"])
                self._log(actor, f"monitor:{day.isoformat()}")
            published = None
            if options["further"]:
                published = page_figures(day, options["lvv"], period_start=start)
        except UnknownLvv as exc:
            raise CommandError(str(exc)) from exc
        suppress = options["suppress_small_cells"]
        if published is not None:
            published["figures"] = result  # equal; the saved ones, with --save
            if suppress:
                parts = suppress_page(
                    published["figures"], published["extra"], published["further"]
                )
                published = dict(zip(("figures", "extra", "further"), parts, strict=True))
            result = published["figures"]
        elif suppress:
            result = suppress_small_cells(result)
        self._write(result, published, options["format"])

    def _write(self, result: dict, published: dict | None, fmt: str) -> None:
        if fmt == "json":
            if published is not None:
                result = {**result, "extra": published["extra"], "further": published["further"]}
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        elif fmt == "csv":
            self.stdout.write(render_csv(result), ending="")
            if published is not None:
                self.stdout.write(self._further_csv(published), ending="")
        else:
            self.stdout.write(render_table(result), ending="")
            if published is not None:
                codes = [_column(code) for code in published["extra"]["figures"]]
                rows = [[label, *map(_value, v)] for _k, label, v in further_rows(published)]
                self.stdout.write("\n" + _grid(_("verdere cijfers"), codes, rows), ending="")

    def _cohort(self, day: dt.date, actor, options) -> None:
        if not (options["cohort_from"] and options["cohort_to"]):
            raise CommandError(_("Geef zowel --cohort-from als --cohort-to."))
        message = _("Een cohortdatum is geen datum in de vorm JJJJ-MM-DD.")
        first = _date(options["cohort_from"], message)
        last = _date(options["cohort_to"], message)
        try:
            cohort = cohort_publication(
                first, last, day, options["lvv"], suppress=options["suppress_small_cells"]
            )
        except UnknownLvv as exc:
            raise CommandError(str(exc)) from exc
        self._log(actor, f"monitor-cohort:{first.isoformat()}:{last.isoformat()}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(cohort, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(render_cohort(cohort, options["format"]), ending="")

    @staticmethod
    def _further_csv(published: dict) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        codes = list(published["extra"]["figures"])
        writer.writerow(["reference_date", "figure", *codes])
        for key, _label, values in further_rows(published):
            writer.writerow([published["figures"]["reference_date"], key, *map(_value, values)])
        return out.getvalue()

    @staticmethod
    def _log(actor, resource: str) -> None:
        processing_record(
            actor=actor, operation=Operation.READ, activity=Activity.MONITOR, resource=resource
        )

    def _actor(self, username: str | None):
        if not username:
            return system_actor()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Onbekende of inactieve gebruiker."))
        return user
