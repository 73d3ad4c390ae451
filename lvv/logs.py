"""Application logging through structlog, with personal data redacted before output.

Log lines may carry ids and counts, never names or V-numbers. As a safety net the
``redact`` processor masks values of known personal-data keys and any 10-digit number
(a V-number shape) wherever it appears in a message; query strings (search terms) are cut
from request lines. The same scrubbing runs twice for records of the standard library:
on the message and its arguments (``RedactingFilter``) and on the *finished* line,
exception traceback included (``RedactingFormatter``), so neither an exception's message
nor gunicorn's access log (``lvv/operations/gunicorn_conf.py``) bypasses it.
"""

from __future__ import annotations

import logging
import re

import structlog

PERSONAL_KEYS = frozenset(
    {
        "v_number",
        "given_names",
        "family_name",
        "name",
        "birth_date",
        "person",
        "content",
        "local_reference",
    }
)
V_NUMBER_SHAPE = re.compile(r"(?<!\d)\d{10}(?!\d)")
# Query strings carry search terms (names, V-numbers): request log lines keep only the path.
QUERY_STRING = re.compile(r"\?[^\s\"']*")
# Database errors quote the offending value: "Key (local_reference)=(AMS-0001) already exists".
DATABASE_DETAIL = re.compile(r"(Key \([^)]*\)=\()[^\n]*?(\)(?: already exists| is not present|$))")
MASK = "[verwijderd]"


def _scrub(value):
    """Masks V-number shapes and query strings in text, and personal keys at any depth."""
    if isinstance(value, str):
        value = DATABASE_DETAIL.sub(r"\1" + MASK + r"\2", value)
        return QUERY_STRING.sub("?" + MASK, V_NUMBER_SHAPE.sub(MASK, value))
    if isinstance(value, dict):
        return {k: MASK if k in PERSONAL_KEYS else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(item) for item in value]
    return value


def scrub(text: str) -> str:
    """The redaction of one finished log line (also for tests and other formatters)."""
    return _scrub(text)


def redact(logger, method_name, event_dict: dict) -> dict:
    return _scrub(event_dict)


class RedactingFilter(logging.Filter):
    """For records from the standard library (Django's own loggers), tracebacks included."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.args:
            # Format first, then scrub the line: masking the template alone could remove a
            # placeholder (e.g. inside a quoted database value) and break the formatting.
            try:
                message = record.getMessage()
            except (TypeError, ValueError, KeyError):
                message = None
            if message is not None:
                record.msg, record.args = _scrub(message), None
        if isinstance(record.msg, str):
            record.msg = _scrub(record.msg)
        if record.args:
            if isinstance(record.args, dict):
                # In place: gunicorn's access atoms are a dict subclass whose lookups
                # (e.g. '-' for a missing header) must keep working.
                for key in list(record.args):
                    dict.__setitem__(record.args, key, _scrub(dict.__getitem__(record.args, key)))
            else:
                record.args = tuple(_scrub(a) for a in record.args)
        if record.exc_info and not record.exc_text:
            # An exception's message may carry a V-number; the handler's formatter uses this
            # text instead of formatting the traceback again.
            record.exc_text = _scrub(logging.Formatter().formatException(record.exc_info))
        return True


class RedactingFormatter(logging.Formatter):
    """Scrubs the whole formatted record, the exception's traceback and message included."""

    def format(self, record: logging.LogRecord) -> str:
        return _scrub(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 - the standard library's name
        return _scrub(super().formatException(ei))


def configure() -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            redact,
            structlog.processors.JSONRenderer(),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "lvv.logs.RedactingFilter"}},
    "formatters": {"redacting": {"()": "lvv.logs.RedactingFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": "redacting",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's own loggers (and runserver's request lines, which would show search terms) go
    # through the same filter instead of Django's default, unfiltered handlers.
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Unexpected errors of a request (HTTP 500) with their traceback.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
