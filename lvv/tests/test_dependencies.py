"""requirements.lock agrees with pyproject.toml.

``./dev install`` installs the lock and then the project with ``--no-deps``: a dependency
added to pyproject.toml but not to the lock would be missing only on a fresh machine.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in lines]


def _locked() -> dict[str, str]:
    text = (REPO / "requirements.lock").read_text()
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def test_every_declared_dependency_is_locked_at_a_version_it_allows():
    locked = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is missing from requirements.lock: run ./dev lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock pins {name}=={locked[name]}, pyproject.toml asks {requirement}"
        )


def test_every_declared_dependency_has_an_upper_bound():
    for requirement in _declared():
        assert any(spec.operator in ("<", "<=", "==", "~=") for spec in requirement.specifier), (
            f"{requirement} has no upper bound"
        )
