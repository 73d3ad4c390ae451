"""What the API reads: filters, stable cursor pages, action items, meetings, the monitor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lvv.access.system import system_actor
from lvv.api.tests.conftest import client_for
from lvv.cases import services as case_services
from lvv.cases.models import Case
from lvv.cases.vocabulary import Stage
from lvv.meetings import services as meeting_services
from lvv.meetings.tests.helpers import meeting, rest_period_case
from lvv.monitor.publication import page_figures
from lvv.organisations.models import Organisation
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.testing.builders import build_case, make_user


@pytest.fixture
def director(db):
    return make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS", "UTR"])


def _ids(client, **params) -> list[int]:
    response = client.get("/api/v1/cases/", params)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_the_case_list_filters_within_the_callers_cases(director):
    referred = build_case(Stage.REFERRED, lvv="AMS")
    guidance = build_case(Stage.GUIDANCE, lvv="AMS", scenario="residence")
    utrecht = build_case(Stage.REST_PERIOD, lvv="UTR")
    build_case(Stage.GUIDANCE, lvv="RTM")  # never: not the director's
    client = client_for(director)
    assert _ids(client) == sorted([referred.pk, guidance.pk, utrecht.pk])
    assert _ids(client, lvv="UTR") == [utrecht.pk]
    assert _ids(client, lvv="RTM") == []
    assert _ids(client, lvv="XYZ") == []  # no such LVV: nothing, as for another LVV
    assert _ids(client, stage="guidance") == [guidance.pk]
    assert _ids(client, scenario="residence") == [guidance.pk]
    assert _ids(client, scenario="none") == sorted([referred.pk, utrecht.pk])
    assert _ids(client, phase="research") == [guidance.pk]  # set by the first LSO
    assert _ids(client, phase="reception") == []


def test_updated_since_gives_the_cases_changed_since(director):
    old = build_case(Stage.GUIDANCE, lvv="AMS")
    changed = build_case(Stage.GUIDANCE, lvv="AMS")
    Case.objects.filter(pk__in=[old.pk, changed.pk]).update(
        updated_at=timezone.now() - dt.timedelta(days=10)
    )
    since = timezone.now() - dt.timedelta(days=1)
    case_services.outflow_register(
        case=changed, actor=system_actor(), effective_date=changed.last_lso_date, category="other"
    )
    assert _ids(client_for(director), updated_since=since.isoformat()) == [changed.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"stage": "onbekend"}, "stage"),
        ({"stage": ""}, "stage"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "veel"}, "page_size"),
        ({"updated_since": "gisteren"}, "updated_since"),
        ({"cursor": "onzin"}, "cursor"),
        ({"cursor": "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5"}, "cursor"),  # p=999...: too large
    ],
)
def test_bad_parameters_get_a_dutch_400(director, params, field):
    response = client_for(director).get("/api/v1/cases/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_parameter_given_twice_is_refused(director):
    response = client_for(director).get("/api/v1/cases/?stage=guidance&stage=referred")
    assert response.status_code == 400
    assert response.json() == {"stage": ["Geef deze parameter één keer."]}


def test_updated_since_far_in_the_past_or_future_is_taken_as_the_bounds(director):
    own = build_case(Stage.GUIDANCE, lvv="AMS")
    client = client_for(director)
    assert _ids(client, updated_since="0001-01-01T00:00:00+14:00") == [own.pk]
    assert _ids(client, updated_since="9999-12-31T23:59:59-14:00") == []


def test_an_unknown_api_path_is_a_json_404(director):
    client = client_for(director)
    for url in ("/api/v1/bestaat-niet/", "/api/v1/cases/abc/", "/api/v1/cases/1.5/events/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]


def test_cursor_pages_walk_every_case_once_in_order(director):
    cases = [build_case(Stage.REFERRED, lvv="AMS") for _ in range(5)]
    client = client_for(director)
    seen, url = [], "/api/v1/cases/?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
        if len(seen) == 2:  # a case added while walking does not shift the pages
            cases.append(build_case(Stage.REFERRED, lvv="AMS"))
    assert seen == sorted(case.pk for case in cases)


def test_action_items_of_a_case(director):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    day = case.last_lso_date
    for description, owner in (("Paspoort aanvragen", "DTV"), ("Medisch onderzoek", "NGO-AMS")):
        case_services.action_item_add(
            case=case,
            actor=system_actor(),
            effective_date=day,
            description=description,
            owner_organisation=owner,
            due_date=day + dt.timedelta(days=30),
        )
    case_services.action_item_complete(
        case=case, actor=system_actor(), number=1, effective_date=day
    )
    items = client_for(director).get(f"/api/v1/cases/{case.pk}/action-items/").json()
    assert [(i["number"], i["owner_organisation"], i["done_date"]) for i in items] == [
        (1, "DTV", day.isoformat()),
        (2, "NGO-AMS", None),
    ]
    assert ProcessingLogEntry.objects.filter(operation="read", resource=f"case:{case.pk}").exists()


@pytest.fixture
def discussed_meeting(director):
    """Two AMS cases on one agenda; the second is guided by another NGO than NGO-AMS."""
    guided, other = rest_period_case(), rest_period_case()
    second_ngo = Organisation.objects.create(
        code="NGO2-AMS", name="Tweede ngo Amsterdam", kind="ngo", lvv_id=guided.lvv_id
    )
    Case.objects.filter(pk=other.pk).update(guiding_organisation=second_ngo)  # set-up only
    lso = meeting(director)
    item = lso.items.get(case=guided)
    meeting_services.outcome_record(
        item=item,
        actor=director,
        outcome=meeting_services.OutcomeInput(
            perspective="Terugkeer is realistisch.",
            scenario="departure",
            action_items=(meeting_services.ActionItemInput("Paspoort aanvragen", "DTV"),),
        ),
    )
    return lso, guided, other


def test_meetings_and_their_agenda_as_the_director_sees_them(director, discussed_meeting):
    lso, guided, other = discussed_meeting
    client = client_for(director)
    listed = client.get("/api/v1/meetings/").json()["results"]
    # Planned until the chair closes it.
    assert [(m["id"], m["lvv"], m["status"]) for m in listed] == [(lso.pk, "AMS", "planned")]
    body = client.get(f"/api/v1/meetings/{lso.pk}/").json()
    assert [item["case_id"] for item in body["agenda"]] == [guided.pk, other.pk]
    first = body["agenda"][0]
    assert first["case_reference"] == guided.reference
    assert first["status"] == "discussed" and first["perspective"] == "Terugkeer is realistisch."
    assert first["actions"] == [
        {
            "description": "Paspoort aanvragen",
            "owner": "Dienst Terugkeer en Vertrek",
            "due_date": None,
        }
    ]
    logged = ProcessingLogEntry.objects.filter(resource=f"meeting:{lso.pk}", operation="read")
    assert sorted(logged.values_list("subject_pseudonym", flat=True)) == sorted(
        [guided.person.pseudonym, other.person.pseudonym]
    )


def test_a_counsellor_sees_only_the_agenda_items_of_cases_the_ngo_guides(discussed_meeting):
    lso, guided, _other = discussed_meeting
    counsellor = make_user("begeleider", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    body = client_for(counsellor).get(f"/api/v1/meetings/{lso.pk}/").json()
    assert [item["case_id"] for item in body["agenda"]] == [guided.pk]


def test_a_meeting_of_another_lso_is_404_and_logged_denied(discussed_meeting):
    lso, _guided, _other = discussed_meeting
    rotterdam = make_user("regisseur-rtm", [Role.CASE_DIRECTOR], "GEM-RTM", ["RTM"])
    client = client_for(rotterdam)
    assert client.get("/api/v1/meetings/").json()["results"] == []
    assert client.get(f"/api/v1/meetings/{lso.pk}/").status_code == 404
    assert ProcessingLogEntry.objects.filter(
        operation="denied", resource=f"meeting:{lso.pk}"
    ).exists()


def test_the_monitor_gives_the_pages_suppressed_figures(db):
    for _ in range(6):
        build_case(Stage.GUIDANCE, lvv="AMS")
    build_case(Stage.GUIDANCE, lvv="UTR")
    analyst = make_user("analist", [Role.PROGRAMME_ANALYST], "PROGRAMMA")
    day = dt.date(2021, 1, 1)
    response = client_for(analyst).get("/api/v1/monitor/figures/", {"reference_date": day})
    assert response.status_code == 200
    body = response.json()
    assert body["national"] is True and body["suppressed"] is True
    # Exactly the main table of the monitor page, suppressed as the page does it.
    page = page_figures(day, None, suppress=True)["figures"]["figures"]
    assert body["figures"] == page
    assert body["figures"]["UTR"]["present"] == "<5"
    assert body["figures"]["AMS"]["capacity"] == page["AMS"]["capacity"] > 0  # never hidden
    entry = ProcessingLogEntry.objects.get(activity="monitor")
    assert (entry.operation, entry.resource) == ("export", f"api:monitor:{day.isoformat()}")


def test_a_director_gets_the_monitor_of_the_own_lvvs_only(director):
    body = client_for(director).get("/api/v1/monitor/figures/").json()
    assert body["national"] is False
    assert set(body["figures"]) == {"AMS", "UTR", "total"}
    assert body["reference_date"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("day", ["2999-01-01", "1900-01-01", "morgen"])
def test_the_monitor_refuses_impossible_reference_dates(director, day):
    response = client_for(director).get("/api/v1/monitor/figures/", {"reference_date": day})
    assert response.status_code == 400
    assert "reference_date" in response.json()
