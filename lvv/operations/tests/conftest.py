"""Real installations in subprocesses: the way operators meet ``lvv`` commands.

Backups, restores, the production start and the database roles cannot be tested inside the
test database's transaction: each test here gets its own database - a copy of one that
``lvv migrate`` and ``lvv demo`` filled once per session - on the backend the suite runs
on (a SQLite file, or a PostgreSQL database made from a template), and runs ``lvv`` as a
command against it.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[3]
DEMO_CASES = 8
_numbers = itertools.count(1)


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), autocommit=True)


def pg_execute(url: str, *statements: str) -> None:
    with _pg_admin(url) as conn:
        for statement in statements:
            conn.execute(statement)


def base_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LVV_", "DJANGO_", "PYTEST")) and key not in {"DATABASE_URL"}
    }
    env.update({"PYTHONUNBUFFERED": "1", "LVV_EMBEDDED": "1", "ALLOWED_HOSTS": "testserver"})
    env.pop("SECRET_KEY", None)
    env.pop("DEBUG", None)
    return env


@dataclass
class Installation:
    """One installation: a data directory (keys, SQLite file) and a database."""

    data_dir: Path
    database_url: str
    env: dict[str, str] = field(default_factory=dict)
    pg_name: str | None = None

    @property
    def vendor(self) -> str:
        return "postgresql" if self.pg_name else "sqlite"

    def environment(self, **extra: str) -> dict[str, str]:
        env = {
            **base_env(),
            "LVV_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url,
            **self.env,
        }
        for key, value in extra.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def lvv(self, *args: str, check: bool = True, timeout: int = 600, **extra):
        done = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "lvv", *args],
            env=self.environment(**extra),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"lvv {' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
                f"{done.stderr[-3000:]}"
            )
        return done

    def query(self, sql: str, params=()) -> list[tuple]:
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as conn:
                return conn.execute(sql, params).fetchall()
        with sqlite3.connect(urlparse(self.database_url).path[1:]) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def execute(self, sql: str, params=()) -> None:
        """As the owner: a statement without result rows (DDL, GRANT, INSERT)."""
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as conn:
                conn.execute(sql, params)
            return
        with sqlite3.connect(urlparse(self.database_url).path[1:]) as conn:
            conn.execute(sql.replace("%s", "?"), params)

    def triggers(self) -> set[str]:
        if self.pg_name:
            rows = self.query(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE p.proname = 'lvv_reject_change'"
            )
        else:
            rows = self.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in rows}


def _outer_pg_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def _pg_name(suffix: str) -> str:
    base = os.environ.get("LVV_TEST_DATABASE_NAME") or "test_lvv"
    return f"{base}_ops_{suffix}"[:63]


def empty_installation(tmp_root: Path, name: str) -> Installation:
    """A fresh data directory and an empty database (nothing migrated)."""
    data_dir = tmp_root / name
    data_dir.mkdir(parents=True)
    outer = _outer_pg_url()
    if outer:
        pg_name = _pg_name(name)
        pg_execute(outer, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        pg_execute(outer, f'CREATE DATABASE "{pg_name}"')
        url = urlparse(outer)._replace(path=f"/{pg_name}").geturl()
        return Installation(data_dir, url, pg_name=pg_name)
    return Installation(data_dir, f"sqlite:///{data_dir / 'lvv.sqlite3'}")


def drop(installation: Installation) -> None:
    outer = _outer_pg_url()
    if installation.pg_name and outer:
        pg_execute(outer, f'DROP DATABASE IF EXISTS "{installation.pg_name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def operations_root() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="lvv-ops-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def template_installation(operations_root) -> Iterator[Installation]:
    """Migrated, with demo data (cases, persons with V-numbers, users): built once."""
    template = empty_installation(operations_root, "template")
    template.lvv("migrate", "--no-input")
    template.lvv("demo", "--cases", str(DEMO_CASES), "--seed", "11")
    yield template
    drop(template)


@pytest.fixture
def installation(template_installation, operations_root) -> Iterator[Installation]:
    """A private copy of the template installation (same keys, same data)."""
    name = f"copy{next(_numbers)}"
    data_dir = operations_root / name
    shutil.copytree(template_installation.data_dir, data_dir)
    if template_installation.pg_name:
        pg_name = _pg_name(name)
        outer = _outer_pg_url()
        pg_execute(outer, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        pg_execute(outer, f'CREATE DATABASE "{pg_name}" TEMPLATE "{template_installation.pg_name}"')
        url = urlparse(outer)._replace(path=f"/{pg_name}").geturl()
        copy = Installation(data_dir, url, pg_name=pg_name)
    else:
        copy = Installation(data_dir, f"sqlite:///{data_dir / 'lvv.sqlite3'}")
    yield copy
    drop(copy)
