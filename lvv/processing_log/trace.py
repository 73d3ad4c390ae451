"""The trace id that ties all log entries of one request or command together, and the
other organisation's operation that started it (Logboek Dataverwerkingen ``foreign_operation``)."""

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


_foreign_operation: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "lvv_foreign_operation", default=None
)


def current_foreign_operation() -> str | None:
    """``<trace-id>-<span-id>`` of the calling organisation's operation, if one called us."""
    return _foreign_operation.get()


def start_foreign_operation(value: str | None) -> contextvars.Token:
    return _foreign_operation.set(value)


def end_foreign_operation(token: contextvars.Token) -> None:
    _foreign_operation.reset(token)
