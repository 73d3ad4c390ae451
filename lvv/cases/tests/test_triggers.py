"""The database itself refuses UPDATE and DELETE on the event history (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from lvv.cases.models import CaseEvent
from lvv.cases.vocabulary import Stage
from lvv.processing_log.append_only import MESSAGE
from lvv.testing.builders import build_case

STATEMENTS = [
    pytest.param(
        "UPDATE cases_caseevent SET effective_date = '2019-01-01' WHERE case_id = %s", id="u"
    ),
    pytest.param("UPDATE cases_caseevent SET data = '{}' WHERE case_id = %s", id="update-data"),
    pytest.param("DELETE FROM cases_caseevent WHERE case_id = %s", id="delete"),
]


def _expect_refused(sql: str, params) -> DatabaseError:
    """Run ``sql`` in its own savepoint; the database must refuse it."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert MESSAGE in str(error.value)
    return error.value


@pytest.mark.parametrize("sql", STATEMENTS)
def test_the_database_refuses_to_change_or_delete_case_events(db, sql):
    case = build_case(Stage.SHELTERED)
    before = list(CaseEvent.objects.filter(case=case).values())
    _expect_refused(sql, [case.pk])
    assert list(CaseEvent.objects.filter(case=case).values()) == before


def test_the_refusal_is_a_database_error_of_the_backend(db):
    case = build_case(Stage.REFERRED)
    error = _expect_refused("DELETE FROM cases_caseevent WHERE case_id = %s", [case.pk])
    # SQLite's RAISE(ABORT) is a constraint failure; PostgreSQL raises insufficient_privilege
    expected = "IntegrityError" if connection.vendor == "sqlite" else "ProgrammingError"
    assert type(error).__name__ == expected


def test_the_orm_cannot_update_or_delete_case_events_either(db):
    case = build_case(Stage.SHELTERED)
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(case=case).update(reason="herschreven")
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseEvent.objects.filter(case=case).delete()
    event = CaseEvent.objects.filter(case=case).first()
    event.reason = "herschreven"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    assert not CaseEvent.objects.filter(reason="herschreven").exists()
    assert CaseEvent.objects.filter(case=case).count() == 4


def test_appending_events_is_still_allowed_and_the_connection_stays_usable(db):
    case = build_case(Stage.REFERRED)
    _expect_refused("DELETE FROM cases_caseevent WHERE case_id = %s", [case.pk])
    build_case(Stage.SHELTERED)  # the test transaction is unharmed by the refused statement
    assert CaseEvent.objects.count() == 1 + 4
