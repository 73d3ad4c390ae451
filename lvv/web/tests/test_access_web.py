"""Access through the web: scoping, 404 for forbidden, denied reads in the log, 2FA, lockout."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import build_case, make_person, make_user
from lvv.testing.web import login_verified


@pytest.fixture
def director(db):
    return make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


def test_case_of_another_lvv_by_id_is_404_and_logged_denied(client, director):
    other = build_case(Stage.GUIDANCE, lvv="RTM")
    login_verified(client, director)
    response = client.get(reverse("web:case_detail", args=[other.pk]))
    assert response.status_code == 404
    denied = ProcessingLogEntry.objects.filter(operation="denied", resource=f"case:{other.pk}")
    assert denied.count() == 1
    assert denied.get().subject_pseudonym == other.person.pseudonym
    assert denied.get().audit.username == "regisseur"


def test_missing_and_forbidden_cases_look_the_same(client, director):
    other = build_case(Stage.GUIDANCE, lvv="RTM")
    login_verified(client, director)
    forbidden = client.get(reverse("web:case_detail", args=[other.pk]))
    missing = client.get(reverse("web:case_detail", args=[other.pk + 1000]))
    assert forbidden.status_code == missing.status_code == 404

    def without_tokens(body: bytes) -> str:
        body = re.sub(r'X-CSRFToken": "[^"]+"', "", body.decode())
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    assert without_tokens(forbidden.content) == without_tokens(missing.content)


def test_own_case_page_is_shown_and_logged_as_read(client, director):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, director)
    response = client.get(reverse("web:case_detail", args=[own.pk]))
    assert response.status_code == 200
    assert own.person.family_name in response.content.decode()
    entry = ProcessingLogEntry.objects.get(operation="read", resource=f"case:{own.pk}")
    assert entry.subject_pseudonym == own.person.pseudonym
    assert entry.trace_id


def test_search_never_returns_cases_of_another_lvv(client, director):
    person = make_person(family_name="Zoekbaar", v_number="1112223334")
    other = build_case(Stage.GUIDANCE, lvv="RTM", person=person)
    login_verified(client, director)
    by_name = client.get(reverse("web:case_list"), {"q": "Zoekbaar"})
    by_v_number = client.get(reverse("web:case_list"), {"q": "1112223334"})
    for response in (by_name, by_v_number):
        assert response.status_code == 200
        assert other.reference not in response.content.decode()


def test_search_for_another_lvvs_v_number_shows_nothing_and_logs_denied(client, director):
    person = make_person(v_number="3334445556")
    build_case(Stage.GUIDANCE, lvv="RTM", person=person)
    login_verified(client, director)
    response = client.get(reverse("web:case_list"), {"q": "3334445556"})
    unknown = client.get(reverse("web:case_list"), {"q": "3334445557"})
    assert "0 casussen gevonden" in response.content.decode()
    assert "0 casussen gevonden" in unknown.content.decode()
    denied = ProcessingLogEntry.objects.filter(operation="denied", resource="case-search")
    assert [entry.subject_pseudonym for entry in denied] == [person.pseudonym]


def test_search_by_v_number_finds_own_case_through_the_blind_index(client, director):
    person = make_person(v_number="5556667778")
    own = build_case(Stage.GUIDANCE, lvv="AMS", person=person)
    login_verified(client, director)
    response = client.get(reverse("web:case_list"), {"q": "5556667778"})
    assert own.reference in response.content.decode()
    assert ProcessingLogEntry.objects.filter(
        resource="case-list", subject_pseudonym=person.pseudonym
    ).exists()


def test_analyst_and_police_cannot_reach_case_pages(client, db):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    for username, role, org in [
        ("analist", Role.PROGRAMME_ANALYST, "PROGRAMMA"),
        ("politie", Role.POLICE_OFFICER, "AVIM"),
        ("beheerder", Role.ADMINISTRATOR, "PROGRAMMA"),
    ]:
        user = make_user(username, [role], org, ["AMS"])
        login_verified(client, user)
        assert client.get(reverse("web:case_detail", args=[own.pk])).status_code == 404
        assert client.get(reverse("web:case_list")).status_code == 404


def test_police_lookup_answers_only_participation_lvv_and_contact(client, db):
    from lvv.access.lookup import ParticipantAnswer, participant_lookup

    person = make_person(v_number="9876543210", family_name="Geheim")
    build_case(Stage.GUIDANCE, lvv="UTR", person=person)
    police = make_user("politie", [Role.POLICE_OFFICER], "AVIM")
    answer = participant_lookup(actor=police, v_number="9876543210")
    assert answer == ParticipantAnswer(True, "Utrecht", "Gemeente Utrecht")
    assert set(vars(answer)) == set(ParticipantAnswer.ALLOWED_FIELDS)
    login_verified(client, police)
    page = client.post(reverse("web:police_lookup"), {"v_number": "9876543210"}).content.decode()
    assert "Utrecht" in page and "Geheim" not in page and "Perspectief" not in page
    not_found = participant_lookup(actor=police, v_number="0000000001")
    assert not_found.is_participant is False
    assert ProcessingLogEntry.objects.filter(activity="police_participant_check").count() == 3


def test_police_lookup_after_outflow_says_not_a_participant(db):
    from lvv.access.lookup import participant_lookup

    person = make_person(v_number="1231231231")
    build_case(Stage.OUTFLOWED, lvv="UTR", person=person)
    police = make_user("politie", [Role.POLICE_OFFICER], "AVIM")
    assert participant_lookup(actor=police, v_number="1231231231").is_participant is False


def test_roles_with_personal_data_must_set_up_two_factor_first(client, db):
    make_user("begeleider", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    response = client.post(
        reverse("web:login"), {"username": "begeleider", "password": "Demo-wachtwoord-2026!"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:otp_setup")
    # every other page leads back to the 2FA set-up
    assert client.get(reverse("web:case_list"))["Location"] == reverse("web:otp_setup")
    setup = client.get(reverse("web:otp_setup"))
    assert "<svg" in setup.content.decode()


def test_two_factor_setup_with_a_valid_code_gives_backup_codes(client, db):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("begeleider", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    client.force_login(user)
    client.get(reverse("web:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("web:otp_setup"), {"code": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failed code throttles the next try (django-otp)
    response = client.post(reverse("web:otp_setup"), {"code": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 200
    assert response.content.decode().count("<code>") >= 10
    assert client.get(reverse("web:case_list")).status_code == 200


def test_backup_code_works_once(client, db):
    from lvv.access.two_factor import backup_codes_create

    user = make_user("regisseur2", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    login_verified(client, user)  # has a confirmed TOTP device
    codes = backup_codes_create(user)
    client.logout()
    client.force_login(user)
    assert client.post(reverse("web:otp_verify"), {"code": codes[0]})["Location"] == "/"
    client.logout()
    client.force_login(user)
    again = client.post(reverse("web:otp_verify"), {"code": codes[0]})
    assert again.status_code == 200


def test_analyst_needs_no_second_factor(client, db):
    make_user("analist", [Role.PROGRAMME_ANALYST], "PROGRAMMA")
    response = client.post(
        reverse("web:login"), {"username": "analist", "password": "Demo-wachtwoord-2026!"}
    )
    assert response["Location"] == "/"


def test_repeated_failures_lock_the_account_with_a_dutch_message(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    for _ in range(3):
        client.post(reverse("web:login"), {"username": "regisseur", "password": "fout"})
    locked = client.post(
        reverse("web:login"), {"username": "regisseur", "password": "Demo-wachtwoord-2026!"}
    )
    assert locked.status_code == 429
    assert "tijdelijk geblokkeerd" in locked.content.decode()


@pytest.mark.real_password_hashers
def test_passwords_are_stored_with_argon2id(db):
    user = make_user("iemand", [Role.COUNSELLOR], "NGO-AMS")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("Demo-wachtwoord-2026!")


@pytest.mark.real_password_hashers
def test_an_older_hash_becomes_argon2id_at_the_next_login(client, db):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

    user = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    user.password = make_password("Demo-wachtwoord-2026!", hasher=PBKDF2PasswordHasher())
    user.save(update_fields=["password"])
    response = client.post(
        reverse("web:login"), {"username": "regisseur", "password": "Demo-wachtwoord-2026!"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_administrator_manages_users_but_superuser_flag_grants_nothing(client, db):
    admin_user = make_user("beheerder", [Role.ADMINISTRATOR], "PROGRAMMA")
    login_verified(client, admin_user)
    assert client.get("/beheer/gebruikers/").status_code == 200
    assert client.get("/beheer/lvvs/").status_code == 200
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    director.is_superuser = director.is_staff = True
    director.save()
    login_verified(client, director)
    assert client.get("/beheer/gebruikers/").status_code == 404  # the policy: nothing granted


def test_a_used_session_is_renewed_at_most_once_a_minute(client, db):
    from django.contrib.sessions.models import Session

    from lvv.access.middleware import SESSION_SEEN_KEY

    login_verified(client, make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"]))
    key = client.session.session_key
    expiry = Session.objects.get(pk=key).expire_date
    assert client.get(reverse("web:home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date == expiry  # marked less than a minute ago

    session = client.session
    session[SESSION_SEEN_KEY] -= 61
    session.save()
    expiry = Session.objects.get(pk=key).expire_date
    assert client.get(reverse("web:home")).status_code == 200
    assert Session.objects.get(pk=key).expire_date > expiry  # renewed: idle time starts again
    assert client.session[SESSION_SEEN_KEY] > session[SESSION_SEEN_KEY]


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock of sessions (``timezone.now``) and of their renewal forward."""
    import datetime as dt
    import time
    import types

    from django.utils import timezone

    from lvv.access import middleware

    real_now, real_time = timezone.now, time.time
    offset = dt.timedelta()

    def advance(**delta):
        nonlocal offset
        offset += dt.timedelta(**delta)

    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    monkeypatch.setattr(
        middleware, "time", types.SimpleNamespace(time=lambda: real_time() + offset.total_seconds())
    )
    return advance


def test_a_session_idle_past_the_configured_minutes_leads_to_the_login_page(client, db, clock):
    from lvv.settings import CONFIG

    idle = CONFIG.session_idle_minutes
    login_verified(client, make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"]))
    clock(minutes=idle - 1)
    assert client.get(reverse("web:home")).status_code == 200  # in use: renewed
    clock(minutes=idle - 1)
    assert client.get(reverse("web:home")).status_code == 200  # idle less than the limit
    clock(minutes=idle, seconds=1)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("web:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
