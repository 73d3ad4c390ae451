"""Demo and generated data never belong in a production database."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError


def refuse_in_production(command: str) -> None:
    """Stop ``command`` unless the installation runs in the embedded/development mode.

    Demo accounts share one published password and one published two-factor key; generated
    cases are indistinguishable from real ones in lists. Production is DEBUG off without
    ``LVV_EMBEDDED`` (see ``lvv/config.py``).
    """
    if settings.LVV_PRODUCTION:
        raise CommandError(
            f"'lvv {command}' weigert in productie: demo-accounts hebben een openbaar "
            "wachtwoord en een openbare tweestapssleutel. Alleen in de ingebouwde demo- of "
            "ontwikkelmodus (LVV_EMBEDDED=1 of DEBUG=1).\n"
            f"'lvv {command}' refuses to run in production: demo accounts have a published "
            "password and two-factor key. Only in the embedded demo or development mode "
            "(LVV_EMBEDDED=1 or DEBUG=1)."
        )
