"""Partner applications with a token, and API clients acting as a given person."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lvv.access.system import system_actor
from lvv.api.authentication import ACTING_USER_HEADER
from lvv.api.services.credentials import api_token_issue


def issue_token(organisation, name: str | None = None, days: int = 90) -> str:
    issued = api_token_issue(
        organisation=organisation,
        name=name or f"{organisation.code} koppeling",
        days=days,
        actor=system_actor(),
    )
    return issued.secret


def client_for(user, secret: str | None = None) -> APIClient:
    """An API client of ``user``'s organisation's application, acting as ``user``."""
    client = APIClient()
    secret = secret or issue_token(user.organisation)
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {secret}", **{header_key(ACTING_USER_HEADER): user.username}
    )
    return client


def header_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


@pytest.fixture
def api_as():
    return client_for
