"""Every endpoint and method for every role, generated from the policy MATRIX.

For each role the test builds the situations that decide a grant - a case in the role's own
LVV (guided by the role's NGO), the same once referred to the MRT, the two in another LVV,
and an LSO meeting in each LVV - and calls every endpoint with every method through an
application token of the role's organisation. What it expects follows from the matrix cell
alone: no grant 403; a grant 200 where its scope covers the object and 404 (logged as
denied) where it does not; a method the endpoint does not have 405. A new endpoint without a
row in ``ENDPOINTS`` fails ``test_every_api_endpoint_is_in_the_table``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLResolver, get_resolver

from lvv.access.policy import MATRIX, Action, Scope
from lvv.access.system import system_actor
from lvv.api.tests.conftest import client_for
from lvv.cases import services
from lvv.cases.vocabulary import Stage
from lvv.meetings.tests.helpers import meeting
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import build_case, make_person, make_user

ORGANISATION_OF_ROLE = {
    Role.CASE_DIRECTOR: "GEM-AMS",
    Role.COUNSELLOR: "NGO-AMS",
    Role.IND_OFFICER: "IND",
    Role.DTV_OFFICER: "DTV",
    Role.POLICE_OFFICER: "AVIM",
    Role.MRT_MEMBER: "MRT",
    Role.PROGRAMME_ANALYST: "PROGRAMMA",
    Role.ADMINISTRATOR: "PROGRAMMA",
    Role.PRIVACY_OFFICER: "PROGRAMMA",
}
METHODS = ("get", "post", "put", "patch", "delete")
AUTHENTICATED = "authenticated"


@dataclass(frozen=True)
class Endpoint:
    name: str  # URL name in the "api" namespace
    path: str  # with {case} or {meeting} for the object
    action: Action | str
    methods: tuple[str, ...] = ("get",)
    body: dict | None = None
    status: int = 200  # the answer where the policy lets the call through

    @property
    def object_kind(self) -> str | None:
        return "case" if "{case}" in self.path else "meeting" if "{meeting}" in self.path else None


ENDPOINTS = [
    Endpoint("case-list", "/api/v1/cases/", Action.CASE_VIEW),
    Endpoint("case-detail", "/api/v1/cases/{case}/", Action.CASE_VIEW),
    Endpoint("case-events", "/api/v1/cases/{case}/events/", Action.CASE_VIEW),
    Endpoint("case-action-items", "/api/v1/cases/{case}/action-items/", Action.CASE_VIEW),
    Endpoint("meeting-list", "/api/v1/meetings/", Action.LSO_CONTRIBUTE),
    Endpoint("meeting-detail", "/api/v1/meetings/{meeting}/", Action.LSO_CONTRIBUTE),
    Endpoint("monitor-figures", "/api/v1/monitor/figures/", Action.MONITOR_VIEW),
    Endpoint(
        "participant-lookup",
        "/api/v1/participants/lookup/",
        Action.PARTICIPANT_LOOKUP,
        methods=("post",),
        body={"v_number": "5556667778"},
    ),
    Endpoint("schema", "/api/v1/schema/", AUTHENTICATED),
    Endpoint("not-found", "/api/v1/bestaat-niet/", AUTHENTICATED, methods=METHODS, status=404),
]

CASE_SITUATIONS = ("own", "own_mrt", "other", "other_mrt")
MEETING_SITUATIONS = ("own", "other")


def covers(scope: Scope | None, kind: str, situation: str) -> bool:
    """What a matrix cell's scope means for the situations built below (the spec)."""
    if scope is None:
        return False
    if scope == Scope.GLOBAL:
        return True
    own_lvv = situation.startswith("own")
    if kind == "meeting":  # an LSO: the LVVs the user works for
        return own_lvv and scope in (Scope.LVV, Scope.GUIDED, Scope.OWN_ITEMS)
    return {
        Scope.LVV: own_lvv,
        Scope.GUIDED: own_lvv,  # the own-LVV cases are guided by NGO-AMS, the counsellor's
        Scope.OWN_ITEMS: own_lvv,
        Scope.MRT_OPEN: situation.endswith("mrt"),
    }[scope]


@pytest.fixture
def situations(db):
    actor = system_actor()
    cases = {}
    for name in CASE_SITUATIONS:
        lvv = "AMS" if name.startswith("own") else "RTM"
        case = build_case(Stage.GUIDANCE, lvv=lvv)
        if name.endswith("mrt"):
            services.mrt_refer(
                case=case, actor=actor, effective_date=case.last_lso_date, question="?"
            )
            case.refresh_from_db()
        cases[name] = case
    meetings = {"own": meeting(actor, lvv="AMS"), "other": meeting(actor, lvv="RTM")}
    person = make_person(v_number="5556667778")
    build_case(Stage.GUIDANCE, lvv="UTR", person=person)
    return cases, meetings


def _call(client, method: str, url: str, body: dict | None):
    return (
        getattr(client, method)(url, body, format="json") if body else getattr(client, method)(url)
    )


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_every_endpoint_and_method_follows_the_matrix(role, situations):
    cases, meetings = situations
    user = make_user(f"api-{role.value}", [role], ORGANISATION_OF_ROLE[role], ["AMS"])
    client = client_for(user)
    grants = MATRIX.get(role, {})
    checked = 0
    for endpoint in ENDPOINTS:
        scope = Scope.GLOBAL if endpoint.action == AUTHENTICATED else grants.get(endpoint.action)
        kind = endpoint.object_kind
        objects = (
            {name: case.pk for name, case in cases.items()}
            if kind == "case"
            else {name: m.pk for name, m in meetings.items()}
            if kind == "meeting"
            else {"": None}
        )
        for situation, pk in objects.items():
            url = endpoint.path.replace("{case}", str(pk)).replace("{meeting}", str(pk))
            for method in METHODS:
                response = _call(client, method, url, endpoint.body if method == "post" else None)
                if scope is None:
                    expected = 403
                elif method not in endpoint.methods:
                    expected = 405
                elif kind is None or covers(scope, kind, situation):
                    expected = endpoint.status
                else:
                    expected = 404
                assert response.status_code == expected, (endpoint.name, situation, method)
                checked += 1
    assert checked == sum(
        len(METHODS) * (4 if e.object_kind == "case" else 2 if e.object_kind else 1)
        for e in ENDPOINTS
    )


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_the_case_list_holds_exactly_the_cases_the_matrix_grants(role, situations):
    cases, _meetings = situations
    user = make_user(f"api-{role.value}", [role], ORGANISATION_OF_ROLE[role], ["AMS"])
    scope = MATRIX.get(role, {}).get(Action.CASE_VIEW)
    response = client_for(user).get("/api/v1/cases/", {"page_size": 200})
    if scope is None:
        assert response.status_code == 403
        assert ProcessingLogEntry.objects.filter(
            operation="denied", resource="/api/v1/cases/"
        ).exists()
        return
    listed = {row["id"] for row in response.json()["results"]}
    expected = {case.pk for name, case in cases.items() if covers(scope, "case", name)}
    assert listed & {case.pk for case in cases.values()} == expected


def test_every_api_endpoint_is_in_the_table():
    api = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "api"
    )
    api_names = {pattern.name for pattern in api.url_patterns}
    assert api_names == {endpoint.name for endpoint in ENDPOINTS}
