"""Many new cases at once - for the caseload import and the data generator.

Each history is checked event by event with the same :func:`workflow.check` and folded with
the same :func:`projection.apply` as a single service call, so a bulk-created case obeys
exactly the rules of one entered by hand and leaves the same events and processing-log
entries. Only the writing differs: rows go to the database with ``bulk_create``, which is
what makes 100,000 cases feasible in seconds rather than hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import connections, router, transaction
from django.db.models import Max, Model
from django.db.models.fields import AutoFieldMixin, DateField, DateTimeField, Field
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv import crypto
from lvv.cases import workflow
from lvv.cases.events import EventRecord, EventType
from lvv.cases.models import ActionItem, Case, CaseEvent, Person
from lvv.cases.projection import apply
from lvv.cases.services._core import ACTIVITY_OF_EVENT, today
from lvv.cases.services.referral import CLOSED_STAGES
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv, Organisation
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.processing_log.trace import current_trace_id


@dataclass(frozen=True)
class PlannedEvent:
    type: str
    effective_date: dt.date
    data: dict = field(default_factory=dict)
    reason: str = ""


@dataclass
class CaseHistory:
    person: Person  # saved already
    lvv: Lvv
    events: Sequence[PlannedEvent]
    guiding_organisation: Organisation | None = None


class BulkRefused(Exception):
    """One or more histories break a rule; ``problems`` maps history index -> reasons."""

    def __init__(self, problems: dict[int, list[str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} histories refused")


def plan_state(events: Sequence[PlannedEvent], *, on: dt.date | None = None) -> CaseState:
    """Fold planned events through the transition table; raise on the first refusal."""
    state = CaseState()
    on = on or today()
    for number, event in enumerate(events, start=1):
        problems = workflow.check(
            state, event.type, event.effective_date, event.data, event.reason, today=on
        )
        if problems:
            raise workflow.TransitionRefused(problems)
        state = apply(state, _record(event, number))
    return state


def _record(event: PlannedEvent, sequence: int) -> EventRecord:
    return EventRecord(
        type=event.type,
        effective_date=event.effective_date,
        data=event.data,
        sequence=sequence,
        reason=event.reason,
    )


def persons_bulk_create(*, actor, persons: Sequence[Person], activity: Activity) -> list[Person]:
    """Save unsaved Person objects (V-number already set via ``set_v_number``) in bulk."""
    for person in persons:
        if not person.pseudonym:
            person.pseudonym = crypto.keyed_hash("person", str(person.uuid))
        if person.birth_date and not person.birth_year:
            person.birth_year = person.birth_date.year
    created = _insert_objects(list(persons))
    _log(actor, Operation.CREATE, activity, [(p.pseudonym, f"person:{p.pk}") for p in created])
    return created


@transaction.atomic
def cases_bulk_create(
    *,
    actor,
    histories: Sequence[CaseHistory],
    activity: Activity | None = None,
    on: dt.date | None = None,
) -> list[Case]:
    """Create every history or none. Raises :class:`BulkRefused` naming each bad history."""
    on = on or today()
    problems: dict[int, list[str]] = {}
    states: list[CaseState] = []
    for index, history in enumerate(histories):
        if not history.events or history.events[0].type != EventType.REFERRAL_REGISTERED:
            problems[index] = [_("Een casus begint met een aanmelding.")]
            states.append(CaseState())
            continue
        try:
            states.append(plan_state(history.events, on=on))
        except workflow.TransitionRefused as exc:
            problems[index] = exc.reasons
            states.append(CaseState())
    _check_one_open_case_per_person(histories, states, problems)
    if problems:
        raise BulkRefused(problems)

    now = timezone.now()
    organisation = getattr(actor, "organisation", None)
    organisation_id = organisation.pk if organisation is not None else None
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    blank = Case()  # column_values only reads the state; one instance serves every row
    cases = [
        Case(
            person=history.person,
            lvv=history.lvv,
            guiding_organisation=history.guiding_organisation,
            version=len(history.events),
            **blank.column_values(state),
        )
        for history, state in zip(histories, states, strict=True)
    ]
    _insert_objects(cases)
    _insert_rows(
        CaseEvent,
        EVENT_FIELDS,
        (
            (
                case.pk,
                sequence,
                planned.type,
                planned.effective_date,
                now,
                actor_id,
                organisation_id,
                planned.data,
                planned.reason,
                None,
            )
            for case, history in zip(cases, histories, strict=True)
            for sequence, planned in enumerate(history.events, start=1)
        ),
    )
    _insert_rows(
        ActionItem,
        ACTION_ITEM_FIELDS,
        (
            (
                case.pk,
                item.number,
                item.description,
                item.owner_organisation,
                item.due_date,
                item.added_date,
                item.done_date,
            )
            for case, state in zip(cases, states, strict=True)
            for item in state.action_items
        ),
    )
    _log(
        actor,
        Operation.CREATE,
        activity,
        [(case.person.pseudonym, f"case:{case.pk}") for case in cases],
        default_activity=ACTIVITY_OF_EVENT[EventType.REFERRAL_REGISTERED],
    )
    return cases


def _check_one_open_case_per_person(
    histories: Sequence[CaseHistory], states: list[CaseState], problems: dict[int, list[str]]
) -> None:
    person_ids = {history.person.pk for history in histories}
    already_open = set(
        Case.objects.filter(person_id__in=person_ids)
        .exclude(stage__in=CLOSED_STAGES)
        .values_list("person_id", flat=True)
    )
    open_in_batch: set[int] = set()
    for index, (history, state) in enumerate(zip(histories, states, strict=True)):
        if index in problems:
            continue
        if history.person.pk in already_open or history.person.pk in open_in_batch:
            problems[index] = [_("Deze persoon heeft al een lopende casus.")]
        elif state.stage not in (Stage.REFUSED, Stage.OUTFLOWED):
            open_in_batch.add(history.person.pk)


def _log(
    actor,
    operation: Operation,
    activity: Activity | None,
    subjects: list[tuple[str, str]],
    default_activity: Activity = Activity.REFERRAL,
) -> None:
    """One log entry per subject, each with its audit record (as ``processing_record``).

    The entries are inserted in one statement; their audit records - all naming the same
    actor - are then derived in the database from the entries of this trace that are newer
    than the ones that existed before, so no entry id has to travel back to Python.
    """
    trace_id = current_trace_id()
    before = (
        ProcessingLogEntry.objects.filter(trace_id=trace_id).aggregate(last=Max("id"))["last"] or 0
    )
    now = timezone.now()
    _insert_rows(
        ProcessingLogEntry,
        LOG_FIELDS,
        (
            (now, operation, activity or default_activity, pseudonym, resource, trace_id, "success")
            for pseudonym, resource in subjects
        ),
    )
    organisation = getattr(actor, "organisation", None)
    connection = connections[router.db_for_write(AuditRecord)]
    qn = connection.ops.quote_name
    audit, entry = AuditRecord._meta, ProcessingLogEntry._meta
    columns = ", ".join(
        qn(audit.get_field(name).column)
        for name in ("entry", "user_id", "username", "organisation_code")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(audit.db_table)} ({columns}) "  # noqa: S608  # nosec B608  # names, not data
            f"SELECT {qn(entry.pk.column)}, %s, %s, %s FROM {qn(entry.db_table)} "
            f"WHERE {qn(entry.get_field('trace_id').column)} = %s "
            f"AND {qn(entry.pk.column)} > %s",
            [
                getattr(actor, "pk", None),
                getattr(actor, "username", "") or "",
                organisation.code if organisation else "",
                trace_id,
                before,
            ],
        )


EVENT_FIELDS = (
    "case",
    "sequence",
    "type",
    "effective_date",
    "recorded_at",
    "actor",
    "organisation",
    "data",
    "reason",
    "corrects",
)
ACTION_ITEM_FIELDS = (
    "case",
    "number",
    "description",
    "owner_organisation",
    "due_date",
    "added_date",
    "done_date",
)
LOG_FIELDS = (
    "occurred_at",
    "operation",
    "activity",
    "subject_pseudonym",
    "resource",
    "trace_id",
    "outcome",
)


def _insert_rows(model, field_names: Sequence[str], rows: Iterable[Sequence], chunk: int = 5000):
    """INSERT rows in bulk; each value prepared by its own field, as the ORM does.

    ``bulk_create`` builds a model instance per row and compiles every value through the
    query compiler, which for the millions of event rows of a generated caseload is most of
    the time. Here every value still goes through its field's ``get_db_prep_save`` - so the
    stored values are identical - except values a Django field stores unchanged (an int for
    an integer field, a str for a text field), memoised for the many repeated scalars
    (dates, codes), and the rows go to the database as one prepared statement
    (``executemany``; ``COPY`` on PostgreSQL). Only for rows whose key is not needed back.
    """
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608  # names, not data
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    preparers = [(_passthrough(f), _preparer(f, connection)) for f in fields]
    if connection.vendor == "postgresql":
        write = _copy_writer(model, fields, connection)
    else:

        def write(cursor, batch: list[list]) -> None:
            cursor.executemany(sql, batch)

    with connection.cursor() as cursor:
        batch: list[list] = []
        for row in rows:
            batch.append(
                [
                    value if type(value) in same else prepare(value)
                    for (same, prepare), value in zip(preparers, row, strict=True)
                ]
            )
            if len(batch) >= chunk:
                write(cursor, batch)
                batch = []
        if batch:
            write(cursor, batch)


def _copy_writer(model, fields, connection) -> Callable:
    """On PostgreSQL, COPY: one stream instead of a statement per row, with the same values
    (psycopg adapts each prepared value for COPY exactly as it does for a parameter)."""
    qn = connection.ops.quote_name
    copy_sql = "COPY {} ({}) FROM STDIN".format(
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    )

    def write(cursor, batch: list[list]) -> None:
        with cursor.cursor.copy(copy_sql) as copy:
            for row in batch:
                copy.write_row(row)

    return write


def _insert_objects(objs: list[Model]) -> list[Model]:
    """``bulk_create`` for new rows of a model with an auto primary key, without its overhead.

    The same steps as ``QuerySet.bulk_create``: related objects checked, every value through
    its field's ``pre_save`` and ``get_db_prep_save``, the keys read back with RETURNING in
    statement order (which ``bulk_create`` relies on as well) - but without compiling each
    value through the query compiler, which is most of the cost at 100,000 rows. Where the
    database cannot return the keys of a multi-row insert, it simply is ``bulk_create``.
    """
    if not objs:
        return objs
    model = type(objs[0])
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert or not isinstance(
        opts.pk, AutoFieldMixin
    ):
        return model.objects.bulk_create(objs, batch_size=2000)
    if connection.vendor == "postgresql":
        return _copy_objects(objs, connection)
    fields = [f for f in opts.concrete_fields if not f.generated and f is not opts.pk]
    qn = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608  # nosec B608  # names, not data
        qn(opts.db_table), ", ".join(qn(f.column) for f in fields)
    )
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning, _params = connection.ops.return_insert_columns([opts.pk])
    per_statement = min(1000, (connection.features.max_query_params or 65535) // len(fields))
    now = timezone.now()
    preparers = [(_getter(f, now), _passthrough(f), _preparer(f, connection)) for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_statement):
            chunk = objs[start : start + per_statement]
            params: list = []
            for obj in chunk:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                for get, same, prepare in preparers:
                    value = get(obj)
                    params.append(value if type(value) in same else prepare(value))
            cursor.execute(f"{head}{', '.join([row] * len(chunk))} {returning}", params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias
    return objs


def _copy_objects(objs: list[Model], connection) -> list[Model]:
    """PostgreSQL: take the keys from the table's own sequence, then COPY the rows with them.

    A multi-row INSERT with thousands of parameters is slow on the client (psycopg scans the
    statement text for its placeholders, once per statement); COPY sends plain rows. The
    keys come from the same sequence an INSERT would draw from (``nextval``, safe under
    concurrency), so the rows get exactly the keys they would otherwise have received, and
    every value is still prepared by its own field (``pre_save``, ``get_db_prep_save``).
    """
    model = type(objs[0])
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.generated]
    now = timezone.now()
    preparers = [(_getter(f, now), _passthrough(f), _preparer(f, connection)) for f in fields]
    write = _copy_writer(model, fields, connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [opts.db_table, opts.pk.column])
        (sequence,) = cursor.fetchone()
        for start in range(0, len(objs), 5000):
            chunk = objs[start : start + 5000]
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(chunk)])
            rows = []
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                obj.pk = pk
                rows.append(
                    [
                        value if type(value) in same else prepare(value)
                        for get, same, prepare in preparers
                        for value in (get(obj),)
                    ]
                )
            write(cursor, rows)
            for obj in chunk:
                obj._state.adding = False
                obj._state.db = connection.alias
    return objs


def _getter(model_field, now: dt.datetime) -> Callable:
    """``model_field.pre_save(obj, add=True)``; a plain attribute read where that is all it does.

    ``Field.pre_save`` returns the attribute; Django's date and time fields only differ with
    ``auto_now`` / ``auto_now_add``, where they set the current time - here one moment
    (``now``) for the whole batch, as the event rows' ``recorded_at``, rather than a clock
    reading per row. Every other field (a project field, say) keeps its own ``pre_save``.
    """
    kind = type(model_field).pre_save
    if kind is Field.pre_save:
        return attrgetter(model_field.attname)
    if kind in (DateField.pre_save, DateTimeField.pre_save):
        if not (model_field.auto_now or model_field.auto_now_add):
            return attrgetter(model_field.attname)
        stamp = now if kind is DateTimeField.pre_save else timezone.localdate(now)
        attname = model_field.attname

        def stamped(obj):
            setattr(obj, attname, stamp)
            return stamp

        return stamped
    return lambda obj: model_field.pre_save(obj, True)


# Django field types whose ``get_db_prep_save`` returns a value of this exact Python type
# (or None) unchanged on every backend: such values need no preparation at all.
_UNCHANGED = {
    "AutoField": int,
    "BigAutoField": int,
    "IntegerField": int,
    "BigIntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveBigIntegerField": int,
    "PositiveSmallIntegerField": int,
    "CharField": str,
    "TextField": str,
    "BooleanField": bool,
}
_NONE_UNCHANGED = {"DateField", "DateTimeField", "TimeField"}


def _passthrough(model_field) -> tuple[type, ...]:
    """The value types ``model_field`` stores as they are; () when that is not certain."""
    target = model_field.target_field if model_field.is_relation else model_field
    if not all(type(f).__module__.startswith("django.") for f in (model_field, target)):
        return ()  # a project field (say, an encrypted one) may change any value
    internal_type = target.get_internal_type()
    kind = _UNCHANGED.get(internal_type)
    if kind:
        return (kind, type(None))
    # A date or time value is adapted per backend, but an empty one (None, NULL) never is.
    return (type(None),) if internal_type in _NONE_UNCHANGED else ()


def _preparer(model_field, connection) -> Callable:
    """``model_field.get_db_prep_save``, memoised for Django's own (pure) field types.

    JSON values (dicts, lists) are memoised by their content: a frozen copy that tells apart
    what JSON tells apart (``True`` from ``1``, key order), so equal values - the same
    ``{"part": "ind", "summary": ""}`` on thousands of events - are encoded once.
    """
    memo: dict = {}
    pure = type(model_field).__module__.startswith("django.")

    def prepare(value):
        if not pure:  # a project field (say, an encrypted one) may depend on more than value
            return model_field.get_db_prep_save(value, connection)
        if isinstance(value, dict | list):
            try:
                key = _frozen(value)
            except TypeError:  # a value JSON would not take as it is: no shortcut
                return model_field.get_db_prep_save(value, connection)
        else:
            key = (type(value), value)
        if key not in memo:
            memo[key] = model_field.get_db_prep_save(value, connection)
        return memo[key]

    return prepare


_SCALARS = (str, int, bool, type(None))


def _frozen(value):
    """A hashable copy of a JSON-like value that equals another only if both encode alike."""
    kind = type(value)
    if kind is dict:
        return (dict, tuple(((type(k), k), _frozen(item)) for k, item in value.items()))
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(item) for item in value))
    if kind is float:  # -0.0 == 0.0 and nan != nan, yet each encodes differently
        return (float, repr(value))
    if kind in _SCALARS:
        return (kind, value)
    raise TypeError(kind)
