"""Application tokens: hashed, shown once, expiring, revocable; the acting person named."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from lvv.access.system import system_actor
from lvv.api.authentication import ACTING_USER_HEADER
from lvv.api.models import ApiApplication, ApiToken
from lvv.api.services.credentials import (
    CredentialError,
    api_application_deactivate,
    api_token_issue,
    api_token_revoke,
)
from lvv.api.tests.conftest import client_for, header_key, issue_token
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Organisation
from lvv.roles import Role
from lvv.testing.builders import build_case, make_user


@pytest.fixture
def ind_officer(db):
    return make_user("ind-medewerker", [Role.IND_OFFICER], "IND", ["AMS"])


def _client(secret: str, username: str | None) -> APIClient:
    client = APIClient()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if username is not None:
        headers[header_key(ACTING_USER_HEADER)] = username
    client.credentials(**headers)
    return client


def test_only_the_digest_of_a_token_is_stored(ind_officer):
    secret = issue_token(ind_officer.organisation)
    assert secret.startswith("lvv_") and len(secret) > 40
    token = ApiToken.objects.get()
    stored = [str(getattr(token, field.attname)) for field in ApiToken._meta.concrete_fields]
    assert not any(secret in value for value in stored)
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 3


def test_the_acting_person_decides_what_the_call_may_see(ind_officer):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    build_case(Stage.GUIDANCE, lvv="UTR")
    other_ind = make_user("ind-utrecht", [Role.IND_OFFICER], "IND", ["UTR"])
    secret = issue_token(ind_officer.organisation)
    ams = _client(secret, ind_officer.username).get("/api/v1/cases/").json()["results"]
    utr = _client(secret, other_ind.username).get("/api/v1/cases/").json()["results"]
    assert [row["id"] for row in ams] == [own.pk]
    assert [row["lvv"] for row in utr] == ["UTR"]


def test_no_second_factor_is_asked_of_an_application_call(ind_officer):
    """The IND officer has no authenticator at all: the application's token stands in."""
    from lvv.access.two_factor import has_two_factor, needs_two_factor

    assert needs_two_factor(ind_officer) and not has_two_factor(ind_officer)
    assert client_for(ind_officer).get("/api/v1/cases/").status_code == 200


@pytest.mark.parametrize(
    "who",
    ["missing", "unknown", "other_organisation", "inactive", "system", "too_long"],
)
def test_the_acting_person_must_be_an_active_user_of_the_applications_organisation(
    ind_officer, who
):
    secret = issue_token(ind_officer.organisation)
    outsider = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    gone = make_user("ind-vertrokken", [Role.IND_OFFICER], "IND", ["AMS"])
    gone.is_active = False
    gone.save()
    system = system_actor()
    system.organisation = Organisation.objects.get(code="IND")  # even if it were IND's
    system.save()
    username = {
        "missing": None,
        "unknown": "niemand",
        "other_organisation": outsider.username,
        "inactive": gone.username,
        "system": system.username,
        "too_long": "x" * 500,
    }[who]
    response = _client(secret, username).get("/api/v1/cases/")
    assert response.status_code == 401
    assert ACTING_USER_HEADER in response.json()["detail"]


