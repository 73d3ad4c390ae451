"""Migrating the append-only apps backwards must not silently drop their triggers.

On main, ``lvv migrate processing_log 0001`` succeeded and left the processing log without
triggers. Now a backward plan through a migration that made a table append-only is refused
as a whole, before any step runs; other backward steps keep the triggers.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("app", "target"),
    [
        ("processing_log", "0001"),
        ("cases", "0001"),
        ("sensitive", "zero"),
        ("access", "0001"),
    ],
)
def test_migrating_back_past_the_append_only_migration_is_refused(installation, app, target):
    triggers = installation.triggers()
    applied = installation.query("SELECT COUNT(*) FROM django_migrations")[0][0]
    done = installation.lvv("migrate", app, target, check=False)
    assert done.returncode != 0
    assert "Migrating backwards refused" in done.stderr
    assert "Terugmigreren geweigerd" in done.stderr
    assert installation.triggers() == triggers
    assert installation.query("SELECT COUNT(*) FROM django_migrations")[0][0] == applied


def test_a_backward_step_after_the_guarding_migration_keeps_the_triggers(installation):
    triggers = installation.triggers()
    # Undoing 0003 (a later change of the processing log) is allowed; the triggers stay, and
    # every migrate ends by reinstalling them (see test_append_only_guards).
    installation.lvv("migrate", "processing_log", "0002")
    assert installation.triggers() == triggers
    installation.lvv("migrate")
    assert installation.triggers() == triggers
