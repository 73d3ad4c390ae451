"""The floors of docs/architecture.md, checked: no module imports from a floor above its own.

Ground (logging, encryption, the processing log, roles, bulk writing, spreadsheet cells) <
core (cases, organisations) < features (meetings, monitor, imports, access, sensitive) <
faces (web, api). Tests and the tools (demo, testing helpers) may use every floor. And a
view module is nobody's library: what two apps share lives on a floor below both.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]  # the lvv package

FLOORS = {
    "ground": [
        "lvv.config",
        "lvv.logs",
        "lvv.roles",
        "lvv.bulk_write",
        "lvv.spreadsheet",
        "lvv.inputs",
        "lvv.crypto",
        "lvv.processing_log",
    ],
    "core": ["lvv.cases", "lvv.organisations"],
    "features": ["lvv.meetings", "lvv.monitor", "lvv.imports", "lvv.access", "lvv.sensitive"],
    "faces": ["lvv.web", "lvv.api"],
}
ORDER = list(FLOORS)
# Faces inside a feature app: its views, forms, URLs and template tags; the administration
# site. (A feature's forms may build on the shared form base of lvv/web.)
FACE_PARTS = {"views", "forms", "urls", "templatetags"}


def floor_of(module: str) -> str | None:
    if module.startswith("lvv.access.admin") or FACE_PARTS & set(module.split(".")[2:]):
        return "faces"
    for floor, prefixes in FLOORS.items():
        if any(module == p or module.startswith(f"{p}.") for p in prefixes):
            return floor
    return None


def app_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("lvv.")}


def modules() -> list[tuple[str, Path]]:
    result = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        if "tests" in relative.parts:
            continue
        name = ".".join(part for part in relative.parts if part != "__init__")
        result.append((name, path))
    return result


@pytest.mark.parametrize(("module", "path"), modules(), ids=lambda value: str(value))
def test_no_module_imports_from_a_floor_above_its_own(module, path):
    own = floor_of(module)
    if own is None:  # tools, settings, entry points
        return
    above = [
        name
        for name in imported_modules(path)
        if (floor := floor_of(name)) is not None and ORDER.index(floor) > ORDER.index(own)
    ]
    assert above == [], f"{module} ({own}) imports {above}"


def test_the_core_asks_nothing_of_users_and_roles_but_their_duck_type():
    """No case rule depends on who acts: that is the access policy's business."""
    for module, path in modules():
        if floor_of(module) == "core":
            assert "lvv.roles" not in imported_modules(path), module


@pytest.mark.parametrize(("module", "path"), modules(), ids=lambda value: str(value))
def test_no_module_imports_the_views_of_another_app(module, path):
    borrowed = [
        name
        for name in imported_modules(path)
        if "views" in name.split(".") and app_of(name) != app_of(module)
    ]
    assert borrowed == [], f"{module} imports {borrowed}"
