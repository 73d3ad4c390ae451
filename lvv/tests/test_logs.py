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


# --- the real handlers: tracebacks and request lines ---------------------------------------

V_NUMBER = "1357924680"


def _console_handlers(*names: str) -> list[logging.Handler]:
    """The configured console handlers of these loggers (not pytest's own capturing)."""
    from lvv.logs import RedactingFormatter

    found = []
    for name in names:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler.formatter, RedactingFormatter) and handler not in found:
                found.append(handler)
    assert found
    return found


def test_a_failing_import_and_a_search_leave_no_personal_data_in_the_log(client, db, monkeypatch):
    """An unexpected error during an import is logged with its traceback; the traceback's
    message carries the V-number and a database detail of the failing row - both masked."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from lvv.imports.parser import COLUMNS
    from lvv.testing.builders import make_user
    from lvv.testing.web import login_verified

    director = make_user("regisseur-log", ["case_director"], "GEM-AMS", ["AMS"])
    login_verified(client, director)

    def failing_import(*args, **kwargs):
        raise RuntimeError(
            f"rij met V-nummer {V_NUMBER} niet opgeslagen: duplicate key value\n"
            "DETAIL:  Key (local_reference)=(AMS-Jansen-7) already exists."
        )

    monkeypatch.setattr("lvv.imports.views.caseload_import", failing_import)
    client.raise_request_exception = False
    handlers = _console_handlers("django.request", "django.server", "django")
    buffer = io.StringIO()
    previous = [handler.setStream(buffer) for handler in handlers]
    try:
        header = ",".join(COLUMNS)
        row = f"AMS,{V_NUMBER},,1990,M,ERI,2020-01-06" + "," * (len(COLUMNS) - 7)
        upload = SimpleUploadedFile("caseload.csv", f"{header}\n{row}\n".encode(), "text/csv")
        response = client.post("/import/", {"bestand": upload})
        assert response.status_code == 500
        # runserver's request line, as django.server writes it
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /casussen/?q={V_NUMBER}&naam=Jansen HTTP/1.1", 200, 9
        )
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)
    output = buffer.getvalue()
    assert "Internal Server Error: /import/" in output
    assert "RuntimeError" in output and "Traceback" in output
    assert V_NUMBER not in output
    assert "Jansen" not in output
    assert "/casussen/?" in output


def test_the_formatter_masks_the_traceback_of_an_exception():
    from lvv.logs import RedactingFormatter

    try:
        raise ValueError(f"V-nummer {V_NUMBER}")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "fout", (), sys.exc_info())
    text = RedactingFormatter().format(record)
    assert "ValueError" in text
    assert V_NUMBER not in text
