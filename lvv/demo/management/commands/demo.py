"""``lvv demo``: synthetic demo history through the case services, plus one account per role."""

from __future__ import annotations

import time

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.cases.models import Case
from lvv.demo.executor import DemoActors
from lvv.demo.guard import refuse_in_production
from lvv.demo.history import DEFAULT_CASES, DEFAULT_SEED, DemoLoader
from lvv.demo.report import accounts_table, dutch_seconds, figures_table
from lvv.demo.users import DEMO_PASSWORD, demo_totp_secret, demo_users_create


class Command(BaseCommand):
    help = _("Laadt synthetische demodata via de casusservices en maakt een demo-account per rol.")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--password",
            default=None,
            help=_("Wachtwoord voor alle demo-accounts (standaard %(pw)s).")
            % {"pw": DEMO_PASSWORD},
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Niets doen als er al casussen zijn (voor ./dev start)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=_("Startwaarde van de toevalsgenerator; dezelfde waarde geeft dezelfde demo."),
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help=_("Aantal casussen (standaard %(n)d).") % {"n": DEFAULT_CASES},
        )
        parser.add_argument(
            "--users-only",
            action="store_true",
            help=_("Alleen de demo-accounts aanmaken of bijwerken, geen casussen."),
        )

    def handle(self, *args, **options) -> None:
        refuse_in_production("demo")
        has_cases = Case.objects.exists()
        if options["if_empty"] and has_cases:
            self.stdout.write(_("Er zijn al casussen; de demodata wordt niet opnieuw geladen."))
            return
        if has_cases and not options["users_only"]:
            raise CommandError(
                _(
                    "Er staan al casussen in de database. De demo hoort in een lege database; "
                    "gebruik --if-empty om dit over te slaan of --users-only voor alleen de "
                    "demo-accounts."
                )
            )
        password = options["password"] or DEMO_PASSWORD
        if options["password"]:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        started = time.perf_counter()
        created = demo_users_create(password)
        if not options["users_only"]:
            actors = DemoActors({user.username: user for _account, user in created})
            loader = DemoLoader(actors=actors, seed=options["seed"], today=timezone.localdate())
            summary = loader.run(options["cases"])
            self.stdout.write(
                _(
                    "Demodata geladen: %(cases)d casussen van %(persons)d personen, "
                    "%(corrections)d correcties, %(meetings)d LSO-overleggen (%(seconds)s s)."
                )
                % {
                    "cases": summary.cases,
                    "persons": summary.persons,
                    "corrections": summary.corrections,
                    "meetings": summary.meetings,
                    "seconds": dutch_seconds(time.perf_counter() - started),
                }
            )
            self.stdout.write(figures_table())
        self.stdout.write("")
        self.stdout.write(accounts_table([account for account, _user in created], password))
        self.stdout.write("")
        self.stdout.write(
            _(
                "Tweestapsverificatie: de accounts die persoonsgegevens zien gebruiken allemaal "
                "de demo-sleutel %(secret)s. Voeg die toe aan een authenticator-app, of vraag de "
                "actuele code op met: lvv demo-code"
            )
            % {"secret": demo_totp_secret()}
        )
