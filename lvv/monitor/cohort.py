"""The cohort view: where the persons admitted in a period are 3, 6, 12 and 18 months later.

The question the 2020 evaluation asked and could not answer from the spreadsheets. Defined in
docs/monitor.md ("Cohort"): a cohort member is a stay within the target group whose **intake**
(the start of shelter, the date from which a person counts as sheltered) lies in the period
and did not begin by a transfer (that continues an earlier stay: the person was admitted
before). Its status on the day k months after its intake: still sheltered, left with an
outflow category, transferred to another LVV - or not reached yet when that day lies after
the reference date. An LVV's column follows the stay in that LVV; the total follows the person
through transfers between the LVVs it covers (nationally: all), like the monitor's totals.

Read from the stored projection only: intake, outflow and the admission decision happen once
per stay, so "on or before day X" is a comparison of the stored dates (see ``figures.py``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from lvv.cases.models import Case
from lvv.monitor.definitions import OUTFLOW_CODES, TOTAL
from lvv.monitor.figures import national_transfers, selected_lvvs

HORIZONS: tuple[int, ...] = (3, 6, 12, 18)
STATUS_KEYS: tuple[str, ...] = ("sheltered", *OUTFLOW_CODES, "transferred", "not_reached")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the last day of the month where that day does not exist
    (31 August + 6 months = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def empty_group() -> dict:
    return {
        "size": 0,
        "horizons": {str(h): dict.fromkeys(STATUS_KEYS, 0) for h in HORIZONS},
    }


def cohort_figures(
    first: dt.date,
    last: dt.date,
    reference_date: dt.date,
    lvv_codes: Iterable[str] | None = None,
) -> dict:
    """Per LVV and in total: the cohort of intakes from ``first`` to ``last`` (inclusive) and
    its status after each horizon, as known on ``reference_date``."""
    day = reference_date
    lvvs = selected_lvvs(lvv_codes)
    code_of = dict(lvvs)
    groups = [code for _pk, code in lvvs] + [TOTAL]
    stays = {
        pk: (lvv_id, intake, outflow, category)
        for pk, lvv_id, intake, outflow, category in Case.objects.filter(
            within_target_group=True, intake_date__lte=day, lvv_id__in=list(code_of)
        ).values_list("pk", "lvv_id", "intake_date", "outflow_date", "outflow_category")
    }
    # Transfers out of the chosen LVVs (to any LVV), and which of them stay inside.
    moved_to: dict[int, tuple[int, int]] = {
        old: (new, new_lvv)
        for old, new, new_lvv in national_transfers(code_of).values_list(
            "case_id", "new_case_id", "new_case__lvv_id"
        )
    }
    continued = set(
        national_transfers()
        .filter(new_case__lvv_id__in=list(code_of))
        .values_list("new_case_id", flat=True)
    )

    def status(pk: int, on: dt.date, follow: bool) -> str:
        _lvv, _intake, outflow, category = stays[pk]
        while outflow is not None and outflow <= on:
            new, new_lvv = moved_to.get(pk, (None, None))
            if new is None:
                return category
            if not follow or new_lvv not in code_of or new not in stays:
                return "transferred"
            pk = new
            _lvv, _intake, outflow, category = stays[pk]
        return "sheltered"

    result = {group: empty_group() for group in groups}
    for pk, (lvv_id, intake, _outflow, _category) in stays.items():
        if not first <= intake <= last or pk in continued:
            continue
        own = result[code_of[lvv_id]]
        total = result[TOTAL]
        own["size"] += 1
        total["size"] += 1
        for horizon in HORIZONS:
            on = add_months(intake, horizon)
            key = str(horizon)
            if on > day:
                own["horizons"][key]["not_reached"] += 1
                total["horizons"][key]["not_reached"] += 1
                continue
            own["horizons"][key][status(pk, on, follow=False)] += 1
            total["horizons"][key][status(pk, on, follow=True)] += 1
    return {
        "reference_date": day.isoformat(),
        "first": first.isoformat(),
        "last": last.isoformat(),
        "horizons": list(HORIZONS),
        "statuses": list(STATUS_KEYS),
        "groups": result,
    }


def status_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    from lvv.cases.vocabulary import OutflowCategory

    labels = {"sheltered": _("nog in de opvang")}
    for category in OutflowCategory:
        labels[category.value] = _("uitgestroomd: %(l)s") % {"l": category.label}
    labels["transferred"] = _("overgeplaatst naar een andere LVV")
    labels["not_reached"] = _("nog niet zo lang geleden (na de peildatum)")
    return labels


def horizon_label(horizon: int | str) -> str:
    from django.utils.translation import gettext as _

    return _("na %(n)s maanden") % {"n": horizon}
