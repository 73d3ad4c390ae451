"""The administration page for partner applications: issue (shown once), revoke, deactivate."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lvv.access.roles import Role
from lvv.api.models import ApiApplication, ApiToken
from lvv.api.tests.conftest import client_for
from lvv.organisations.models import Organisation
from lvv.testing.builders import make_user
from lvv.testing.web import login_verified


@pytest.fixture
def administrator(db):
    return make_user("beheerder", [Role.ADMINISTRATOR], "PROGRAMMA")


@pytest.fixture
def application(db):
    return ApiApplication.objects.create(
        name="IND koppeling", organisation=Organisation.objects.get(code="IND")
    )


def test_an_administrator_adds_an_application(client, administrator):
    login_verified(client, administrator)
    ind = Organisation.objects.get(code="IND")
    response = client.post(
        reverse("admin:api_apiapplication_add"), {"name": "IND koppeling", "organisation": ind.pk}
    )
    assert response.status_code == 302
    assert ApiApplication.objects.get().organisation == ind


def test_an_issued_token_is_shown_once_and_works(client, administrator, application):
    login_verified(client, administrator)
    url = reverse("admin:api_apiapplication_token_issue", args=[application.pk])
    assert "Geldig (dagen)" in client.get(url).content.decode()
    response = client.post(url, {"days": "30"})
    page = response.content.decode()
    assert "maar één keer getoond" in page
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    secret = page.split('<code id="api-token">')[1].split("</code>")[0]
    assert secret.startswith(token.prefix) and token.issued_by == administrator
    # Never again: the application's page shows only the first characters.
    change = client.get(reverse("admin:api_apiapplication_change", args=[application.pk]))
    assert token.prefix in change.content.decode() and secret not in change.content.decode()
    ind_officer = make_user("ind", [Role.IND_OFFICER], "IND", ["AMS"])
    assert client_for(ind_officer, secret).get("/api/v1/cases/").status_code == 200


def test_too_long_a_validity_is_refused_on_the_page(client, administrator, application):
    login_verified(client, administrator)
    url = reverse("admin:api_apiapplication_token_issue", args=[application.pk])
    response = client.post(url, {"days": "400"})
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_a_token_is_revoked_and_an_application_deactivated(client, administrator, application):
    login_verified(client, administrator)
    client.post(reverse("admin:api_apiapplication_token_issue", args=[application.pk]), {"days": 9})
    client.post(reverse("admin:api_apiapplication_token_issue", args=[application.pk]), {"days": 9})
    first, second = ApiToken.objects.order_by("pk")
    revoke = reverse("admin:api_apiapplication_token_revoke", args=[application.pk, first.pk])
    assert "intrekken" in client.get(revoke).content.decode()
    assert client.post(revoke).status_code == 302
    first.refresh_from_db()
    assert first.revoked_by == administrator
    client.post(reverse("admin:api_apiapplication_deactivate", args=[application.pk]))
    application.refresh_from_db()
    second.refresh_from_db()
    assert not application.is_active and second.revoked_at is not None


def test_only_the_administrator_reaches_the_page(client, db, application):
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    director.is_superuser = director.is_staff = True
    director.save()
    login_verified(client, director)
    for url in (
        reverse("admin:api_apiapplication_changelist"),
        reverse("admin:api_apiapplication_token_issue", args=[application.pk]),
    ):
        assert client.get(url).status_code == 302  # to the login: not the administration
    assert not ApiToken.objects.exists()


def test_the_administrator_needs_the_second_factor_here_too(client, administrator, application):
    client.force_login(administrator)
    url = reverse("admin:api_apiapplication_token_issue", args=[application.pk])
    assert client.post(url, {"days": "30"}).status_code == 302
    assert not ApiToken.objects.exists()
