"""The administration of partner applications (/beheer/koppelingen/): issue (shown once),
revoke, deactivate - behind the policy, in the administration log."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lvv.access.models import AdministrationLogEntry
from lvv.api.models import ApiApplication, ApiToken
from lvv.api.tests.conftest import client_for
from lvv.organisations.models import Organisation
from lvv.roles import Role
from lvv.testing.builders import make_user
from lvv.testing.web import login_verified


@pytest.fixture
def administrator(db):
    return make_user("beheerder", [Role.ADMINISTRATOR], "PROGRAMMA")


def _secret(response) -> str:
    return re.search(r'<code id="api-token">([^<]+)</code>', response.content.decode()).group(1)


def test_an_administrator_issues_a_token_that_is_shown_once_and_works(client, administrator):
    login_verified(client, administrator)
    ind = Organisation.objects.get(code="IND")
    response = client.post(
        reverse("web:admin_api_applications"),
        {"name": "IND koppeling", "organisation": ind.pk, "days": "30"},
    )
    assert response.status_code == 200
    assert "maar één keer getoond" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    secret = _secret(response)
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix) and token.issued_by == administrator
    assert token.application.organisation == ind
    # Never again: the application's page shows only the first characters.
    page = client.get(reverse("web:admin_api_application", args=[token.application_id]))
    assert token.prefix in page.content.decode() and secret not in page.content.decode()
    ind_officer = make_user("ind", [Role.IND_OFFICER], "IND", ["AMS"])
    assert client_for(ind_officer, secret).get("/api/v1/cases/").status_code == 200
    entry = AdministrationLogEntry.objects.get(kind="api_credentials")
    assert entry.actor_username == "beheerder" and secret not in str(entry.after)
    assert entry.after["sleutel"] == token.prefix


def test_too_long_a_validity_is_refused_with_a_dutch_message(client, administrator):
    login_verified(client, administrator)
    ind = Organisation.objects.get(code="IND")
    response = client.post(
        reverse("web:admin_api_applications"),
        {"name": "IND koppeling", "organisation": ind.pk, "days": "400"},
    )
    assert "1 tot 365 dagen" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_is_revoked_and_an_application_deactivated(client, administrator):
    login_verified(client, administrator)
    application = ApiApplication.objects.create(
        name="DTV koppeling", organisation=Organisation.objects.get(code="DTV")
    )
    url = reverse("web:admin_api_application", args=[application.pk])
    for _ in range(2):
        client.post(url, {"days": "9"})
    first, second = ApiToken.objects.order_by("pk")
    revoke = reverse("web:admin_api_token_revoke", args=[application.pk, first.pk])
    assert client.get(revoke).status_code == 405  # only by the button (POST)
    assert client.post(revoke).status_code == 302
    first.refresh_from_db()
    assert first.revoked_by == administrator
    client.post(reverse("web:admin_api_application_deactivate", args=[application.pk]))
    application.refresh_from_db()
    second.refresh_from_db()
    assert not application.is_active and second.revoked_at is not None
    details = list(
        AdministrationLogEntry.objects.filter(kind="api_credentials")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [
        "API-koppeling DTV koppeling: sleutel uitgegeven",
        "API-koppeling DTV koppeling: sleutel uitgegeven",
        "API-koppeling DTV koppeling: sleutel ingetrokken",
        "API-koppeling DTV koppeling: gedeactiveerd",
    ]


def test_only_the_administrator_reaches_the_pages(client, db):
    application = ApiApplication.objects.create(
        name="IND koppeling", organisation=Organisation.objects.get(code="IND")
    )
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    director.is_superuser = director.is_staff = True
    director.save()
    login_verified(client, director)
    for url in (
        reverse("web:admin_api_applications"),
        reverse("web:admin_api_application", args=[application.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("web:admin_api_application", args=[application.pk]), {"days": 9}
        ).status_code
        == 404
    )
    assert not ApiToken.objects.exists()


def test_the_administrator_needs_the_second_factor_here_too(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("web:admin_api_applications"))
    assert response.status_code == 302
