"""Logboek Dataverwerkingen across organisations: the caller's traceparent in our log as
foreign_operation, our own operation in the response."""

from __future__ import annotations

import re

import pytest

from lvv.api.tests.conftest import client_for
from lvv.api.trace import new_operation, parse_traceparent
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.processing_log.trace import current_foreign_operation
from lvv.roles import Role
from lvv.testing.builders import build_case, make_user

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
VALID = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
OURS = re.compile(r"\A00-([0-9a-f]{32})-([0-9a-f]{16})-01\Z")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "onzin",
        VALID.upper(),  # upper case is not the format
        VALID.replace("00-", "01-", 1),  # only version 00 is accepted, exactly
        "ff-" + VALID[3:],
        f"00-{'0' * 32}-{CALLER_SPAN}-01",  # all-zero trace id
        f"00-{CALLER_TRACE}-{'0' * 16}-01",  # all-zero span id
        VALID + "-extra",
        " " + VALID,
        VALID + "\n",
        f"00-{CALLER_TRACE}-{CALLER_SPAN}-1",
    ],
)
def test_anything_but_a_strict_traceparent_is_ignored(value):
    assert parse_traceparent(value) is None


def test_a_strict_traceparent_names_the_callers_operation():
    parent = parse_traceparent(VALID)
    assert parent.operation == f"{CALLER_TRACE}-{CALLER_SPAN}"


def test_our_operations_are_new_and_well_formed():
    first, second = new_operation(), new_operation()
    assert first.trace_id != second.trace_id
    assert parse_traceparent(first.header) == first


@pytest.fixture
def director(db):
    return make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


def test_the_callers_operation_is_logged_as_foreign_operation(director):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    response = client_for(director).get(f"/api/v1/cases/{own.pk}/", HTTP_TRACEPARENT=VALID)
    assert response.status_code == 200
    ours = OURS.match(response["traceparent"])
    assert ours is not None
    entry = ProcessingLogEntry.objects.get(resource=f"case:{own.pk}", operation="read")
    assert entry.foreign_operation == f"{CALLER_TRACE}-{CALLER_SPAN}"
    # Our operation is a trace of its own (the standard), named in the response.
    assert entry.trace_id == ours.group(1) != CALLER_TRACE
    assert response["X-Trace-Id"] == entry.trace_id  # the middleware names the same trace
    assert entry.audit.organisation_code == "GEM-AMS"  # the calling organisation


def test_denied_reads_carry_the_foreign_operation_too(director):
    other = build_case(Stage.GUIDANCE, lvv="RTM")
    client_for(director).get(f"/api/v1/cases/{other.pk}/", HTTP_TRACEPARENT=VALID)
    entry = ProcessingLogEntry.objects.get(operation="denied")
    assert entry.foreign_operation == f"{CALLER_TRACE}-{CALLER_SPAN}"


def test_without_a_valid_traceparent_there_is_no_foreign_operation(director):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    client = client_for(director)
    for header in ({}, {"HTTP_TRACEPARENT": VALID.upper()}):
        response = client.get(f"/api/v1/cases/{own.pk}/", **header)
        assert OURS.match(response["traceparent"])
    entries = ProcessingLogEntry.objects.filter(resource=f"case:{own.pk}", operation="read")
    assert [entry.foreign_operation for entry in entries] == [None, None]
    assert len({entry.trace_id for entry in entries}) == 2  # a new trace per call


def test_every_api_answer_carries_our_traceparent(director):
    from rest_framework.test import APIClient

    for response in (
        APIClient().get("/api/v1/cases/"),  # 401
        client_for(director).get("/api/v1/cases/999/"),  # 404
        client_for(director).get("/api/v1/cases/", {"stage": "onzin"}),  # 400
        client_for(director).get("/api/v1/schema/"),
    ):
        assert OURS.match(response["traceparent"]), response.status_code


def test_the_foreign_operation_does_not_outlive_the_call(director):
    client_for(director).get("/api/v1/cases/", HTTP_TRACEPARENT=VALID)
    assert current_foreign_operation() is None


def test_pages_record_no_foreign_operation(director, client):
    from lvv.testing.web import login_verified

    own = build_case(Stage.GUIDANCE, lvv="AMS")
    login_verified(client, director)
    client.get(f"/casussen/{own.pk}/", HTTP_TRACEPARENT=VALID)
    assert ProcessingLogEntry.objects.filter(foreign_operation__isnull=False).count() == 0
