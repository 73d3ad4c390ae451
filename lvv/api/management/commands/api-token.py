"""``lvv api-token issue|list|revoke``: credentials of partner applications, for administrators.

The token is printed once, by ``issue``; nothing can show it again (only its digest is
stored). ``list`` shows the first characters of each token, enough to recognise it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lvv.access.system import system_actor
from lvv.api.models import ApiApplication, ApiToken
from lvv.api.services.credentials import CredentialError, api_token_issue, api_token_revoke
from lvv.organisations.models import Organisation


class Command(BaseCommand):
    help = "Sleutels van koppelingen van partnersystemen uitgeven, tonen en intrekken."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        issue = sub.add_parser("issue", help="een nieuwe sleutel uitgeven (eenmalig getoond)")
        issue.add_argument("--organisation", required=True, help="code, bijvoorbeeld IND")
        issue.add_argument(
            "--name", required=True, help='naam van de koppeling, bv. "IND koppeling"'
        )
        issue.add_argument(
            "--days", type=int, default=90, help="geldigheid in dagen (standaard 90)"
        )
        listing = sub.add_parser("list", help="koppelingen en hun sleutels tonen")
        listing.add_argument("--organisation", help="alleen deze organisatie (code)")
        revoke = sub.add_parser(
            "revoke", help="een sleutel of alle sleutels van een koppeling intrekken"
        )
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--id", type=int, help="nummer van de sleutel (zie list)")
        which.add_argument("--name", help="alle sleutels van deze koppeling")

    def handle(self, *args, subcommand: str, **options):
        getattr(self, f"_{subcommand}")(**options)

    def _issue(self, *, organisation: str, name: str, days: int, **options):
        org = Organisation.objects.filter(code=organisation).first()
        if org is None:
            raise CommandError(f"Onbekende organisatie: {organisation}")
        try:
            issued = api_token_issue(organisation=org, name=name, days=days, actor=system_actor())
        except CredentialError as error:
            raise CommandError(str(error)) from error
        token = issued.token
        self.stdout.write(
            f"Sleutel {token.pk} voor koppeling '{token.application.name}' ({org.code}), "
            f"geldig tot {timezone.localtime(token.expires_at):%d-%m-%Y %H:%M}.\n"
            "Kopieer hem nu: hij wordt maar één keer getoond.\n"
        )
        self.stdout.write(issued.secret)

    def _list(self, *, organisation: str | None = None, **options):
        applications = ApiApplication.objects.select_related("organisation").prefetch_related(
            "tokens"
        )
        if organisation:
            applications = applications.filter(organisation__code=organisation)
        for application in applications:
            state = "actief" if application.is_active else "gedeactiveerd"
            self.stdout.write(f"{application.name} ({application.organisation.code}, {state})")
            for token in application.tokens.all():
                used = (
                    f"{timezone.localtime(token.last_used_at):%d-%m-%Y %H:%M}"
                    if token.last_used_at
                    else "nooit"
                )
                self.stdout.write(
                    f"  {token.pk:>5}  {token.prefix}…  {token.status:<18} "
                    f"tot {timezone.localtime(token.expires_at):%d-%m-%Y}  laatst gebruikt: {used}"
                )

    def _revoke(self, *, id: int | None = None, name: str | None = None, **options):
        actor = system_actor()
        if id is not None:
            token = ApiToken.objects.filter(pk=id).first()
            if token is None:
                raise CommandError(f"Geen sleutel met nummer {id}.")
            tokens = [token]
        else:
            application = ApiApplication.objects.filter(name=name).first()
            if application is None:
                raise CommandError(f"Geen koppeling met de naam '{name}'.")
            tokens = list(application.tokens.filter(revoked_at__isnull=True))
        revoked = sum(api_token_revoke(token=token, actor=actor) for token in tokens)
        self.stdout.write(f"{revoked} sleutel(s) ingetrokken.")
