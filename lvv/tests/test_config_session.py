from lvv import config


def test_sessions_end_after_fifteen_idle_minutes_unless_configured(monkeypatch):
    """The documented default of LVV_SESSION_IDLE_MINUTES; the web test
    ``test_a_session_idle_past_the_configured_minutes_leads_to_the_login_page`` shows that a
    real session ends after the configured minutes."""
    monkeypatch.delenv("LVV_SESSION_IDLE_MINUTES", raising=False)
    assert config.load().session_idle_minutes == 15
    monkeypatch.setenv("LVV_SESSION_IDLE_MINUTES", "30")
    assert config.load().session_idle_minutes == 30
