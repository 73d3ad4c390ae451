"""Users per role and a logged-in client for the case worker pages."""

from __future__ import annotations

import pytest

from lvv.roles import Role
from lvv.testing.builders import make_user
from lvv.testing.web import login_verified

ROLE_USERS = {
    "director": ("regisseur-a", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"]),
    "counsellor": ("begeleider-a", [Role.COUNSELLOR], "NGO-AMS", ["AMS"]),
    "ind": ("ind-a", [Role.IND_OFFICER], "IND", ["AMS"]),
    "dtv": ("dtv-a", [Role.DTV_OFFICER], "DTV", ["AMS"]),
    "mrt": ("mrt-a", [Role.MRT_MEMBER], "MRT", []),
    "police": ("politie-a", [Role.POLICE_OFFICER], "AVIM", []),
    "analyst": ("analist-a", [Role.PROGRAMME_ANALYST], "PROGRAMMA", []),
    "director_rtm": ("regisseur-r", [Role.CASE_DIRECTOR], "GEM-RTM", ["RTM"]),
}


@pytest.fixture
def users(db):
    return {key: make_user(*spec) for key, spec in ROLE_USERS.items()}


@pytest.fixture
def login(client):
    def do(user):
        client.logout()
        login_verified(client, user)
        return client

    return do
