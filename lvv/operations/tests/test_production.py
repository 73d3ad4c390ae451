"""The production mode, started as an operator starts it: ``lvv`` commands in a subprocess.

- fail closed: no generated keys in production, a Dutch/English message instead;
- ``lvv demo`` (and ``generate``, ``demo-code``) refuse in production;
- ``lvv check --deploy`` has nothing to say with the production settings;
- ``lvv serve``: gunicorn with the packaged configuration, whitenoise with hashed and
  compressed static files collected at installation (no node_modules at run time), the
  health endpoint, HTTPS settings, ``Cache-Control: no-store``, and an access log without
  query strings.
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import socket
import subprocess
import sys
import time

import pytest
from cryptography.fernet import Fernet

from lvv.operations.tests.conftest import REPO

V_NUMBER = "2468013579"


def production_keys() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LVV_FIELD_KEYS": Fernet.generate_key().decode(),
        "LVV_INDEX_KEY": secrets.token_urlsafe(32),
    }


def production(installation, **extra) -> dict:
    """The environment of a production start: no LVV_EMBEDDED, no DEBUG, keys given."""
    keys = {
        "SECRET_KEY": (installation.data_dir / "secret_key").read_text().strip(),
        "LVV_FIELD_KEYS": (installation.data_dir / "field_key").read_text().strip(),
        "LVV_INDEX_KEY": (installation.data_dir / "index_key").read_text().strip(),
    }
    return {
        "LVV_EMBEDDED": None,
        "DEBUG": None,
        "ALLOWED_HOSTS": "lvv.example.nl,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "https://lvv.example.nl",
        "LVV_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
        **keys,
        **extra,
    }


def test_a_production_start_without_keys_stops_with_a_message(installation, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    done = installation.lvv(
        "check",
        check=False,
        LVV_EMBEDDED=None,
        DEBUG=None,
        LVV_DATA_DIR=str(data_dir),
        SECRET_KEY=None,
        LVV_FIELD_KEYS=None,
        LVV_INDEX_KEY=None,
    )
    assert done.returncode == 2
    assert "Ontbrekende geheime sleutel(s): SECRET_KEY, LVV_FIELD_KEYS, LVV_INDEX_KEY" in (
        done.stderr
    )
    assert "Missing secret key(s)" in done.stderr
    assert "Traceback" not in done.stderr
    assert not any((data_dir / name).exists() for name in ("secret_key", "field_key", "index_key"))


def test_one_missing_key_is_named(installation):
    keys = production_keys()
    done = installation.lvv(
        "check", check=False, LVV_EMBEDDED=None, DEBUG=None, **{**keys, "LVV_INDEX_KEY": None}
    )
    assert done.returncode == 2
    assert "sleutel(s): LVV_INDEX_KEY." in done.stderr


def test_a_malformed_field_key_stops_the_start(installation):
    done = installation.lvv(
        "check", check=False, **production(installation, LVV_FIELD_KEYS="geen-fernet-sleutel")
    )
    assert done.returncode == 2
    assert "geen geldige Fernet-sleutel" in done.stderr


def test_the_embedded_mode_still_generates_its_keys(installation, tmp_path):
    data_dir = tmp_path / "embedded"
    done = installation.lvv(
        "check", LVV_DATA_DIR=str(data_dir), DATABASE_URL=f"sqlite:///{data_dir / 'x.sqlite3'}"
    )
    assert done.returncode == 0
    assert (data_dir / "field_key").exists()
    assert (data_dir / "field_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("command", [["demo"], ["generate", "--cases", "1"], ["demo-code"]])
def test_demo_commands_refuse_in_production(installation, command):
    done = installation.lvv(*command, check=False, **production(installation))
    assert done.returncode != 0
    assert "weigert in productie" in done.stderr
    assert "refuses to run in production" in done.stderr


def test_check_deploy_has_no_warnings_in_production(installation):
    done = installation.lvv(
        "check", "--deploy", "--fail-level", "WARNING", **production(installation)
    )
    assert "System check identified no issues (0 silenced)." in done.stdout, (
        done.stdout + done.stderr
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "lvv.example.nl", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture
def served(installation, tmp_path):
    """``lvv serve`` in production mode, with static files collected beforehand."""
    env = production(installation)
    installation.lvv("collectstatic", "--no-input", **env)
    port = _free_port()
    out, err = tmp_path / "stdout.log", tmp_path / "stderr.log"
    run_env = installation.environment(
        **env,
        LVV_NODE_MODULES=str(tmp_path / "no-node-modules"),  # none at run time
        LVV_WORKERS="1",
        LVV_THREADS="2",
    )
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "lvv", "serve", "--bind", f"127.0.0.1:{port}"],
            env=run_env,
            cwd=REPO,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, err.read_text()[-3000:]
            try:
                if _get(port, "/health/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, err.read_text()[-3000:]
            time.sleep(0.2)
        yield port, out, err
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_lvv_serve_in_production(served):
    port, out, err = served

    status, headers, body = _get(port, "/health/")  # plain HTTP: exempt from the redirect
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-store" in headers["Cache-Control"]

    status, headers, _body = _get(port, "/inloggen/")  # plain HTTP: to HTTPS
    assert status == 301
    assert headers["Location"].startswith("https://")

    status, headers, body = _get(port, "/inloggen/", HTTPS)
    page = body.decode()
    assert status == 200
    assert "no-store" in headers["Cache-Control"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Secure" in headers["Set-Cookie"]
    stylesheet = re.search(r'href="(/static/web/lvv\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "hashed static file names in production"

    status, headers, body = _get(
        port, stylesheet.group(1), {**HTTPS, "Accept-Encoding": "gzip, br"}
    )
    assert status == 200
    assert headers.get("Content-Encoding") in {"gzip", "br"}
    assert "immutable" in headers["Cache-Control"]
    assert "no-store" not in headers["Cache-Control"]

    status, headers, _body = _get(port, f"/casussen/?q={V_NUMBER}&naam=Jansen", HTTPS)
    assert status == 302

    time.sleep(0.5)  # let the access log line reach the file
    logs = out.read_text() + err.read_text()
    assert "/casussen/" in logs
    assert V_NUMBER not in logs
    assert "Jansen" not in logs
    assert "?q=" not in logs
    assert "trace=" in logs
