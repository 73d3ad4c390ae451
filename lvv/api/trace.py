"""W3C Trace Context for calls between organisations (Logboek Dataverwerkingen).

Each API call is a processing operation of our own: it gets a new trace id and span id
(the standard: "a new trace for every new processing operation"). A calling organisation
that sends a valid ``traceparent`` names *its* operation; that trace id and span id are
written to every processing-log entry of the call as ``foreign_operation``, which is how the
two organisations' logs are joined. The response's ``traceparent`` names our operation, so
the caller can record it in turn.

Only version ``00`` in its exact form is accepted (lower-case hex, no all-zero ids). Anything
else - another version, upper case, spaces, a value that might carry personal data - is
ignored, as if no header had been sent.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

HEADER = "traceparent"
TRACEPARENT = re.compile(r"\A00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})\Z")
SAMPLED = "01"  # we log every operation: the standard forbids sampling


@dataclass(frozen=True)
class TraceParent:
    trace_id: str
    span_id: str

    @property
    def operation(self) -> str:
        """The value of ``foreign_operation``: ``<trace-id>-<span-id>``."""
        return f"{self.trace_id}-{self.span_id}"

    @property
    def header(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{SAMPLED}"


def parse_traceparent(value: str | None) -> TraceParent | None:
    match = TRACEPARENT.match(value or "")
    if match is None:
        return None
    trace_id, span_id, _flags = match.groups()
    if trace_id == "0" * 32 or span_id == "0" * 16:
        return None
    return TraceParent(trace_id, span_id)


def new_operation() -> TraceParent:
    """Our own operation: a fresh random trace id and span id (never all zero)."""
    trace_id = uuid.uuid4().hex  # version nibble set: never all zero
    span_id = "0" * 16
    while span_id == "0" * 16:
        span_id = secrets.token_hex(8)
    return TraceParent(trace_id, span_id)
