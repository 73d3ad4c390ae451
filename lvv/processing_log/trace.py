"""The trace id that ties all log entries of one request or command together."""

from __future__ import annotations

import contextvars
import uuid

_trace_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("lvv_trace_id", default=None)


def current_trace_id() -> str:
    value = _trace_id.get()
    if value is None:
        value = uuid.uuid4().hex
        _trace_id.set(value)
    return value


def start_trace(trace_id: str | None = None) -> contextvars.Token:
    return _trace_id.set(trace_id or uuid.uuid4().hex)


def end_trace(token: contextvars.Token) -> None:
    _trace_id.reset(token)
