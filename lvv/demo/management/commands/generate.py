"""``lvv generate``: many synthetic cases in bulk, for benchmarks (see ``lvv.demo.generator``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.demo.generator import DEFAULT_BATCH, Generator
from lvv.demo.guard import refuse_in_production
from lvv.demo.report import dutch_number as _number
from lvv.demo.report import dutch_seconds, figures_table


class Command(BaseCommand):
    help = _(
        "Genereert snel synthetische casussen voor prestatietests, met dezelfde "
        "controles als invoer met de hand."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--cases", type=int, required=True, help=_("Aantal te genereren casussen.")
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help=_("Startwaarde van de toevalsgenerator; dezelfde waarde geeft dezelfde data."),
        )
        parser.add_argument(
            "--lvv",
            nargs="+",
            default=[],
            metavar="CODE",
            help=_("Alleen deze LVV's (bijvoorbeeld AMS RTM); standaard alle."),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=_("Casussen per transactie (standaard %(n)d).") % {"n": DEFAULT_BATCH},
        )

    def handle(self, *args, **options) -> None:
        refuse_in_production("generate")
        if options["cases"] < 1 or options["batch_size"] < 1:
            raise CommandError(_("Het aantal casussen en de batchgrootte moeten positief zijn."))
        try:
            generator = Generator(
                seed=options["seed"],
                today=timezone.localdate(),
                lvv_codes=options["lvv"],
                batch_size=options["batch_size"],
            )
        except ValueError as exc:
            raise CommandError(
                _("Onbekende LVV-code: %(codes)s") % {"codes": " ".join(options["lvv"])}
            ) from exc

        def progress(done: int, wanted: int, seconds: float) -> None:
            self.stdout.write(
                _("  %(done)s / %(wanted)s casussen (%(rate)s casussen/s)")
                % {
                    "done": _number(done),
                    "wanted": _number(wanted),
                    "rate": _number(done / seconds if seconds else 0),
                }
            )

        result = generator.run(options["cases"], progress=progress)
        self.stdout.write(
            _(
                "Klaar: %(cases)s casussen van %(persons)s personen met %(events)s "
                "gebeurtenissen in %(seconds)s s (%(rate)s casussen/s)."
            )
            % {
                "cases": _number(result.cases),
                "persons": _number(result.persons),
                "events": _number(result.events),
                "seconds": dutch_seconds(result.seconds),
                "rate": _number(result.rate),
            }
        )
        self.stdout.write(figures_table())
