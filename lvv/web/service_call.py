"""Calling a case service from a form view, in one place.

A refusal (its Dutch reasons) or a conflict (someone else changed the case) becomes an error
of the form, shown in the error summary; the service stored nothing in either case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from lvv.cases.services import ConflictError, TransitionRefused

T = TypeVar("T")


def call_service(form, call: Callable[[], T]) -> tuple[bool, T | None]:
    """``(True, result)`` when the service succeeded, else ``(False, None)`` with form errors."""
    try:
        return True, call()
    except TransitionRefused as refused:
        for reason in refused.reasons:
            form.add_error(None, str(reason))
    except ConflictError as conflict:
        form.add_error(None, str(conflict))
    return False, None
