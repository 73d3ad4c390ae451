"""The functional administration (/beheer/): Dutch pages behind the policy, no self-grants,
every grant recorded, no password hashes, password links and second-factor resets."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.access import services
from lvv.access.models import AdministrationKind, AdministrationLogEntry, User
from lvv.organisations.models import Lvv
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import make_user
from lvv.testing.web import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return make_user("beheerder-a", [Role.ADMINISTRATOR], "PROGRAMMA")


@pytest.fixture
def colleague(db):
    return make_user("begeleider-b", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.fixture
def admin_client(client, administrator):
    login_verified(client, administrator)
    return client


def _user_data(user: User, **changes) -> dict:
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation_id or "",
        "roles": list(user.roles),
        "lvvs": list(user.lvvs.values_list("pk", flat=True)),
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


# --- no self-grants ------------------------------------------------------------------------


def test_an_administrator_cannot_grant_roles_to_themselves(admin_client, administrator):
    ams = Lvv.objects.get(code="AMS")
    response = admin_client.post(
        reverse("web:admin_user_edit", args=[administrator.pk]),
        _user_data(
            administrator,
            roles=[Role.ADMINISTRATOR, Role.CASE_DIRECTOR],
            lvvs=[ams.pk],
            organisation="",
        ),
    )
    assert response.status_code in (200, 302)
    administrator.refresh_from_db()
    assert administrator.roles == [Role.ADMINISTRATOR]
    assert not administrator.lvvs.exists()
    # ... and so can still not read cases
    assert admin_client.get(reverse("web:case_list")).status_code == 404


def test_the_service_refuses_a_change_of_ones_own_access(administrator):
    with pytest.raises(services.AdministrationRefused) as refused:
        services.user_change(
            actor=administrator,
            user=administrator,
            first_name="",
            last_name="",
            email="",
            organisation=administrator.organisation,
            roles=[Role.ADMINISTRATOR, Role.CASE_DIRECTOR],
            lvvs=[],
            is_active=True,
        )
    assert "eigen rollen" in str(refused.value)
    administrator.refresh_from_db()
    assert administrator.roles == [Role.ADMINISTRATOR]


def test_own_name_can_still_be_changed(admin_client, administrator):
    admin_client.post(
        reverse("web:admin_user_edit", args=[administrator.pk]),
        _user_data(administrator, first_name="Bea"),
    )
    administrator.refresh_from_db()
    assert administrator.first_name == "Bea"


# --- every grant recorded -------------------------------------------------------------------


def test_granting_a_role_that_sees_personal_data_is_recorded(
    admin_client, administrator, colleague
):
    response = admin_client.post(
        reverse("web:admin_user_edit", args=[colleague.pk]),
        _user_data(colleague, roles=[Role.COUNSELLOR, Role.CASE_DIRECTOR]),
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.has_role(Role.CASE_DIRECTOR)
    entry = AdministrationLogEntry.objects.get(kind=AdministrationKind.ACCESS_CHANGED)
    assert entry.actor_id == administrator.pk and entry.actor_username == "beheerder-a"
    assert entry.subject_username == "begeleider-b"
    assert entry.before["roles"] == ["counsellor"]
    assert entry.after["roles"] == ["case_director", "counsellor"]
    assert entry.grants_personal_data
    # The record cannot be changed afterwards (append-only in the database).
    with pytest.raises(DatabaseError), transaction.atomic():
        AdministrationLogEntry.objects.filter(pk=entry.pk).update(actor_username="iemand")
    with pytest.raises(DatabaseError), transaction.atomic():
        AdministrationLogEntry.objects.filter(pk=entry.pk).delete()
    page = admin_client.get(reverse("web:admin_log") + "?persoonsgegevens=1").content.decode()
    assert "begeleider-b" in page and "geeft toegang tot persoonsgegevens" in page


def test_the_privacy_officer_reads_the_administration_log(client, administrator, colleague):
    services.user_change(
        actor=administrator,
        user=colleague,
        first_name="",
        last_name="",
        email="",
        organisation=colleague.organisation,
        roles=[Role.CASE_DIRECTOR],
        lvvs=list(colleague.lvvs.all()),
        is_active=True,
    )
    privacy = make_user("privacy-a", [Role.PRIVACY_OFFICER], "PROGRAMMA")
    login_verified(client, privacy)
    page = client.get(reverse("web:admin_log")).content.decode()
    assert "begeleider-b" in page
    assert client.get(reverse("web:admin_users")).status_code == 404


def test_a_new_account_is_recorded_and_gets_no_password(admin_client, administrator):
    ams = Lvv.objects.get(code="AMS")
    response = admin_client.post(
        reverse("web:admin_user_create"),
        {"username": "regisseur-nieuw", "roles": [Role.CASE_DIRECTOR], "lvvs": [ams.pk]},
    )
    assert response.status_code == 200
    user = User.objects.get(username="regisseur-nieuw")
    assert not user.has_usable_password()
    kinds = list(
        AdministrationLogEntry.objects.filter(subject_id=user.pk).values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["password_reset_link", "user_created"]
    assert AdministrationLogEntry.objects.get(kind="user_created").grants_personal_data
    assert "wachtwoord-instellen/?sleutel=" in response.content.decode()


# --- passwords ----------------------------------------------------------------------------


def test_no_password_hash_is_shown_or_editable(admin_client, colleague):
    page = admin_client.get(reverse("web:admin_user_edit", args=[colleague.pk])).content.decode()
    algorithm = colleague.password.split("$", 1)[0]
    assert colleague.password not in page
    assert f"{algorithm}$" not in page
    assert 'name="password"' not in page
    before = colleague.password
    admin_client.post(
        reverse("web:admin_user_edit", args=[colleague.pk]),
        {**_user_data(colleague), "password": "md5$zout$0123456789abcdef"},
    )
    colleague.refresh_from_db()
    assert colleague.password == before


def test_a_password_link_enforces_the_password_rules_and_works_once(
    admin_client, client_factory, colleague
):
    response = admin_client.post(reverse("web:admin_user_reset_link", args=[colleague.pk]))
    link = re.search(r"(/wachtwoord-instellen/\?sleutel=[^<\s\"]+)", response.content.decode())
    assert link
    secret = link.group(1).split("=", 1)[1]
    assert not AdministrationLogEntry.objects.filter(detail__contains=secret).exists()

    user_client = client_factory()
    response = user_client.get(link.group(1))
    assert response.status_code == 302  # the secret leaves the address bar at once
    set_url = reverse("web:password_reset_confirm")
    weak = user_client.post(set_url, {"new_password1": "kort", "new_password2": "kort"})
    assert "minstens 12 tekens" in weak.content.decode()
    strong = "Zonnebloem-Rivier-2026"
    done = user_client.post(set_url, {"new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password(strong)
    assert AdministrationLogEntry.objects.filter(
        kind=AdministrationKind.PASSWORD_SET, subject_id=colleague.pk
    ).exists()
    # The link is spent.
    again = client_factory()
    again.get(link.group(1))
    assert again.get(set_url).status_code == 400


def test_a_user_changes_their_own_password_with_the_rules_applied(client, colleague):
    login_verified(client, colleague)
    url = reverse("web:password_change")
    old = "Demo-wachtwoord-2026!"
    weak = client.post(
        url, {"old_password": old, "new_password1": "wachtwoord", "new_password2": "wachtwoord"}
    )
    assert "minstens 12 tekens" in weak.content.decode()
    wrong = client.post(
        url,
        {"old_password": "fout", "new_password1": "Nieuw-Lang-2026!", "new_password2": "x"},
    )
    assert "Het huidige wachtwoord klopt niet" in wrong.content.decode()
    ok = client.post(
        url,
        {
            "old_password": old,
            "new_password1": "Nieuw-Lang-Wachtwoord-2026",
            "new_password2": "Nieuw-Lang-Wachtwoord-2026",
        },
    )
    assert ok.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password("Nieuw-Lang-Wachtwoord-2026")
    assert client.get(reverse("web:home")).status_code == 200  # still logged in


# --- two-factor reset ---------------------------------------------------------------------


def test_an_administrator_resets_someone_elses_second_factor(admin_client, colleague):
    TOTPDevice.objects.create(user=colleague, name="telefoon", confirmed=True)
    StaticDevice.objects.create(user=colleague, name="backup")
    url = reverse("web:admin_user_two_factor_reset", args=[colleague.pk])
    page = admin_client.get(url).content.decode()
    assert "Tweestapsverificatie van begeleider-b herstellen" in page
    assert admin_client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    entry = AdministrationLogEntry.objects.get(kind=AdministrationKind.TWO_FACTOR_RESET)
    assert entry.subject_id == colleague.pk


def test_nobody_resets_their_own_second_factor(admin_client, administrator):
    url = reverse("web:admin_user_two_factor_reset", args=[administrator.pk])
    admin_client.post(url)
    assert TOTPDevice.objects.filter(user=administrator).exists()
    assert not AdministrationLogEntry.objects.filter(kind="two_factor_reset").exists()


def test_the_reset_page_is_behind_the_policy(client, case_director, colleague):
    login_verified(client, case_director)
    url = reverse("web:admin_user_two_factor_reset", args=[colleague.pk])
    assert client.post(url).status_code == 404
    assert ProcessingLogEntry.objects.filter(outcome="denied", resource=url).exists()


# --- Dutch, styled, with a roles column -----------------------------------------------------

ENGLISH = ("Add ", "Change ", "Model name", "Select ", "Delete", "Save and", "History", "object (")


def test_the_pages_are_dutch_and_list_roles(admin_client, colleague):
    lvv = Lvv.objects.get(code="AMS")
    for url in (
        reverse("web:admin_home"),
        reverse("web:admin_users"),
        reverse("web:admin_user_create"),
        reverse("web:admin_user_edit", args=[colleague.pk]),
        reverse("web:admin_lvvs"),
        reverse("web:admin_lvv_edit", args=[lvv.pk]),
        reverse("web:admin_organisations"),
        reverse("web:admin_organisation_create"),
        reverse("web:admin_log"),
    ):
        response = admin_client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert "utrecht-" in page and 'lang="nl"' in page, url
        for word in ENGLISH:
            assert word not in page, (url, word)
    users = admin_client.get(reverse("web:admin_users")).content.decode()
    assert ">Rollen<" in users and "begeleider" in users and "ziet persoonsgegevens" in users


def test_constraint_violations_read_as_dutch_sentences(admin_client):
    lvv = Lvv.objects.get(code="AMS")
    url = reverse("web:admin_lvv_edit", args=[lvv.pk])
    response = admin_client.post(
        url,
        {
            "settings": "1",
            "name": lvv.name,
            "municipality": lvv.municipality,
            "start_date": "2019-04-01",
            "regional_ties_required": "on",
            "safe_country_policy": "limit_months",
        },
    )
    page = response.content.decode()
    assert "Vul het maximale aantal maanden in" in page
    assert "lvv_limit_months_with_policy" not in page
    first = lvv.capacity_periods.order_by("valid_from").first()
    response = admin_client.post(
        url,
        {
            "capacity": "1",
            "capaciteit-valid_from": first.valid_from.isoformat(),
            "capaciteit-places": "10",
        },
    )
    page = response.content.decode()
    assert "Er is al een capaciteitsperiode vanaf deze datum" in page
    assert "capacity_once_per_day" not in page


def test_lvv_settings_changes_are_recorded(admin_client, administrator):
    lvv = Lvv.objects.get(code="AMS")
    admin_client.post(
        reverse("web:admin_lvv_edit", args=[lvv.pk]),
        {
            "settings": "1",
            "name": lvv.name,
            "municipality": lvv.municipality,
            "start_date": "2019-04-01",
            "safe_country_policy": "limit_months",
            "safe_country_limit_months": "3",
        },
    )
    lvv.refresh_from_db()
    assert lvv.safe_country_limit_months == 3
    entry = AdministrationLogEntry.objects.get(kind=AdministrationKind.SETTINGS_CHANGED)
    assert entry.after["safe_country_policy"] == "limit_months"
    assert entry.actor_id == administrator.pk


# --- lvv create-admin --------------------------------------------------------------------


def test_create_admin_makes_the_first_administrator(monkeypatch, client):
    monkeypatch.setenv("LVV_ADMIN_PASSWORD", "kort")
    with pytest.raises(CommandError) as weak:
        call_command("create-admin", "--username", "eerste-beheerder")
    assert "minstens 12 tekens" in str(weak.value)
    monkeypatch.setenv("LVV_ADMIN_PASSWORD", "Zomer-Vuurtoren-2026!")
    call_command("create-admin", "--username", "eerste-beheerder")
    admin = User.objects.get(username="eerste-beheerder")
    assert admin.roles == [Role.ADMINISTRATOR] and admin.check_password("Zomer-Vuurtoren-2026!")
    assert AdministrationLogEntry.objects.get(kind="user_created").detail == "lvv create-admin"
    with pytest.raises(CommandError) as again:
        call_command("create-admin", "--username", "tweede-beheerder")
    assert "al een functioneel beheerder" in str(again.value)
    # The first login leads to setting up two-factor authentication.
    response = client.post(
        reverse("web:login"),
        {"username": "eerste-beheerder", "password": "Zomer-Vuurtoren-2026!"},
    )
    assert response["Location"] == reverse("web:otp_setup")
