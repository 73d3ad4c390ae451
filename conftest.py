"""Fixtures shared by every test module."""

import pytest


def pytest_runtest_setup(item):
    """Tests marked ``postgres_only`` are skipped automatically on any other database."""
    if item.get_closest_marker("postgres_only"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (row locks, real concurrent connections)")


@pytest.fixture
def system_user(db):
    from lvv.access.system import system_actor

    return system_actor()


@pytest.fixture
def case_director(db):
    from lvv.testing.builders import make_user

    return make_user("regisseur-ams", ["case_director"], "GEM-AMS", ["AMS"])


@pytest.fixture
def counsellor(db):
    from lvv.testing.builders import make_user

    return make_user("begeleider-ams", ["counsellor"], "NGO-AMS", ["AMS"])


@pytest.fixture
def ams(db):
    from lvv.organisations.models import Lvv

    return Lvv.objects.get(code="AMS")


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 is deliberately slow, so tests hash with MD5 - except those marked
    ``real_password_hashers``, which run with the hashers of lvv/settings.py untouched."""
    if request.node.get_closest_marker("real_password_hashers"):
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    """Transactional tests on PostgreSQL end with Django's flush: TRUNCATE of every table.

    The append-only tables refuse TRUNCATE (lvv/processing_log/append_only.py) except in the
    owner's documented maintenance mode ``reset``; the test suite's flush uses it, nothing
    else does.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    from lvv.processing_log.append_only import MAINTENANCE_SETTING, RESET

    original = DatabaseOperations.sql_flush
    if getattr(original, "lvv_reset", False):
        return

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        return [f"SET LOCAL {MAINTENANCE_SETTING} = '{RESET}'", *statements] if statements else []

    sql_flush.lvv_reset = True
    DatabaseOperations.sql_flush = sql_flush
