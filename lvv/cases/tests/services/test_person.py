"""Persons: V-number (10 digits, unique through a blind index, never in clear text)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lvv.cases import services
from lvv.cases.models import Person
from lvv.processing_log.models import ProcessingLogEntry
from lvv.testing.builders import make_person

V_NUMBER = "1234567890"


def test_a_person_with_a_v_number_can_be_found_by_it(db, actor):
    person = make_person(v_number=V_NUMBER)
    assert services.person_find_by_v_number(V_NUMBER) == person
    assert services.person_find_by_v_number("1234567891") is None
    assert services.person_find_by_v_number("") is None
    assert Person.objects.get(pk=person.pk).v_number == V_NUMBER  # decrypted on read


@pytest.mark.parametrize("v_number", ["123456789", "12345678901", "12345abcde", "1234 56789"])
def test_a_v_number_must_be_exactly_ten_digits(db, actor, v_number):
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=actor, v_number=v_number, family_name="Proef")
    assert "v_number" in error.value.message_dict
    assert not Person.objects.exists()


def test_a_v_number_is_unique(db, actor):
    make_person(v_number=V_NUMBER)
    logs = ProcessingLogEntry.objects.count()
    with pytest.raises(ValidationError, match="al een persoon met dit V-nummer"):
        services.person_create(actor=actor, v_number=f" {V_NUMBER} ", family_name="Tweede")
    assert Person.objects.count() == 1
    assert ProcessingLogEntry.objects.count() == logs


def test_the_v_number_is_not_stored_in_clear_text(db, actor):
    person = make_person(v_number=V_NUMBER)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v_number, v_number_index, pseudonym FROM cases_person WHERE id = %s",
            [person.pk],
        )
        stored, index, pseudonym = cursor.fetchone()
    assert V_NUMBER not in stored
    assert V_NUMBER not in index
    assert V_NUMBER not in pseudonym
    assert stored != Person.objects.get(pk=person.pk).v_number
    # no text column of the person row holds it
    columns = [
        f.column
        for f in Person._meta.concrete_fields
        if f.get_internal_type() in {"CharField", "TextField"}
    ]
    with connection.cursor() as cursor:
        for column in columns:
            cursor.execute(
                f"SELECT COUNT(*) FROM cases_person WHERE {column} LIKE %s",  # noqa: S608
                [f"%{V_NUMBER}%"],
            )
            assert cursor.fetchone()[0] == 0, column


def test_the_processing_log_names_the_pseudonym_not_the_v_number(db, actor):
    person = make_person(v_number=V_NUMBER)
    entry = ProcessingLogEntry.objects.get(resource=f"person:{person.pk}")
    assert entry.subject_pseudonym == person.pseudonym
    assert (entry.operation, entry.activity) == ("create", "referral")
    assert not ProcessingLogEntry.objects.filter(subject_pseudonym__contains=V_NUMBER).exists()


def test_a_person_needs_a_v_number_or_a_local_reference(db, actor):
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=actor, family_name="Zonder")
    assert "local_reference" in error.value.message_dict


def test_a_local_reference_is_unique(db, actor):
    make_person(local_reference="LOK-1")
    with pytest.raises(ValidationError, match="lokale referentie is al in gebruik"):
        make_person(local_reference="LOK-1")


def test_nationalities_are_iso3_codes(db, actor):
    person = make_person(nationalities=["eri", " syr "])
    assert person.nationalities == ["ERI", "SYR"]
    with pytest.raises(ValidationError):
        make_person(nationalities=["Eritrea"])


@pytest.mark.parametrize(
    "v_number",
    ["１２３４５６７８９０", "١٢٣٤٥٦٧٨٩٠", "12345６7890"],
    ids=["fullwidth", "arabic-indic", "mixed"],
)
def test_a_v_number_is_ten_ascii_digits_not_lookalikes(db, actor, v_number):
    # other scripts' digits would give a different blind index: a duplicate in disguise
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=actor, v_number=v_number, family_name="Proef")
    assert "v_number" in error.value.message_dict
