"""Importing an existing caseload: all or nothing, through the case services.

New stays go through ``cases_bulk_create`` (the same transition checks, written in bulk);
events that a new version of a row adds to a stay already in the system go through the single
services (``intake_register``, ``outflow_register``, ...). Both leave the same events and
processing-log entries as work entered by hand, under the activity ``caseload_import``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import Case, Person
from lvv.cases.services import BulkRefused, CaseHistory, TransitionRefused
from lvv.cases.services._core import today as service_today
from lvv.cases.state import CaseState
from lvv.imports.parser import RawRow, RowError
from lvv.imports.validation import ImportRefused, Plan, Row, Step, simulate, validate
from lvv.organisations.models import Organisation, OrganisationKind
from lvv.processing_log.activities import Activity

ACTIVITY = Activity.CASELOAD_IMPORT


@dataclass(frozen=True)
class ImportResult:
    """What the import did, in counts only (no personal data)."""

    rows: int
    persons_created: int
    stays_created: int
    stays_extended: int
    events_added: int
    stays_unchanged: int


def caseload_import(
    raw_rows: Sequence[RawRow], *, actor, today: dt.date | None = None
) -> ImportResult:
    """Validate the whole file, then write it in one transaction; raise ImportRefused if wrong."""
    day = today or service_today()
    plan = validate(raw_rows, actor=actor, today=day)
    with transaction.atomic():
        return _write(plan, actor=actor, today=day)


def _write(plan: Plan, *, actor, today: dt.date) -> ImportResult:
    persons = _create_persons(plan, actor)
    extended = [row for row in plan.rows if row.case is not None and row.steps]
    unchanged = sum(1 for row in plan.rows if row.case is not None and not row.steps)
    for row in extended:
        for step in row.steps:
            try:
                _append(row.case, step, actor)
            except TransitionRefused as exc:  # validated already; a concurrent change
                raise ImportRefused(
                    [RowError(row.line, step.column, " ".join(exc.reasons))]
                ) from exc
    new_rows = [row for row in plan.rows if row.case is None]
    guides = _guiding_organisations()
    histories = [
        CaseHistory(
            person=persons[row.person_key],
            lvv=row.lvv,
            events=[step.event for step in row.steps],
            guiding_organisation=guides.get(row.lvv.pk),
        )
        for row in new_rows
    ]
    try:
        services.cases_bulk_create(actor=actor, histories=histories, activity=ACTIVITY, on=today)
    except BulkRefused as exc:  # a rule the row checks do not know: name line and column
        raise ImportRefused(_refusals(exc, new_rows, today)) from exc
    return ImportResult(
        rows=len(plan.rows),
        persons_created=len(plan.new_persons),
        stays_created=len(new_rows),
        stays_extended=len(extended),
        events_added=sum(len(row.steps) for row in extended),
        stays_unchanged=unchanged,
    )


def _refusals(exc: BulkRefused, rows: list[Row], today: dt.date) -> list[RowError]:
    errors: list[RowError] = []
    for index, reasons in exc.problems.items():
        row = rows[index]
        found: list[RowError] = []
        simulate(CaseState(), row.steps, row.line, today, found)
        errors.extend(found or [RowError(row.line, "", " ".join(str(r) for r in reasons))])
    return errors


def _create_persons(plan: Plan, actor) -> dict:
    """Existing persons by key, plus the new ones created in bulk (V-number encrypted)."""
    new: list[tuple] = []
    for key, row in plan.new_persons.items():
        person = Person(
            local_reference=row.person_ref,
            birth_year=row.birth_year,
            sex=row.sex,
            nationalities=[row.nationality] if row.nationality else [],
        )
        if key[0] == "v":  # the blind index validation computed already: not again
            person.v_number, person.v_number_index = row.v_number, key[1]
        else:
            person.set_v_number(row.v_number)
        new.append((key, person))
    services.persons_bulk_create(
        actor=actor, persons=[person for _key, person in new], activity=ACTIVITY
    )
    persons: dict = dict(new)
    existing_ids = {row.person_key[1] for row in plan.rows if row.person_key[0] == "p"}
    for person in Person.objects.filter(pk__in=existing_ids) if existing_ids else ():
        persons["p", person.pk] = person
    return persons


def _guiding_organisations() -> dict[int, Organisation]:
    """The LVV's NGO when it has exactly one; otherwise the case director assigns it later."""
    found: dict[int, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(kind=OrganisationKind.NGO, lvv__isnull=False):
        found.setdefault(organisation.lvv_id, []).append(organisation)
    return {lvv_id: items[0] for lvv_id, items in found.items() if len(items) == 1}


def _append(case: Case, step: Step, actor) -> None:
    event = step.event
    common = {"case": case, "actor": actor, "effective_date": event.effective_date}
    WRITERS[event.type](common, event.payload, event.reason)


def _write_check(common: dict, data, reason: str) -> None:
    services.admission_check(**common, facts=data.facts, activity=ACTIVITY)


def _write_decision(common: dict, data, reason: str) -> None:
    services.admission_decide(
        **common,
        outcome=data.outcome,
        grounds=data.grounds,
        exception_reason=data.exception_reason,
        activity=ACTIVITY,
    )


# Events a new version of a row appends to a stored stay, each through its single service
# (``d`` is the step's typed payload, ``r`` its reason).
WRITERS: dict[str, Callable[[dict, Any, str], object]] = {
    EventType.ADMISSION_CHECKED: _write_check,
    EventType.ADMISSION_DECIDED: _write_decision,
    EventType.INTAKE_REGISTERED: lambda c, d, r: services.intake_register(**c, activity=ACTIVITY),
    EventType.DOSSIER_REQUESTED: lambda c, d, r: services.dossier_request(**c, activity=ACTIVITY),
    EventType.DOSSIER_PART_DELIVERED: lambda c, d, r: services.dossier_part_deliver(
        **c, part=d.part, activity=ACTIVITY
    ),
    EventType.LSO_DISCUSSED: lambda c, d, r: services.lso_discuss(
        **c, scenario=d.scenario, notes=d.notes, activity=ACTIVITY
    ),
    EventType.SCENARIO_CHANGED: lambda c, d, r: services.scenario_change(
        **c, scenario=d.scenario, reason=r, activity=ACTIVITY
    ),
    EventType.MRT_REFERRED: lambda c, d, r: services.mrt_refer(
        **c, question=d.question, activity=ACTIVITY
    ),
    EventType.OUTFLOW_REGISTERED: lambda c, d, r: services.outflow_register(
        **c, category=d.category, notes=d.notes, activity=ACTIVITY
    ),
}

__all__ = ["ImportRefused", "ImportResult", "Row", "caseload_import"]
