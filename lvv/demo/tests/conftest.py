"""One small demo per test module: the demo is slow-ish (real services), so it is loaded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

DEMO_CASES = 45


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> str:
    """Load a small demo inside a transaction that is rolled back after the module."""
    from django.conf import settings

    hashers = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", "--cases", str(DEMO_CASES), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
    settings.PASSWORD_HASHERS = hashers
