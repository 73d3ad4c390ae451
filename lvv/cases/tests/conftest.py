"""Fixtures and hooks for the core's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def actor(system_user):
    return system_user
