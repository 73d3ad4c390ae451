"""The shared input limits (lvv/inputs.py): the same refusals, in Dutch, in forms, the API
and the caseload import."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

import lvv
from lvv import inputs
from lvv.cases.models import Case, Person
from lvv.cases.vocabulary import Stage
from lvv.imports.services import ImportRefused
from lvv.imports.testing import import_rows, stay_row
from lvv.organisations.models import Lvv
from lvv.roles import Role
from lvv.testing.builders import build_case, make_user
from lvv.testing.web import login_verified

CONTROL = "\x1b[2J"  # an escape sequence (clears a terminal)
BIDI = "\u202e"  # right-to-left override: displays text reversed
CONTROL_MESSAGE = "onzichtbaar stuurteken"


# --- the rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "single_line", "refused"),
    [
        ("Tesfay", True, False),
        ("Ñúñez-García", True, False),
        ("زهرا\u200cاحمدی", True, False),  # a zero-width non-joiner belongs to Persian names
        ("regel 1\nregel 2\tmet tab", False, False),
        ("regel 1\r\nregel 2", False, False),
        ("regel 1\nregel 2", True, True),
        ("a\tb", True, True),
        ("nul\x00byte", False, True),
        (f"kleur{CONTROL}", False, True),
        (f"naam{BIDI}gpj.exe", True, True),
        ("c1\x85", False, True),
        ("del\x7f", False, True),
    ],
)
def test_control_characters(value, single_line, refused):
    assert bool(inputs.check_text(value, single_line=single_line)) is refused


def test_length():
    assert inputs.check_text("x" * 200, max_length=200) == ""
    assert "hoogstens 200 tekens" in inputs.check_text("x" * 201, max_length=200)


def test_dates():
    today = dt.date(2026, 11, 30)
    assert inputs.check_event_date(dt.date(2019, 4, 1), today) == ""
    assert "1 april 2019" in inputs.check_event_date(dt.date(2019, 3, 31), today)
    assert "toekomst" in inputs.check_event_date(dt.date(2026, 12, 1), today)
    assert inputs.check_due_date(dt.date(2031, 11, 30), today) == ""
    assert "5 jaar" in inputs.check_due_date(dt.date(2031, 12, 1), today)
    assert "5 jaar" in inputs.check_date(dt.date(9999, 12, 31), today)
    assert inputs.check_birth_year(2026, today) == ""
    assert "toekomst" in inputs.check_birth_year(2027, today)
    assert inputs.check_birth_year(1899, today)


# --- every form of the system uses them ------------------------------------------------------


def _all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(lvv.__path__, "lvv."):
        name = module.name
        if ".tests" in name or ".migrations" in name or name.endswith("gunicorn_conf"):
            continue
        if name.startswith("lvv.testing") or name == "lvv.__main__":
            continue
        importlib.import_module(name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("lvv.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def test_every_form_of_the_system_applies_the_limits():
    classes = _all_form_classes()
    assert len(classes) > 30
    missing = [
        f"{c.__module__}.{c.__name__}"
        for c in classes
        if not issubclass(c, inputs.InputLimitsMixin)
    ]
    assert missing == []


def test_every_declared_text_field_gets_a_maximum_and_the_character_check():
    for form_class in _all_form_classes():
        for name, declared in form_class.base_fields.items():
            field = declared.__deepcopy__({})
            inputs.limit_field(name, field)
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                assert field.max_length, (form_class, name)
                assert any(isinstance(v, inputs.TextValidator) for v in field.validators), (
                    form_class,
                    name,
                )


# --- forms -------------------------------------------------------------------------------


@pytest.fixture
def director_client(client, case_director):
    login_verified(client, case_director)
    return client


def _referral(client, **fields):
    data = {
        "v_number": "",
        "local_reference": "AMS-LIMIET-1",
        "given_names": "Amanuel",
        "family_name": "Tekle",
        "birth_year": "1990",
        "sex": "M",
        "nationalities": "ERI",
        "lvv": Lvv.objects.get(code="AMS").pk,
        "effective_date": "2026-11-02",
        "referred_by": "ngo",
        "person_choice": "new",
        **fields,
    }
    return client.post(reverse("web:referral_register"), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"family_name": f"Tekle{CONTROL}"}, CONTROL_MESSAGE),
        ({"given_names": f"Amanuel{BIDI}"}, CONTROL_MESSAGE),
        ({"family_name": "Tekle\nTweede regel"}, "één regel"),
        ({"family_name": "T" * 151}, "niet meer dan 150 tekens"),
        ({"referred_by": "x" * 201}, "niet meer dan 200 tekens"),
        ({"effective_date": "2019-03-31"}, "1 april 2019"),
        ({"effective_date": "2999-01-01"}, "toekomst"),
        ({"birth_year": str(timezone.localdate().year + 1)}, "toekomst"),
    ],
)
def test_the_referral_form_refuses_with_a_dutch_message(director_client, fields, message):
    response = _referral(director_client, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.filter(local_reference="AMS-LIMIET-1").exists()


@pytest.mark.django_db
def test_free_text_of_a_case_action_is_limited(director_client):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    url = reverse("web:case_action_scenario", args=[case.pk])
    data = {
        "version": case.version,
        "effective_date": timezone.localdate().isoformat(),
        "scenario": "departure" if case.scenario != "departure" else "residence",
    }
    too_long = director_client.post(url, {**data, "reason": "x" * 4001})
    assert "niet meer dan 4000 tekens" in too_long.content.decode()
    hidden = director_client.post(url, {**data, "reason": f"reden{CONTROL}"})
    assert CONTROL_MESSAGE in hidden.content.decode()
    case.refresh_from_db()
    assert case.version == data["version"]


@pytest.mark.django_db
def test_a_due_date_absurdly_far_ahead_is_refused(director_client):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    url = reverse("web:case_action_actie_toevoegen", args=[case.pk])
    response = director_client.post(
        url,
        {
            "version": case.version,
            "effective_date": timezone.localdate().isoformat(),
            "description": "Paspoort aanvragen",
            "owner_organisation": "NGO-AMS",
            "due_date": "9999-12-31",
        },
    )
    assert "meer dan 5 jaar in de toekomst" in response.content.decode()


@pytest.mark.django_db
def test_meetings_monitor_and_sensitive_forms_refuse_control_characters(director_client):
    case = build_case(Stage.GUIDANCE, lvv="AMS")
    pages = [
        (
            reverse("meetings:discussion_request"),
            {"reference": case.reference, "reason": f"bespreken{BIDI}"},
        ),
        (
            reverse("monitor:measurement_save"),
            {"peildatum": "2020-11-01", "toelichting": f"meting{CONTROL}"},
        ),
        (
            reverse("sensitive:sections", args=[case.pk]),
            {"kind": "medical", "content": f"astma{CONTROL}"},
        ),
    ]
    for url, data in pages:
        response = director_client.post(url, data, follow=True)
        assert CONTROL_MESSAGE in response.content.decode(), url


# --- the API -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_refuses_control_characters_in_dutch(client):
    police = make_user("politie-api", [Role.POLICE_OFFICER], "AVIM")
    login_verified(client, police)
    response = client.post(
        "/api/v1/participants/lookup/",
        {"v_number": f"12345{CONTROL}"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert CONTROL_MESSAGE in body
    assert "Een V-nummer bestaat uit precies 10 cijfers" in body


def test_every_text_field_of_the_api_uses_the_limits():
    from rest_framework import serializers

    from lvv.api import serializers as api_serializers

    for serializer in vars(api_serializers).values():
        if isinstance(serializer, type) and issubclass(serializer, serializers.Serializer):
            if serializer.__module__ != api_serializers.__name__:
                continue
            for name, field in serializer().get_fields().items():
                if isinstance(field, serializers.CharField) and not field.read_only:
                    assert isinstance(field, api_serializers.TextField), (serializer, name)


# --- the import --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_import_refuses_the_same_in_dutch():
    referral = dt.date(2020, 1, 6)
    rows = [
        stay_row("AMS", f"REF{CONTROL}1", referral),  # line 2
        stay_row("AMS", "REF-2", dt.date(2018, 12, 3)),  # line 3: before the programme
        stay_row("AMS", "REF-3", referral) | {"nationality": "ERI\n"},  # line 4
    ]
    with pytest.raises(ImportRefused) as refused:
        import_rows(rows)
    problems = {(error.line, error.column): error.message for error in refused.value.errors}
    assert CONTROL_MESSAGE in problems[(2, "person_ref")]
    assert "1 april 2019" in problems[(3, "referral_date")]
    assert "één regel" in problems[(4, "nationality")]
    assert Case.objects.count() == 0
    assert all("REF" not in message for message in problems.values())
