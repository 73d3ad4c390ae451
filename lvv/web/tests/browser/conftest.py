"""Browser tests: the real server in a subprocess, driven by Playwright in Debian's Chromium.

The server runs against its own database (a fresh PostgreSQL database next to the test
database when the suite runs on PostgreSQL, else a SQLite file in a temporary data dir),
filled by ``lvv migrate`` and ``lvv demo``. pytest-django's ``live_server`` is not used: the
append-only triggers make its flush between tests impossible, and a separate process is what
users meet anyway (gunicorn, whitenoise, the strict Content-Security-Policy).

Every demo user logs in once per test session (password and two-factor code); django-otp
refuses a code twice for one device, so contexts are cached and reused, and a second context
for the same user (axe-core needs one that bypasses the CSP) copies the session cookie.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lvv.testing.system import require_system
from lvv.web.tests.browser.support import Users

# The sync Playwright API runs an event loop in this thread; Django would then refuse any
# (test-side) database access. The browser tests never touch this process's database, but
# the guard must not fire on imports that peek at settings. Test settings only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO = Path(__file__).resolve().parents[4]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_CASES = 40
DEMO_SEED = 7


# --- the server ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_admin(url: str):
    """An autocommit connection to the server's maintenance database."""
    import psycopg

    last_error: Exception | None = None
    for maintenance in ("postgres", "template1"):
        try:
            return psycopg.connect(
                urlparse(url)._replace(path=f"/{maintenance}").geturl(), autocommit=True
            )
        except psycopg.OperationalError as error:
            last_error = error
    raise RuntimeError(f"no maintenance database on the PostgreSQL server: {last_error}")


def _pg_drop(url: str, name: str) -> None:
    from psycopg import sql

    with _pg_admin(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _pg_create(url: str, name: str) -> str:
    from psycopg import sql

    _pg_drop(url, name)
    with _pg_admin(url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlparse(url)._replace(path=f"/{name}").geturl()


def _run_lvv(args: list[str], env: dict, log: Path) -> None:
    with log.open("a") as out:
        out.write(f"$ lvv {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "lvv", *args],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"lvv {' '.join(args)} failed:\n{log.read_text()[-4000:]}")


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - localhost
                if response.status == 200:  # noqa: PLR2004
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Base URL of a real server (gunicorn) on its own database with the demo data."""
    require_system(
        CHROMIUM.exists(), f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium')"
    )
    data_dir = Path(tempfile.mkdtemp(prefix="lvv-browser-"))
    log = data_dir / "server.log"
    outer_url = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if outer_url.startswith("postgres"):
        pg_name = (os.environ.get("LVV_TEST_DATABASE_NAME") or "test_lvv") + "_browser"
        database_url = _pg_create(outer_url, pg_name)
    else:
        database_url = f"sqlite:///{data_dir / 'lvv.sqlite3'}"
    env = {
        **os.environ,
        "LVV_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = None
    try:
        _run_lvv(["migrate", "--no-input"], env, log)
        _run_lvv(["demo", "--cases", str(DEMO_CASES), "--seed", str(DEMO_SEED)], env, log)
        port = _free_port()
        with log.open("a") as out:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "lvv.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    # Threads: Chromium opens spare connections it may never use; a plain
                    # sync worker would sit on one until its timeout.
                    "--threads",
                    "8",
                    "--timeout",
                    "120",
                    "--no-control-socket",
                ],
                env=env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base_url}/inloggen/", process, log)
        yield base_url
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if pg_name:
            _pg_drop(outer_url, pg_name)
        shutil.rmtree(data_dir, ignore_errors=True)


# --- the browser and logged-in users ---------------------------------------------------


@pytest.fixture(scope="session")
def browser(server):
    from playwright import sync_api  # a dev dependency: never skipped when missing

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def users(browser, server) -> Iterator[Users]:
    registry = Users(browser, server)
    yield registry
    registry.close()
