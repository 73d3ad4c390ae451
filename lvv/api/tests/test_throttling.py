"""Limits per application, per person, and strictly on the police participant lookup."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from lvv.api.models import ApiRateWindow
from lvv.api.tests.conftest import client_for, issue_token
from lvv.api.throttling import parse_rates, window_hit
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import make_user

LOOKUP = "/api/v1/participants/lookup/"


def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            **rates,
        },
    }


def _lookup(client, number: int):
    return client.post(LOOKUP, {"v_number": f"{number:010d}"}, format="json")


@pytest.fixture
def police(db):
    return make_user("politie", [Role.POLICE_OFFICER], "AVIM")


def test_rates_are_read_as_written():
    assert parse_rates("10/min, 100/day") == [(10, 60), (100, 86400)]
    assert parse_rates("") == []


def test_the_eleventh_lookup_in_a_minute_is_refused_and_logged(police):
    client = client_for(police)
    answers = [_lookup(client, number) for number in range(11)]
    assert [a.status_code for a in answers] == [200] * 10 + [429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Te veel verzoeken" in refused.json()["detail"]
    checks = ProcessingLogEntry.objects.filter(activity="police_participant_check")
    # Ten misses, each in the log as not found; the refused one as denied, without a number.
    assert checks.filter(outcome="not_found").count() == 10
    denied = checks.get(outcome="denied")
    assert (denied.resource, denied.subject_pseudonym) == ("participant-lookup:throttled", "")


def test_the_daily_lookup_limit_holds_across_minutes(police, settings):
    _rates(settings, participant_lookup="10/min,3/day")
    client = client_for(police)
    assert [_lookup(client, n).status_code for n in range(4)] == [200, 200, 200, 429]


def test_the_lookup_limit_is_per_person(police):
    other = make_user("politie-2", [Role.POLICE_OFFICER], "AVIM")
    secret = issue_token(police.organisation)
    first, second = client_for(police, secret), client_for(other, secret)
    assert [_lookup(first, n).status_code for n in range(11)][-1] == 429
    assert _lookup(second, 1).status_code == 200


def test_repeated_misses_are_logged_for_the_security_officer(police, caplog):
    client = client_for(police)
    with caplog.at_level(logging.WARNING, logger="lvv.api"):
        for number in range(10):
            _lookup(client, number)
    warnings = [r for r in caplog.records if "participant_lookup_repeated_misses" in r.getMessage()]
    # At the fifth miss and the tenth: a signal, not a line per lookup.
    assert len(warnings) == 2
    message = warnings[0].getMessage()
    assert '"misses": 5' in message and f'"user_id": {police.pk}' in message
    assert '"misses": 10' in warnings[1].getMessage()
    assert "0000000004" not in message  # no V-number in the log


def test_all_persons_of_one_application_share_its_limit(settings, db):
    _rates(settings, application="3/min")
    first = make_user("regisseur-1", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    second = make_user("regisseur-2", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    secret = issue_token(first.organisation)
    statuses = [
        client_for(user, secret).get("/api/v1/cases/").status_code
        for user in (first, second, first, second)
    ]
    assert statuses == [200, 200, 200, 429]
    # Another application of the same organisation has a limit of its own.
    other = issue_token(first.organisation, "tweede koppeling")
    assert client_for(first, other).get("/api/v1/cases/").status_code == 200


def test_one_person_is_limited_through_every_application(settings, db):
    _rates(settings, user="2/min")
    director = make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    one, two = issue_token(director.organisation, "een"), issue_token(director.organisation, "twee")
    statuses = [client_for(director, s).get("/api/v1/cases/").status_code for s in (one, two, one)]
    assert statuses == [200, 200, 429]


def test_counters_are_database_rows_in_fixed_windows(db):
    at = dt.datetime(2026, 3, 1, 12, 0, 30, tzinfo=dt.UTC)
    assert window_hit("user", "user:1", 60, at) == (1, 30.0)
    assert window_hit("user", "user:1", 60, at + dt.timedelta(seconds=29))[0] == 2
    assert window_hit("user", "user:1", 60, at + dt.timedelta(seconds=30))[0] == 1  # next minute
    assert ApiRateWindow.objects.filter(key="user:1").count() == 2


def test_old_windows_are_cleared_when_a_new_one_opens(db):
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    window_hit("user", "user:1", 60, long_ago)
    window_hit("user", "user:1", 60, long_ago + dt.timedelta(days=3))
    assert ApiRateWindow.objects.count() == 1
