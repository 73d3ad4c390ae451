"""``./dev start`` (the demo) must not run in Django's debug mode: its 404 page lists every
URL of the application to anyone (bug 10 of issue 12). The pages keep their styling
without it: whitenoise serves the static files.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

REPO = Path(__file__).resolve().parents[2]


def _fake_venv(tmp_path: Path) -> tuple[Path, Path]:
    """A virtualenv whose ``lvv`` only writes down how it was called, marked as installed
    for the current lock, and an ``npm`` that does nothing: nothing is installed."""
    venv, tools = tmp_path / "venv", tmp_path / "tools"
    (venv / "bin").mkdir(parents=True)
    tools.mkdir()
    scripts = {
        venv / "bin" / "python": "exit 0",
        venv / "bin" / "lvv": f'echo "$1 DEBUG=${{DEBUG-}}" >> {tmp_path / "calls"}',
        tools / "npm": "exit 0",
    }
    for script, body in scripts.items():
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    lock = (REPO / "requirements.lock").read_bytes() + (REPO / "pyproject.toml").read_bytes()
    (venv / ".installed").write_text(hashlib.sha256(lock).hexdigest() + "\n")
    return venv, tools


def test_dev_start_runs_the_demo_without_debug_mode(tmp_path):
    venv, tools = _fake_venv(tmp_path)
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env["LVV_VENV"] = str(venv)
    env["PATH"] = f"{tools}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run(  # noqa: S603 - our own script
        [str(REPO / "dev"), "start"], cwd=REPO, env=env, check=True, capture_output=True, timeout=60
    )
    calls = (tmp_path / "calls").read_text().split("\n")
    assert [call.split()[0] for call in calls if call] == ["migrate", "demo", "runserver"]
    for call in calls:
        if call:
            assert call.split()[1] in ("DEBUG=", "DEBUG=0"), call


@pytest.mark.django_db
def test_without_debug_a_missing_page_is_the_plain_dutch_404_and_styles_are_served(client):
    response = client.get("/bestaat-niet/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Niet gevonden" in body
    assert "URLconf" not in body and "beheer/" not in body and "api/v1/" not in body
    css = client.get("/static/web/lvv.css")
    assert css.status_code == 200
    assert b".lvv-header" in b"".join(css.streaming_content)
    assert reverse("web:home") in body  # the way back
