"""Writing many new rows at once, exactly as the ORM would write them, only faster.

The generator (``lvv generate``) and the caseload import write hundreds of thousands of
cases, millions of events and log entries. ``QuerySet.bulk_create`` builds a model instance
per row and compiles every value through the query compiler - most of the time at that
scale. :func:`insert_objects` (rows whose keys are needed back) and :func:`insert_rows`
(rows whose keys are not) take the same steps - every value through its field's
``pre_save`` and ``get_db_prep_save`` - but skip the compiler, memoise repeated values and,
on PostgreSQL, send the rows with ``COPY``. The stored values are the ORM's own
(``tests/test_bulk_write.py`` compares them); row-level triggers fire as for any INSERT.

Ground floor: Django only, no model of ours. What to write is the caller's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter

from django.db import connections, router
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin, DateField, DateTimeField, Field
from django.utils import timezone


def insert_rows(model, field_names: Sequence[str], rows: Iterable[Sequence], chunk: int = 5000):
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
    (psycopg adapts each prepared value for COPY exactly as it does for a parameter). COPY
    runs on psycopg's own cursor, so its errors (a constraint, a trigger) are turned into
    Django's database exceptions here, as for any statement through the ORM."""
    qn = connection.ops.quote_name
    copy_sql = "COPY {} ({}) FROM STDIN".format(
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    )

    def write(cursor, batch: list[list]) -> None:
        with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
            for row in batch:
                copy.write_row(row)

    return write


def insert_objects(objs: list[Model]) -> list[Model]:
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
