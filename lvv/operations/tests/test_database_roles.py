"""Running the application as a PostgreSQL role that does not own the tables.

The owner (the role of ``lvv migrate``) grants the application role its rights with
``lvv app-role-grants``; the application then works as usual - and can neither drop nor
disable the append-only triggers, nor truncate, nor use the key-rotation maintenance path.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

import psycopg
import pytest

from lvv.operations.tests.conftest import pg_execute

pytestmark = pytest.mark.postgres_only

APP_SCRIPT = """
from django.test import Client
from lvv.access.selectors import access_case, cases_visible_to
from lvv.cases.vocabulary import Stage
from lvv.testing.builders import build_case, make_user
case = build_case(Stage.GUIDANCE, lvv="AMS")
director = make_user("regisseur-app-rol", ["case_director"], "GEM-AMS", ["AMS"])
assert access_case(director, case.pk).pk == case.pk
assert cases_visible_to(director).filter(pk=case.pk).exists()
response = Client().get("/health/")
assert response.status_code == 200, response.content
print("app-ok", case.pk)
"""


@pytest.fixture
def app_role(installation):
    outer = os.environ["DATABASE_URL"]
    role = f"lvv_app_{installation.pg_name}"[-63:]
    pg_execute(outer, f'DROP ROLE IF EXISTS "{role}"', f'CREATE ROLE "{role}" LOGIN')
    grants = installation.lvv("app-role-grants", role, "--execute")
    assert "opdrachten uitgevoerd" in grants.stdout
    yield role
    installation.execute(f'DROP OWNED BY "{role}"')
    pg_execute(outer, f'DROP DATABASE IF EXISTS "{installation.pg_name}" WITH (FORCE)')
    pg_execute(outer, f'DROP ROLE IF EXISTS "{role}"')


def _as(installation, role: str) -> str:
    return urlparse(installation.database_url)._replace(netloc=f"{role}@127.0.0.1:5432").geturl()


def _refused(conn, sql: str, params=()) -> str:
    with pytest.raises(psycopg.Error) as error, conn.transaction():
        conn.execute(sql, params)
    return str(error.value)


def test_the_application_works_as_a_role_that_does_not_own_the_tables(installation, app_role):
    app_url = _as(installation, app_role)
    done = installation.lvv("shell", "-c", APP_SCRIPT, DATABASE_URL=app_url)
    assert "app-ok" in done.stdout
    installation.lvv("migrate", "--check", DATABASE_URL=app_url)


def test_the_application_role_cannot_undo_the_append_only_guarantee(installation, app_role):
    with psycopg.connect(_as(installation, app_role), autocommit=True) as conn:
        assert "must be owner" in _refused(
            conn, "DROP TRIGGER cases_caseevent_append_only ON cases_caseevent"
        )
        assert "must be owner" in _refused(
            conn, "ALTER TABLE processing_log_processinglogentry DISABLE TRIGGER ALL"
        )
        assert "permission denied" in _refused(conn, "TRUNCATE processing_log_processinglogentry")
        assert "permission denied" in _refused(conn, "UPDATE cases_caseevent SET reason = 'x'")
        assert "permission denied" in _refused(conn, "DELETE FROM processing_log_auditrecord")
        assert "permission denied" in _refused(
            conn, "CREATE TABLE evil (id int)"
        )  # no schema changes either
        # It can read and append, as the application does.
        assert conn.execute("SELECT COUNT(*) FROM cases_caseevent").fetchone()[0] > 0


def test_the_maintenance_path_is_the_owners_only(installation, app_role):
    from cryptography.fernet import Fernet

    old_key = (installation.data_dir / "field_key").read_text().strip()
    token = Fernet(old_key.encode()).encrypt(b"medische situatie").decode()
    installation.execute(
        "INSERT INTO sensitive_sensitivesection (case_id, kind, content, recorded_at) "
        "SELECT id, 'medical', %s, now() FROM cases_case ORDER BY id LIMIT 1",
        [token],
    )
    # Even with UPDATE granted, the trigger lets key rotation through for the owner only.
    installation.execute(
        f'GRANT UPDATE ON sensitive_sensitivesection, cases_caseevent TO "{app_role}"'
    )
    with psycopg.connect(_as(installation, app_role), autocommit=True) as conn:
        for sql in (
            "UPDATE sensitive_sensitivesection SET content = content || ''",
            "UPDATE cases_caseevent SET reason = 'x'",
        ):
            message = _refused(conn, f"SET LOCAL lvv.maintenance = 'key_rotation'; {sql}")
            assert "append-only table" in message
    installation.execute(f'REVOKE UPDATE ON sensitive_sensitivesection FROM "{app_role}"')

    new_keys = f"{Fernet.generate_key().decode()},{old_key}"
    refused = installation.lvv(
        "rotate-keys",
        check=False,
        DATABASE_URL=_as(installation, app_role),
        LVV_FIELD_KEYS=new_keys,
    )
    assert refused.returncode != 0
    assert installation.query("SELECT content FROM sensitive_sensitivesection") == [(token,)]
    installation.lvv("rotate-keys", LVV_FIELD_KEYS=new_keys)  # as the owner
    [(rotated,)] = installation.query("SELECT content FROM sensitive_sensitivesection")
    assert rotated != token
