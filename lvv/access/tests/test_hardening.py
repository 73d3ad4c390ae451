"""Request-level hardening: no caching of personal data, strict trace ids, the absolute
session lifetime, the login lock-out behind a reverse proxy, the privacy officer's CSV
export, and the health endpoint."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.test import Client
from django.urls import reverse

from lvv.access.middleware import SESSION_STARTED_KEY
from lvv.cases.vocabulary import Stage
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.models import ProcessingLogEntry
from lvv.processing_log.services import processing_record
from lvv.roles import Role
from lvv.testing.builders import build_case, make_user
from lvv.testing.web import login_verified

pytestmark = pytest.mark.django_db


# --- Cache-Control: no-store ---------------------------------------------------------------


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_response_with_personal_data_is_not_stored(client, case_director, settings):
    from lvv.meetings.tests.helpers import meeting

    case = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, case_director)
    lso = meeting(case_director)
    urls = [
        reverse("web:home"),
        reverse("web:case_list") + "?q=Nummer",
        reverse("web:case_detail", args=[case.pk]),
        reverse("web:case_export", args=[case.pk]),
        reverse("meetings:minutes_pdf", args=[lso.pk]),
        reverse("monitor:figures") + "?download=xlsx",
        "/api/v1/cases/",
        f"/api/v1/cases/{case.pk}/",
        reverse("web:login"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        assert _no_store(response), url
        assert "private" in response["Cache-Control"], url


def test_the_processing_log_export_is_not_stored(client):
    privacy = make_user("privacy-h", [Role.PRIVACY_OFFICER], "PROGRAMMA")
    login_verified(client, privacy)
    response = client.get(
        reverse("web:processing_log"), {"kind": "user", "identifier": "x", "export": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert _no_store(response)


# --- trace ids -----------------------------------------------------------------------------

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize(
    "header",
    [
        "Jansen 1234567890",
        "abc",
        "A" * 64,
        "4BF92F3577B34DA6A3CE929D0E0E4736",  # upper case is not W3C
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  # all-zero trace id
        f"{TRACE}\n",
        f"00-{TRACE}-00f067aa0ba902b7-01; x=1",
    ],
)
def test_a_malformed_trace_id_is_replaced(client, case_director, header):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, case_director)
    response = client.get(reverse("web:case_detail", args=[case.pk]), HTTP_X_TRACE_ID=header)
    entry = ProcessingLogEntry.objects.filter(resource=f"case:{case.pk}").latest("pk")
    assert entry.trace_id != header
    assert len(entry.trace_id) == 32 and entry.trace_id.isalnum()
    assert response["X-Trace-Id"] == entry.trace_id


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTP_X_TRACE_ID", TRACE),
        ("HTTP_X_TRACE_ID", f"00-{TRACE}-00f067aa0ba902b7-01"),
        ("HTTP_TRACEPARENT", f"00-{TRACE}-00f067aa0ba902b7-01"),
    ],
)
def test_a_w3c_trace_id_is_kept(client, case_director, name, value):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, case_director)
    response = client.get(reverse("web:case_detail", args=[case.pk]), **{name: value})
    entry = ProcessingLogEntry.objects.filter(resource=f"case:{case.pk}").latest("pk")
    assert entry.trace_id == TRACE
    assert response["X-Trace-Id"] == TRACE


# --- sessions ------------------------------------------------------------------------------


def test_a_session_ends_at_its_absolute_lifetime_however_active(client, case_director, settings):
    login_verified(client, case_director)
    assert client.get(reverse("web:home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.LVV_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get(reverse("web:case_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    assert "verlopen=1" in response["Location"]
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Uw sessie is verlopen" in page


def test_a_fresh_login_starts_the_lifetime(client, case_director, settings):
    login_verified(client, case_director)
    started = client.session[SESSION_STARTED_KEY]
    assert abs(started - time.time()) < 60
    assert client.get(reverse("web:home")).status_code == 200


# --- lock-out behind a reverse proxy --------------------------------------------------------

PROXY = "10.0.0.5"


def _fail_login(username: str, client_address: str, **extra):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address, **extra).post(
        reverse("web:login"), {"username": username, "password": "fout-wachtwoord"}
    )


def test_lockout_counts_per_client_behind_a_trusted_proxy(settings, case_director):
    settings.LVV_TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(3):
        _fail_login(f"onbekend-{attempt}", "203.0.113.7")
    assert _fail_login("onbekend-x", "203.0.113.7").status_code == 429  # that client: locked
    # Another client behind the same proxy can still log in.
    response = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9").post(
        reverse("web:login"),
        {"username": case_director.username, "password": "Demo-wachtwoord-2026!"},
    )
    assert response.status_code == 302


def test_a_forged_forwarded_header_from_outside_is_ignored(settings):
    from lvv.access.client_ip import client_ip

    settings.LVV_TRUSTED_PROXIES = [PROXY]
    request = type("R", (), {})()
    request.META = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert client_ip(request) == "192.0.2.1"  # not sent by a trusted proxy
    request.META = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    assert client_ip(request) == "203.0.113.7"  # what the proxy saw, not what the client wrote
    settings.LVV_TRUSTED_PROXIES = []
    settings.LVV_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
    settings.LVV_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == PROXY


# --- the privacy officer's CSV export --------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C calc'!A0",
    ],
)
def test_the_processing_log_export_neutralises_formulas_in_every_cell(client, value):
    # a user name with a formula, or (for tab/CR, which the form strips) the object column
    username = value if value == value.strip() else "gebruiker-csv"
    actor = make_user(username, [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    processing_record(
        actor=actor,
        operation=Operation.READ,
        activity=Activity.CASE_GUIDANCE,
        subject_pseudonyms=[value],
        resource=value,
    )
    privacy = make_user("privacy-csv", [Role.PRIVACY_OFFICER], "PROGRAMMA")
    login_verified(client, privacy)
    response = client.get(
        reverse("web:processing_log"), {"kind": "user", "identifier": username, "export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, rows
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert f"'{value}" in cells


# --- health ------------------------------------------------------------------------------


def test_health_needs_no_login_and_shows_no_personal_data(client):
    build_case(Stage.GUIDANCE, lvv="AMS")
    before = ProcessingLogEntry.objects.count()
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert _no_store(response)
    assert ProcessingLogEntry.objects.count() == before
    assert "sessionid" not in response.cookies


def test_health_reports_pending_migrations(client, monkeypatch):
    from lvv.operations import health

    monkeypatch.setattr(health, "_migrations_checked", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)]
    )
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"
