"""After an edit conflict (someone else changed the case): the form ready to be sent again.

The case is read afresh, the page lists what was recorded since the user opened the form
(``form.conflict``, shown by ``web/_conflict.html``) and the form carries the case's new
version; the user's own answers stay as they were typed. Without it the old version came
back with every attempt and the form could never be saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lvv.cases.models import Case, CaseEvent


@dataclass
class ChangeEntry:
    event: CaseEvent
    details: list[tuple[str, str]] = field(default_factory=list)


def conflict_message() -> str:
    return _(
        "Deze casus is intussen door iemand anders gewijzigd; uw wijziging is niet "
        "opgeslagen. Hieronder staat wat er intussen is vastgelegd. Uw invoer staat nog in "
        "het formulier: controleer die en leg opnieuw vast."
    )


def prepare_resubmit(form, case: Case, version_field: str = "expected_version") -> list[str]:
    """Read the case afresh, list its changes on the form, carry the new version.

    Returns the refusal to show in the error summary."""
    seen = (getattr(form, "cleaned_data", None) or {}).get(version_field) or 0
    case.refresh_from_db()
    events = (
        case.events.filter(sequence__gt=seen)
        .select_related("actor", "organisation")
        .order_by("sequence")
    )
    form.conflict = [ChangeEntry(event) for event in events]
    data = form.data.copy()
    data[form.add_prefix(version_field)] = str(case.version)
    form.data = data
    return [conflict_message()]
