"""Typed event payloads: the stored JSON reads back unchanged, bad JSON gives Dutch reasons.

Pure: no database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvv.cases import payloads
from lvv.cases.events import EventType
from lvv.cases.rules import AdmissionFacts

# The JSON each event type was stored with before payloads were typed, as the services wrote
# it: reading it and writing it again must give the same JSON (no data migration needed).
STORED = {
    EventType.REFERRAL_REGISTERED: {"referred_by": "ngo"},
    EventType.ADMISSION_CHECKED: {
        "facts": dataclasses.asdict(AdmissionFacts(eu_citizen=True)),
        "reasons": ["eu_citizen"],
    },
    EventType.ADMISSION_DECIDED: {
        "outcome": "admitted",
        "grounds": "",
        "exception_reason": "humanitair",
    },
    EventType.INTAKE_REGISTERED: {},
    EventType.DOSSIER_REQUESTED: {},
    EventType.DOSSIER_PART_DELIVERED: {"part": "ind", "summary": "procedures"},
    EventType.LSO_DISCUSSED: {
        "perspective": "vertrek",
        "scenario": "departure",
        "phase": "",
        "cooperation": "good",
        "agreed": False,
        "dissenting_organisations": ["IND"],
        "notes": "notulen",
        "meeting_id": 7,
    },
    EventType.PHASE_CHANGED: {"phase": "reception"},
    EventType.ACTION_ITEM_ADDED: {
        "description": "paspoort",
        "owner_organisation": "DTV",
        "due_date": "2020-02-29",
    },
    EventType.ACTION_ITEM_COMPLETED: {"number": 1},
    EventType.REVIEW_HELD: {"cooperation": "partial", "notes": ""},
    EventType.MRT_REFERRED: {"question": "wat nu?", "positions": {"IND": "geen verblijf"}},
    EventType.MRT_ADVISED: {"advice": "vertrek"},
    EventType.SCENARIO_CHANGED: {"scenario": "residence"},
    EventType.OUTFLOW_REGISTERED: {"category": "departure_origin", "notes": ""},
    EventType.EVENT_CORRECTED: {"void": False, "effective_date": "2020-01-08"},
    EventType.PERSON_MERGED: {"kept_person": "uuid-1", "removed_person": "uuid-2"},
}
# Optional parts the services leave out or write as null.
ALSO_STORED = [
    (EventType.LSO_DISCUSSED, {**STORED[EventType.LSO_DISCUSSED], "meeting_id": None}),
    (EventType.ACTION_ITEM_ADDED, {**STORED[EventType.ACTION_ITEM_ADDED], "due_date": None}),
    (EventType.EVENT_CORRECTED, {"void": True}),
    (EventType.EVENT_CORRECTED, {"void": False, "data": {"cooperation": "good"}}),
]


def test_every_event_type_has_one_payload_definition():
    assert set(payloads.PAYLOADS) == set(EventType.values)
    assert set(STORED) == set(EventType.values)


@pytest.mark.parametrize("event_type", list(STORED))
def test_stored_json_reads_back_without_a_problem_and_writes_out_unchanged(event_type):
    payload, problems = payloads.read(event_type, STORED[event_type])
    assert problems == []
    assert payload.to_data() == STORED[event_type]
    assert json.loads(json.dumps(payload.to_data())) == STORED[event_type]


@pytest.mark.parametrize(("event_type", "data"), ALSO_STORED)
def test_empty_optional_parts_are_left_out_or_kept_as_null_as_before(event_type, data):
    expected = {key: value for key, value in data.items() if key != "meeting_id" or value}
    assert payloads.load(event_type, data).to_data() == expected


def test_the_payload_reads_as_typed_values():
    item = payloads.load(EventType.ACTION_ITEM_ADDED, STORED[EventType.ACTION_ITEM_ADDED])
    assert item.due_date == dt.date(2020, 2, 29)
    bad = payloads.load(EventType.ACTION_ITEM_ADDED, {"due_date": "morgen"})
    assert bad.due_date is None  # read leniently; strictly, it is a reason (below)
    check = payloads.load(EventType.ADMISSION_CHECKED, STORED[EventType.ADMISSION_CHECKED])
    assert check.facts == AdmissionFacts(eu_citizen=True)
    lso = payloads.load(EventType.LSO_DISCUSSED, STORED[EventType.LSO_DISCUSSED])
    assert lso.dissenting_organisations == ("IND",) and lso.agreed is False


def test_missing_keys_take_the_defaults_and_are_reported_by_the_required_check():
    payload, problems = payloads.read(EventType.REVIEW_HELD, {})
    assert problems == [] and payload.cooperation == ""
    assert payload.problems() == ["De beoordeling van de medewerking heeft geen geldige waarde."]
    assert payloads.ReferralRegistered().problems() == [
        "Wie de persoon heeft aangemeld is verplicht."
    ]


def test_an_unknown_key_and_a_value_of_the_wrong_kind_are_dutch_reasons():
    _payload, problems = payloads.read(
        EventType.ACTION_ITEM_ADDED,
        {"description": ["x"], "owner_organisation": "IND", "due_date": "morgen", "prio": 1},
    )
    assert problems == [
        "Onbekend gegeven: 'prio'.",
        "De omschrijving heeft geen geldige waarde.",
        "De streefdatum is geen geldige datum.",
    ]
    assert [getattr(problem, "field", "") for problem in problems] == [
        "",
        "description",
        "due_date",
    ]


def test_an_unknown_event_type_is_a_reason_not_an_error():
    assert payloads.read("teleported", {"x": 1}) == (None, ["Onbekende handeling."])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@given(
    event_type=st.sampled_from(sorted(EventType.values)),
    data=st.dictionaries(
        st.sampled_from(["referred_by", "facts", "outcome", "part", "scenario", "agreed"])
        | st.sampled_from(["due_date", "number", "positions", "dissenting_organisations"])
        | st.text(max_size=8),
        JSON,
        max_size=6,
    ),
)
def test_no_json_makes_reading_a_payload_raise(event_type, data):
    payload, problems = payloads.read(event_type, data)
    assert all(isinstance(problem, str) and problem for problem in problems)
    payloads.load(event_type, data)
    payload.problems()
    json.dumps(payload.to_data())


KNOWN_KINDS = {
    payloads.TEXT,
    payloads.INTEGER,
    payloads.BOOLEAN,
    payloads.DATE,
    payloads.TEXT_LIST,
    payloads.TEXT_MAP,
    payloads.OBJECT,
    payloads.MAPPING,
}


def test_every_field_describes_itself_well_enough_for_a_form_or_an_api_schema():
    """What a generated serializer per event type needs: name, kind, Dutch label, required,
    choices - as plain data (here: a JSON schema-like description of every payload)."""

    def describe(cls) -> dict:
        return {
            spec.name: {
                "kind": spec.kind,
                "label": str(spec.label),
                "required": spec.required,
                "choices": list(spec.choice_values),
                **({"fields": describe(spec.nested)} if spec.kind == payloads.OBJECT else {}),
            }
            for spec in payloads.specs_of(cls)
        }

    schema = {event_type: describe(cls) for event_type, cls in payloads.PAYLOADS.items()}
    json.dumps(schema)
    for fields in schema.values():
        for name, field in fields.items():
            assert field["kind"] in KNOWN_KINDS, name
            assert field["label"] and field["label"] != name, name
    assert schema["outflow_registered"]["category"]["required"] is True
    assert "forced_termination" in schema["outflow_registered"]["category"]["choices"]
    assert schema["admission_checked"]["facts"]["fields"]["eu_citizen"]["kind"] == "boolean"
