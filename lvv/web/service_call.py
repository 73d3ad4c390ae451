"""Calling a case service from a form view, in one place.

A refusal (its Dutch reasons) or a conflict (someone else changed the case) becomes an error
of the form, shown in the error summary; the service stored nothing in either case.

After a conflict the form is made ready to be sent again: the case is read afresh, the form
lists what was recorded since the user opened it (``form.conflict``, shown with the errors)
and carries the case's new version, while the user's own answers stay as they were typed.
Without that the old version would come back with every attempt and the form could never
be saved again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.utils.translation import gettext as _

from lvv.access.policy import Action, may, may_in_lvv
from lvv.cases.models import Case
from lvv.cases.payloads import Reason
from lvv.cases.services import ConflictError, TransitionRefused
from lvv.web.timeline import TimelineEntry, timeline

T = TypeVar("T")


def conflict_message() -> str:
    return _(
        "Deze casus is intussen door iemand anders gewijzigd; uw wijziging is niet "
        "opgeslagen. Hieronder staat wat er intussen is vastgelegd. Uw invoer staat nog in "
        "het formulier: controleer die en leg opnieuw vast."
    )


def rebind(form, **values) -> None:
    """Replace submitted values of a bound form (what it shows and sends next time)."""
    data = form.data.copy()
    for name, value in values.items():
        data[form.add_prefix(name)] = str(value)
    form.data = data


def changes_since(case: Case, version: int | None) -> list[TimelineEntry]:
    """The events recorded after ``version`` (each event raised the version by one)."""
    events = (
        case.events.filter(sequence__gt=version or 0)
        .select_related("actor", "organisation", "corrects")
        .order_by("sequence")
    )
    return timeline(list(events))


def prepare_resubmit(form, case: Case, version_field: str = "version") -> None:
    """After a conflict: read the case afresh, say what changed, carry the new version."""
    seen = (getattr(form, "cleaned_data", None) or {}).get(version_field)
    case.refresh_from_db()
    form.conflict = changes_since(case, seen)
    form.conflicted = True
    rebind(form, **{version_field: case.version})


def call_service(
    form, call: Callable[[], T], *, case: Case | None = None, version_field: str = "version"
) -> tuple[bool, T | None]:
    """``(True, result)`` when the service succeeded, else ``(False, None)`` with form errors
    (a reason that names a field of the form is shown at that field).

    With ``case``, a conflict prepares the form to be sent again (see the module docstring).
    """
    try:
        return True, call()
    except TransitionRefused as refused:
        refused.add_to(form)
    except ConflictError as conflict:
        if case is None:
            form.add_error(None, str(conflict))
        else:
            form.add_error(None, conflict_message())
            prepare_resubmit(form, case, version_field)
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
