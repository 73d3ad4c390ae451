"""Tests that need a system package (Chromium, Pango): skipped on a developer's machine
without it, failed in CI.

``.ci/run`` installs these packages, so in CI (``CI=true``) a missing one means the
installation broke; skipping there would let a run go green without the tests that need
them ever having run.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_system(available: bool, what: str) -> None:
    """Go on if ``available``; else skip with ``what`` as the reason, or fail in CI."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{what} (CI=true: .ci/run installs it, so it must be there)", pytrace=False)
    pytest.skip(what)
