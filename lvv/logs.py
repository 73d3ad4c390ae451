"""Application logging through structlog, with personal data redacted before output.

Log lines may carry ids and counts, never names or V-numbers. As a safety net the
``redact`` processor masks values of known personal-data keys and any 10-digit number
(a V-number shape) wherever it appears in a message.
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
MASK = "[verwijderd]"


def _scrub(value):
    """Masks V-number shapes and query strings in text, and personal keys at any depth."""
    if isinstance(value, str):
        return QUERY_STRING.sub("?" + MASK, V_NUMBER_SHAPE.sub(MASK, value))
    if isinstance(value, dict):
        return {k: MASK if k in PERSONAL_KEYS else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(item) for item in value]
    return value


def redact(logger, method_name, event_dict: dict) -> dict:
    return _scrub(event_dict)


class RedactingFilter(logging.Filter):
    """For records from the standard library (Django's own loggers), tracebacks included."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _scrub(record.msg)
        if record.args:
            if isinstance(record.args, dict):
                record.args = {k: _scrub(v) for k, v in record.args.items()}
            else:
                record.args = tuple(_scrub(a) for a in record.args)
        if record.exc_info and not record.exc_text:
            # An exception's message may carry a V-number; the handler's formatter uses this
            # text instead of formatting the traceback again.
            record.exc_text = _scrub(logging.Formatter().formatException(record.exc_info))
        return True


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
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's own loggers (and runserver's request lines, which would show search terms) go
    # through the same filter instead of Django's default, unfiltered handlers.
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
