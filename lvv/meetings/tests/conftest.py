"""Users around one LSO table (Amsterdam) and one outside it (Rotterdam)."""

from __future__ import annotations

import pytest

from lvv.roles import Role
from lvv.testing.builders import make_user


@pytest.fixture
def director(db):
    return make_user("regisseur-lso", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


@pytest.fixture
def ind_officer(db):
    return make_user("ind-lso", [Role.IND_OFFICER], "IND", ["AMS"])


@pytest.fixture
def ngo_counsellor(db):
    return make_user("begeleider-lso", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])


@pytest.fixture
def rtm_director(db):
    return make_user("regisseur-rtm", [Role.CASE_DIRECTOR], "GEM-RTM", ["RTM"])


@pytest.fixture
def mrt_member(db):
    return make_user("mrt-lid", [Role.MRT_MEMBER], "MRT", [])
