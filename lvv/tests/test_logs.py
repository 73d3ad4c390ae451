"""What the configured logging really writes: real log lines, captured at the handler.

Each test emits through the loggers as the application would (Django's own loggers, a module
logger, structlog) and reads what the handler of ``settings.LOGGING`` wrote, so a change to
the configuration that bypasses the redaction fails here.
"""

from __future__ import annotations

import io
import logging

import pytest
import structlog

from lvv.logs import MASK

V_NUMBER = "1234567890"
NAME = "Jansen"


@pytest.fixture
def written():
    """The text the configured console handler writes during the test."""
    handlers = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert handlers, "settings.LOGGING configures no console handler on the root logger"
    handler = handlers[0]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer.getvalue
    finally:
        handler.setStream(previous)


def test_a_v_number_in_a_module_log_line_is_masked(written):
    logging.getLogger("lvv.imports").warning("V-nummer %s niet gevonden", V_NUMBER)
    assert written().strip() == f"V-nummer {MASK} niet gevonden"


def test_a_v_number_in_a_log_message_itself_is_masked(written):
    logging.getLogger("django.request").error(f"Bad Request: /casussen/{V_NUMBER}/")
    assert V_NUMBER not in written() and MASK in written()


def test_django_request_lines_lose_their_query_string(written):
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /casussen/?q={NAME}+{V_NUMBER} HTTP/1.1", "200", "12"
    )
    line = written()
    assert NAME not in line and V_NUMBER not in line
    assert "/casussen/?" in line and "200" in line


def test_a_v_number_in_an_exception_is_masked_in_the_traceback(written):
    try:
        raise ValueError(f"V-nummer {V_NUMBER} onbekend")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: /api/v1/")
    assert "Traceback" in written() and "ValueError" in written()
    assert V_NUMBER not in written()


def test_structlog_masks_personal_keys_and_v_numbers_anywhere(written):
    structlog.get_logger("lvv.cases").warning(
        f"lookup {V_NUMBER}",
        family_name=NAME,
        v_number=V_NUMBER,
        case_id=7,
        data={"given_names": NAME, "note": f"zie {V_NUMBER}"},
        rows=[{"family_name": NAME}],
    )
    line = written()
    assert NAME not in line and V_NUMBER not in line
    assert '"case_id": 7' in line and '"level": "warning"' in line


def test_info_lines_of_the_application_are_not_written(written):
    logging.getLogger("lvv.cases").info("details")
    assert written() == ""


def test_a_database_error_detail_is_masked(written):
    logging.getLogger("django.request").error(
        "DETAIL:  Key (local_reference)=(AMS-%s-7) already exists.", NAME
    )
    assert NAME not in written() and "already exists" in written()


def test_a_failing_import_and_a_search_leave_no_personal_data_in_the_log(
    written, client, db, monkeypatch
):
    """A request that fails inside the caseload import (HTTP 500) is logged with its
    traceback, whose message carries the row's V-number and a database detail with a name;
    a search request line carries both in its query string. None of it reaches the log."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lvv.imports.parser import COLUMNS
    from lvv.testing.builders import make_user
    from lvv.testing.web import login_verified

    director = make_user("regisseur-log", ["case_director"], "GEM-AMS", ["AMS"])
    login_verified(client, director)

    def failing_import(*args, **kwargs):
        raise RuntimeError(
            f"rij met V-nummer {V_NUMBER} niet opgeslagen: duplicate key value\n"
            f"DETAIL:  Key (local_reference)=(AMS-{NAME}-7) already exists."
        )

    monkeypatch.setattr("lvv.imports.views.caseload_import", failing_import)
    client.raise_request_exception = False
    header = ",".join(COLUMNS)
    row = f"AMS,{V_NUMBER},,1990,M,ERI,2020-01-06" + "," * (len(COLUMNS) - 7)
    upload = SimpleUploadedFile("caseload.csv", f"{header}\n{row}\n".encode(), "text/csv")
    assert client.post("/import/", {"bestand": upload}).status_code == 500
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /casussen/?q={V_NUMBER}&naam={NAME} HTTP/1.1", 200, 9
    )
    output = written()
    assert "Internal Server Error: /import/" in output
    assert "RuntimeError" in output and "Traceback" in output
    assert V_NUMBER not in output and NAME not in output
    assert "/casussen/?" in output
