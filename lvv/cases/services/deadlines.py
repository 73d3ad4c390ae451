"""The LVV settings that deadlines depend on, and the due dates stored with each case.

A case's due dates are stored as columns (``Case.due_<kind>``) whenever an event is applied,
computed with its LVV's settings in force. Two of them depend on those settings (the
safe-country limit and the maximum stay, ``deadlines.SETTINGS_KINDS``), so a change of the
settings goes through :func:`lvv_settings_save`, which recomputes them for the LVV's open
stays in the same transaction.
"""

from __future__ import annotations

from django.db import transaction

from lvv.cases.deadlines import SETTINGS_KINDS, due_column, due_dates
from lvv.cases.models import Case
from lvv.cases.models.case import OPEN_STAY
from lvv.cases.rules import LvvRules
from lvv.organisations.models import Lvv

BATCH = 1000


@transaction.atomic
def lvv_settings_save(*, lvv: Lvv) -> int:
    """Save ``lvv`` (its settings changed) and bring the due dates of its open stays in line;
    returns the number of stays whose due dates changed."""
    lvv.save()
    return deadlines_recompute(lvv=lvv)


@transaction.atomic
def deadlines_recompute(*, lvv: Lvv) -> int:
    """Recompute the settings-dependent due dates of ``lvv``'s open stays from their stored
    projection. The rows are locked while they are read and written, so a service appending
    an event to one of them meanwhile waits (and then writes its own, current, due dates)."""
    rules = LvvRules.of(lvv)
    columns = [due_column(kind) for kind in SETTINGS_KINDS]
    changed: list[Case] = []
    for case in (
        Case.objects.select_for_update().filter(lvv=lvv, **OPEN_STAY).order_by("pk").iterator()
    ):
        dues = due_dates(case.to_state(with_items=False), rules)
        values = {due_column(kind): dues[kind] for kind in SETTINGS_KINDS}
        if any(getattr(case, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(case, name, value)
            changed.append(case)
    Case.objects.bulk_update(changed, columns, batch_size=BATCH)
    return len(changed)
