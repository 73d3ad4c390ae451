"""Helpers shared by the test suites of all apps (not used by the running system)."""
