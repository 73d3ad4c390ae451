"""The bulk writer stores exactly what the ORM stores, and the tables' triggers still apply.

``insert_objects`` and ``insert_rows`` skip the query compiler (and on PostgreSQL send the
rows with COPY); these tests write twin rows once through ``bulk_create`` and once through
them and compare every column as the ORM reads it back.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from lvv import crypto
from lvv.bulk_write import insert_objects, insert_rows
from lvv.cases.models import Case, CaseEvent, Person
from lvv.organisations.models import Lvv, Organisation

pytestmark = pytest.mark.django_db

SKIPPED = {"id", "created_at", "updated_at"}  # the key, and the write's own clock


def _columns(model, pk) -> dict:
    """Every column as the ORM reads it back (encrypted fields decrypted)."""
    row = model.objects.filter(pk=pk).values().get()
    return {name: value for name, value in row.items() if name not in SKIPPED}


def _person(key: uuid.UUID, v_number: str = "1234567890") -> Person:
    person = Person(
        uuid=key,
        local_reference="",
        given_names="Amal",
        family_name="Testpersoon",
        birth_date=dt.date(1990, 2, 28),
        birth_year=1990,
        sex="F",
        nationalities=["ERI", "ETH"],
        languages=["ti"],
        identity_doubt=True,
    )
    person.set_v_number(v_number)
    person.pseudonym = crypto.keyed_hash("person", str(key))
    return person


def test_insert_objects_stores_what_bulk_create_stores_for_a_person():
    key = uuid.uuid4()
    (orm,) = Person.objects.bulk_create([_person(key)])
    expected = _columns(Person, orm.pk)
    orm.delete()  # frees the unique uuid, pseudonym and V-number index for the twin

    (bulk,) = insert_objects([_person(key)])

    assert bulk.pk is not None and not bulk._state.adding
    assert _columns(Person, bulk.pk) == expected
    assert Person.objects.get(pk=bulk.pk).v_number == "1234567890"  # decrypts as written


def test_insert_objects_stores_what_bulk_create_stores_for_a_case():
    lvv = Lvv.objects.get(code="AMS")
    ngo = Organisation.objects.get(code="NGO-AMS")
    persons = Person.objects.bulk_create(
        [_person(uuid.uuid4(), "1000000001"), _person(uuid.uuid4(), "1000000002")]
    )

    def twin(person) -> Case:
        return Case(
            person=person,
            lvv=lvv,
            guiding_organisation=ngo,
            version=3,
            stage="guidance",
            referral_date=dt.date(2020, 1, 6),
            admission_reasons=["eu_citizen", "no_regional_ties"],
            safe_country_national=True,
            within_target_group=False,
            exception_reason="humanitair",
            intake_date=dt.date(2020, 1, 27),
            scenario="departure",
            mrt_referral_count=2,
        )

    (orm,) = Case.objects.bulk_create([twin(persons[0])])
    (bulk,) = insert_objects([twin(persons[1])])

    expected, actual = _columns(Case, orm.pk), _columns(Case, bulk.pk)
    assert expected.pop("person_id") == persons[0].pk
    assert actual.pop("person_id") == persons[1].pk
    assert actual == expected


EVENT_FIELDS = (
    "case",
    "sequence",
    "type",
    "effective_date",
    "recorded_at",
    "actor",
    "organisation",
    "data",
    "reason",
    "corrects",
)
DATA = [
    {"outcome": "admitted", "grounds": "", "exception_reason": ""},
    {"flag": True, "one": 1, "nested": {"list": [1, "twee", None]}, "fraction": 0.5},
    {"flag": 1, "one": True},  # equal to the one above in Python, not in JSON
    {},
]


def test_insert_rows_stores_what_bulk_create_stores_for_events():
    lvv = Lvv.objects.get(code="AMS")
    organisation = Organisation.objects.get(code="GEM-AMS")
    persons = [_person(uuid.uuid4(), "1000000003"), _person(uuid.uuid4(), "1000000004")]
    Person.objects.bulk_create(persons)
    orm_case, bulk_case = Case.objects.bulk_create(
        [Case(person=persons[0], lvv=lvv), Case(person=persons[1], lvv=lvv)]
    )
    recorded = timezone.now()

    def rows(case):
        return [
            (case.pk, number, "lso_discussed", dt.date(2020, 2, number), recorded, None)
            + (organisation.pk, data, "reden" if number % 2 else "", None)
            for number, data in enumerate(DATA, start=1)
        ]

    attnames = [CaseEvent._meta.get_field(name).attname for name in EVENT_FIELDS]
    CaseEvent.objects.bulk_create(
        CaseEvent(**dict(zip(attnames, row, strict=True))) for row in rows(orm_case)
    )
    insert_rows(CaseEvent, EVENT_FIELDS, rows(bulk_case))

    def read(case):
        return [
            {k: v for k, v in model_to_dict(event).items() if k not in ("id", "case")}
            | {"recorded_at": event.recorded_at}
            for event in CaseEvent.objects.filter(case=case).order_by("sequence")
        ]

    written = read(bulk_case)
    assert written == read(orm_case)
    assert [event["data"] for event in written] == DATA
    assert type(written[1]["data"]["flag"]) is bool and type(written[2]["data"]["flag"]) is int


def _refuse_inserts_of(reason: str) -> None:
    """A BEFORE INSERT trigger on the event table that refuses rows with this reason."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse_event() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.reason = '{reason}' THEN RAISE EXCEPTION 'refused by trigger'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER test_refuse_event BEFORE INSERT ON cases_caseevent "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse_event()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER test_refuse_event BEFORE INSERT ON cases_caseevent "
                f"WHEN NEW.reason = '{reason}' BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END"
            )


def test_bulk_writes_fire_the_tables_triggers():
    lvv = Lvv.objects.get(code="AMS")
    person = _person(uuid.uuid4())
    Person.objects.bulk_create([person])
    (case,) = insert_objects([Case(person=person, lvv=lvv)])
    _refuse_inserts_of("blocked")
    head = (case.pk, 1, "lso_discussed", dt.date(2020, 2, 1), timezone.now(), None, None, {})
    with pytest.raises(DatabaseError), transaction.atomic():
        insert_rows(CaseEvent, EVENT_FIELDS, [(*head, "blocked", None)])
    assert not CaseEvent.objects.filter(case=case).exists()
    insert_rows(CaseEvent, EVENT_FIELDS, [(*head, "allowed", None)])
    event = CaseEvent.objects.get(case=case)
    # ... and the append-only triggers keep the written row as it is
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(reason="changed")
