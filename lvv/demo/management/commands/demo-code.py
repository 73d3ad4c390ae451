"""``lvv demo-code``: the current two-factor code of the demo accounts (demo key only)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lvv.demo.guard import refuse_in_production
from lvv.demo.users import demo_totp_code


class Command(BaseCommand):
    help = _("Toont de actuele tweestapscode van de demo-accounts (30 seconden geldig).")

    def handle(self, *args, **options) -> None:
        refuse_in_production("demo-code")
        self.stdout.write(demo_totp_code())