def test_expired_revoked_and_deactivated_credentials_are_refused(ind_officer):
    expired, revoked, stopped = (issue_token(ind_officer.organisation, f"k{i}") for i in range(3))
    ApiToken.objects.filter(prefix=expired[:12]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    api_token_revoke(token=ApiToken.objects.get(prefix=revoked[:12]), actor=system_actor())
    api_application_deactivate(
        application=ApiApplication.objects.get(name="k2"), actor=system_actor()
    )
    for secret in (expired, revoked, stopped, "lvv_onzin", "geen-sleutel"):
        response = _client(secret, ind_officer.username).get("/api/v1/cases/")
        assert response.status_code == 401, secret
        assert "onbekend, verlopen of ingetrokken" in response.json()["detail"]


def test_the_old_plain_token_scheme_is_gone(ind_officer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get("/api/v1/cases/").status_code == 401
    assert "rest_framework.authtoken" not in __import__("django.conf").conf.settings.INSTALLED_APPS


def test_a_malformed_authorization_header_is_refused_in_dutch(ind_officer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer twee delen")
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert "Bearer <sleutel>" in response.json()["detail"]


def test_use_is_noted_at_most_once_a_minute(ind_officer):
    secret = issue_token(ind_officer.organisation)
    client = _client(secret, ind_officer.username)
    client.get("/api/v1/cases/")
    first = ApiToken.objects.get().last_used_at
    client.get("/api/v1/cases/")
    assert first is not None and ApiToken.objects.get().last_used_at == first


def test_issuing_checks_days_name_and_organisation(ind_officer):
    ind = ind_officer.organisation
    dtv = Organisation.objects.get(code="DTV")
    for days in (0, 366):
        with pytest.raises(CredentialError, match="1 tot 365 dagen"):
            api_token_issue(organisation=ind, name="IND koppeling", days=days, actor=None)
    with pytest.raises(CredentialError, match="naam"):
        api_token_issue(organisation=ind, name="  ", days=90, actor=None)
    api_token_issue(organisation=ind, name="IND koppeling", days=90, actor=None)
    with pytest.raises(CredentialError, match="andere organisatie"):
        api_token_issue(organisation=dtv, name="IND koppeling", days=90, actor=None)
    api_application_deactivate(application=ApiApplication.objects.get(), actor=None)
    with pytest.raises(CredentialError, match="gedeactiveerd"):
        api_token_issue(organisation=ind, name="IND koppeling", days=90, actor=None)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("api-token", *args, stdout=out)
    return out.getvalue()


def test_the_command_issues_lists_and_revokes(ind_officer):
    issued = _run("issue", "--organisation", "IND", "--name", "IND koppeling", "--days", "90")
    secret = issued.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.application.organisation.code == "IND"
    assert token.issued_by == system_actor()
    expected_expiry = timezone.now() + dt.timedelta(days=90)
    assert abs((token.expires_at - expected_expiry).total_seconds()) < 60
    assert _client(secret, ind_officer.username).get("/api/v1/cases/").status_code == 200

    listing = _run("list")
    assert "IND koppeling (IND, actief)" in listing and token.prefix in listing
    assert secret not in listing

    _run("revoke", "--id", str(token.pk))
    assert _client(secret, ind_officer.username).get("/api/v1/cases/").status_code == 401
    assert "ingetrokken" in _run("list", "--organisation", "IND")


def test_the_command_revokes_every_token_of_an_application(ind_officer):
    for _ in range(2):
        _run("issue", "--organisation", "IND", "--name", "IND koppeling")
    assert "2 sleutel(s) ingetrokken" in _run("revoke", "--name", "IND koppeling")
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_the_command_says_what_is_wrong(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende organisatie"):
        _run("issue", "--organisation", "XYZ", "--name", "x")
    with pytest.raises(CommandError, match="1 tot 365"):
        _run("issue", "--organisation", "IND", "--name", "x", "--days", "400")
    with pytest.raises(CommandError, match="Geen sleutel"):
        _run("revoke", "--id", "999")


def test_the_old_token_table_is_dropped_with_its_records(db):
    """Migration api 0002: an installation that had rest_framework.authtoken keeps nothing."""
    import importlib

    from django.contrib.contenttypes.models import ContentType

    migration = importlib.import_module("lvv.api.migrations.0002_remove_plain_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id int)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('geheim-in-klare-tekst', 1)")
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["authtoken", "0001_initial", timezone.now()],
        )
    ContentType.objects.create(app_label="authtoken", model="token")

    assert migration.remove_plain_tokens(connection, ContentType) is True
    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = 'authtoken'")
        assert cursor.fetchone()[0] == 0
    assert not ContentType.objects.filter(app_label="authtoken").exists()
    # A second run (or a fresh installation) finds nothing to do.
    assert migration.remove_plain_tokens(connection, ContentType) is False
