"""Calling a case service from a form view, in one place.

A refusal (its Dutch reasons) or a conflict (someone else changed the case) becomes an error
of the form, shown in the error summary; the service stored nothing in either case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.utils.translation import gettext as _

from lvv.access.policy import Action, may, may_in_lvv
from lvv.cases.payloads import Reason
from lvv.cases.services import ConflictError, TransitionRefused

T = TypeVar("T")


def call_service(form, call: Callable[[], T]) -> tuple[bool, T | None]:
    """``(True, result)`` when the service succeeded, else ``(False, None)`` with form errors
    (a reason that names a field of the form is shown at that field)."""
    try:
        return True, call()
    except TransitionRefused as refused:
        refused.add_to(form)
    except ConflictError as conflict:
        form.add_error(None, str(conflict))
    return False, None


def require_exception_grant(user, exception_reason: str, *, case=None, lvv=None) -> None:
    """Admitting as an exception is a policy decision (``ADMISSION_EXCEPTION``): refuse before
    the service is called when ``user`` may not, on ``case`` or (before it exists) in ``lvv``."""
    if not (exception_reason or "").strip():
        return
    allowed = (
        may(user, Action.ADMISSION_EXCEPTION, case)
        if case is not None
        else may_in_lvv(user, Action.ADMISSION_EXCEPTION, lvv)
    )
    if not allowed:
        raise TransitionRefused(
            [
                Reason(
                    _("Alleen een regisseur kan iemand als uitzondering toelaten."),
                    "exception_reason",
                )
            ]
        )
