"""``lvv create-admin``: the first functional administrator of a new installation.

The password is asked twice (or read from ``LVV_ADMIN_PASSWORD`` for unattended
installation) and must pass the password validators; the second factor is enrolled at the
first login. Refused once an active administrator exists: later accounts are made in
/beheer/, where every change is recorded.
"""

from __future__ import annotations

import getpass
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lvv.access.services import AdministrationRefused, first_administrator_create
from lvv.organisations.models import Organisation


class Command(BaseCommand):
    help = "Maakt de eerste functioneel beheerder aan / creates the first administrator."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--username", default=os.environ.get("LVV_ADMIN_USERNAME"), help="gebruikersnaam"
        )
        parser.add_argument("--email", default=os.environ.get("LVV_ADMIN_EMAIL", ""))
        parser.add_argument(
            "--organisation",
            default=os.environ.get("LVV_ADMIN_ORGANISATION", "PROGRAMMA"),
            help="code van de organisatie (standaard PROGRAMMA)",
        )

    def handle(self, *args, **options) -> None:
        username = options["username"] or input("Gebruikersnaam / username: ").strip()
        if not username:
            raise CommandError("Geef een gebruikersnaam / give a username.")
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if options["organisation"] and organisation is None:
            raise CommandError(
                f"Onbekende organisatie / unknown organisation: {options['organisation']}"
            )
        password = os.environ.get("LVV_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Wachtwoord / password: ")
            if password != getpass.getpass("Nogmaals / again: "):
                raise CommandError("De wachtwoorden verschillen / the passwords differ.")
        # Commands run without a language; the password rules speak the installation's.
        with translation.override(settings.LANGUAGE_CODE):
            try:
                user = first_administrator_create(
                    username=username,
                    password=password,
                    email=options["email"],
                    organisation=organisation,
                )
            except ValidationError as invalid:
                raise CommandError(" ".join(invalid.messages)) from invalid
            except AdministrationRefused as refused:
                raise CommandError(str(refused)) from refused
        self.stdout.write(
            f"Functioneel beheerder {user.username} aangemaakt. Bij de eerste keer inloggen "
            "stelt die tweestapsverificatie in.\n"
            f"Administrator {user.username} created; two-factor authentication is set up at "
            "the first login."
        )
