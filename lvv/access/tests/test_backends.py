"""The signed-in user is loaded with its organisation, and an inactive user is not."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvv.access.backends import UserBackend
from lvv.testing.builders import make_user

pytestmark = pytest.mark.django_db


def test_user_comes_with_its_organisation_in_one_query():
    user = make_user("regisseur", ["case_director"], "GEM-AMS", ["AMS"])
    with CaptureQueriesContext(connection) as queries:
        loaded = UserBackend().get_user(user.pk)
        assert loaded.organisation.code == "GEM-AMS"
    assert len(queries) == 1


def test_inactive_or_unknown_users_are_not_signed_in():
    user = make_user("oud", ["case_director"], "GEM-AMS", ["AMS"])
    user.is_active = False
    user.save()
    assert UserBackend().get_user(user.pk) is None
    assert UserBackend().get_user(999999) is None
