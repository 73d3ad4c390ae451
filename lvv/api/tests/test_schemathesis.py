"""The API against its own OpenAPI schema (schemathesis), with a valid token of every role.

Schemathesis generates requests from the schema - valid ones and, in the negative mode,
ones the schema forbids - and calls the WSGI application in-process, in this test's
database transaction. Every answer is checked by schemathesis' checks (no server error,
documented status code, content type and headers, body matching the schema, invalid input
refused, authentication not ignored, ...). Paths name either a random id or an object that
exists (a case and an LSO meeting of the caller's LVV), so both the 404 and the 200 paths
are exercised. The run is deterministic (``derandomize``); the counts are printed (``-s``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lvv.access.system import system_actor
from lvv.api.authentication import ACTING_USER_HEADER
from lvv.api.tests.conftest import issue_token
from lvv.api.tests.test_policy_endpoints import ORGANISATION_OF_ROLE
from lvv.cases.vocabulary import Stage
from lvv.meetings.tests.helpers import meeting
from lvv.roles import Role
from lvv.testing.builders import build_case, make_person, make_user

# Examples per role, operation and generation mode (CI); raise it locally for a longer run.
EXAMPLES = int(os.environ.get("LVV_SCHEMATHESIS_EXAMPLES", "12"))


@pytest.fixture
def wsgi_app(settings):
    """The WSGI application, sharing this test's transaction like Django's test client."""
    from lvv.wsgi import application

    settings.ALLOWED_HOSTS = ["localhost"]
    # Generous limits: this test is about answers, the limits have their own tests.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "application": "100000/min",
            "user": "100000/min",
            "participant_lookup": "100000/min",
        },
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def data(db):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    build_case(Stage.OUTFLOWED, lvv="AMS")
    build_case(Stage.GUIDANCE, lvv="RTM")
    build_case(Stage.GUIDANCE, lvv="AMS", person=make_person(v_number="1234567890"))
    lso = meeting(system_actor(), lvv="AMS")
    return {"case_id": own.pk, "meeting_id": lso.pk}


def business_rule_exclusions(case) -> list:
    """Where a schema-valid request may rightly be refused (400): rules no OpenAPI schema can
    state - an opaque cursor that is not one of ours, a reference date in the future or
    before 2000. Only for such a request is ``positive_data_acceptance`` left out; every
    other check still runs on it."""
    query = case.query or {}
    day = str(query.get("reference_date", ""))
    odd_date = bool(day) and not ("2000-01-01" <= day <= dt.date.today().isoformat())
    return [positive_data_acceptance] if "cursor" in query or odd_date else []


def _explore(strategy, operation, who: str, record, headers: dict) -> None:
    label = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        record(label, who, case, case.call(headers=headers), headers)

    run()


def test_the_api_answers_every_generated_request_as_its_schema_says(wsgi_app, data, capsys):
    users = {
        role: make_user(f"st-{role.value}", [role], ORGANISATION_OF_ROLE[role], ["AMS"])
        for role in Role
    }
    tokens = {
        org: issue_token(users[role].organisation) for role, org in ORGANISATION_OF_ROLE.items()
    }
    first = users[Role.CASE_DIRECTOR]
    auth = lambda user: {  # noqa: E731
        "Authorization": f"Bearer {tokens[user.organisation.code]}",
        ACTING_USER_HEADER: user.username,
    }
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", wsgi_app, headers=auth(first)
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8

    tried: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: dict[str, list[str]] = defaultdict(list)
    details: dict[str, str] = {}

    def record(label: str, who: str, case, response, headers) -> None:
        tried[label] += 1
        statuses[response.status_code] += 1
        try:
            case.validate_response(
                response, headers=headers, excluded_checks=business_rule_exclusions(case)
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                failures[f"{label} [{who}]"].append(f"{type(failure).__name__}: {failure.title}")
            # The first report of each kind in full (request, answer, curl to reproduce).
            details.setdefault(f"{label} [{who}]", str(group)[:3000])

    for role, user in users.items():
        headers = auth(user)
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = operation.as_strategy(mode)
                known = {
                    name: data[name]
                    for name in ("case_id", "meeting_id")
                    if f"{{{name}}}" in operation.path
                }
                if known and mode == GenerationMode.POSITIVE:
                    strategy = st.one_of(
                        strategy,
                        operation.as_strategy(mode, headers=headers, path_parameters=known),
                    )

                _explore(strategy, operation, f"{role.value}, {mode.value}", record, headers)

    total = sum(tried.values())
    with capsys.disabled():
        print(f"\nschemathesis: {total} requests, status codes {dict(sorted(statuses.items()))}")
        for label, count in sorted(tried.items()):
            print(f"  {count:5d}  {label}")
        print(f"schemathesis: {sum(len(v) for v in failures.values())} failures")
        for label, found in sorted(failures.items()):
            for text in sorted(set(found)):
                print(f"  {label}: {text}")
    assert statuses[500] == 0 and not any(code >= 500 for code in statuses)
    assert failures == {}, "\n\n".join(details.values())
