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
