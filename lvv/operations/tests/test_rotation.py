"""Key rotation: after ``lvv rotate-keys`` the old key can be removed and everything decrypts.

Includes the append-only sensitive sections, rewritten through their one maintenance path;
afterwards their triggers are back and refuse changes as before.
"""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from lvv import crypto
from lvv.access.models import AdministrationKind, AdministrationLogEntry
from lvv.cases.models import Person
from lvv.cases.vocabulary import Stage
from lvv.operations.rotation import encrypted_tables, rotate_all, values_under_old_keys
from lvv.processing_log.append_only import installed_triggers, trigger_names
from lvv.sensitive.models import SensitiveSection
from lvv.sensitive.services import sensitive_section_record
from lvv.testing.builders import build_case, make_person

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def encrypted_under_old_key(db, settings, case_director):
    settings.LVV_FIELD_KEYS = [OLD]
    persons = [make_person(v_number=f"31{n:08d}") for n in range(3)]
    case = build_case(Stage.SHELTERED, lvv="AMS")
    sensitive_section_record(case=case, actor=case_director, kind="medical", content="astma")
    sensitive_section_record(case=case, actor=case_director, kind="medical", content="astma, 2")
    return persons


def test_every_encrypted_column_is_found():
    tables = {table.table: table.columns for table in encrypted_tables()}
    assert tables["cases_person"] == ("v_number",)
    assert tables["sensitive_sensitivesection"] == ("content",)


def test_after_rotation_the_old_key_can_be_removed(encrypted_under_old_key, settings):
    old_tokens = _raw("sensitive_sensitivesection", "content")
    settings.LVV_FIELD_KEYS = [NEW, OLD]
    assert values_under_old_keys()["sensitive_sensitivesection"] == 2

    report = rotate_all()

    assert report.tables["sensitive_sensitivesection"] == 2
    assert report.tables["cases_person"] >= 3
    assert set(values_under_old_keys().values()) == {0}
    new_tokens = _raw("sensitive_sensitivesection", "content")
    assert new_tokens != old_tokens
    settings.LVV_FIELD_KEYS = [NEW]  # the old key retired
    assert sorted(SensitiveSection.objects.values_list("content", flat=True)) == [
        "astma",
        "astma, 2",
    ]
    assert {p.v_number for p in Person.objects.filter(v_number__gt="")} >= {
        f"31{n:08d}" for n in range(3)
    }
    with pytest.raises(crypto.DecryptionError):
        Fernet(NEW.encode())  # a real key ...
        crypto.decrypt(old_tokens[0])  # ... that does not open what the old key wrote


def test_rotation_keeps_the_append_only_guard(encrypted_under_old_key, settings):
    settings.LVV_FIELD_KEYS = [NEW, OLD]
    rotate_all()
    table = "sensitive_sensitivesection"
    assert installed_triggers(connection)[table] == trigger_names(connection.vendor, table)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET content = %s", [crypto.encrypt("vervalst")])  # noqa: S608
    assert "vervalst" not in SensitiveSection.objects.values_list("content", flat=True)


def test_a_second_run_changes_nothing(encrypted_under_old_key, settings):
    settings.LVV_FIELD_KEYS = [NEW, OLD]
    rotate_all()
    tokens = _raw("cases_person", "v_number")
    assert rotate_all().values == 0
    assert _raw("cases_person", "v_number") == tokens


def test_the_command_logs_its_run_and_checks(encrypted_under_old_key, settings, capsys):
    settings.LVV_FIELD_KEYS = [NEW, OLD]
    with pytest.raises(CommandError):
        call_command("rotate-keys", "--check")  # values left under the old key
    call_command("rotate-keys")
    call_command("rotate-keys", "--check")
    entry = AdministrationLogEntry.objects.get(kind=AdministrationKind.KEY_ROTATION)
    assert entry.after["tables"]["sensitive_sensitivesection"] == 2
    assert "lvv-commando" in entry.actor_username
