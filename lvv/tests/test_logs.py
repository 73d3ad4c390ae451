import logging

import structlog

from lvv.logs import MASK, RedactingFilter, redact


def test_structlog_processor_masks_personal_keys_and_v_number_shapes():
    event = redact(None, "info", {"event": "lookup 1234567890 done", "family_name": "X", "n": 3})
    assert event == {"event": f"lookup {MASK} done", "family_name": MASK, "n": 3}


def test_standard_library_records_are_scrubbed():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "V %s", ("0123456789",), None)
    RedactingFilter().filter(record)
    assert record.getMessage() == f"V {MASK}"


def test_structlog_is_configured_with_the_redactor():
    assert redact in structlog.get_config()["processors"]


def test_request_log_lines_lose_their_query_string():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /casussen/?q=Jansen HTTP/1.1", "200", "12"),
        None,
    )
    RedactingFilter().filter(record)
    assert "Jansen" not in record.getMessage()
    assert "/casussen/?" in record.getMessage()


def test_django_loggers_use_the_redacting_handler(settings):
    config = settings.LOGGING
    assert config["handlers"]["console"]["filters"] == ["redact"]
    for name in ("django", "django.server"):
        assert config["loggers"][name]["handlers"] == ["console"]
        assert config["loggers"][name]["propagate"] is False
