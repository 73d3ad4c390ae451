import pytest

from lvv.testing.system import require_system


def test_a_missing_system_package_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium"):
        require_system(False, "browser tests need Chromium")


def test_a_missing_system_package_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium"):
        require_system(False, "browser tests need Chromium")


def test_a_present_system_package_runs_the_test_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    require_system(True, "browser tests need Chromium")
