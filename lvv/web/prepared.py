"""SQL compiled once per query shape, for the pages every user opens all day.

Turning a queryset into SQL costs Django more than it costs PostgreSQL to run the query
(on the worklist, compiling its eight-part list query took more than twice as long as
running it; figures in docs/performance.md). The SQL of such a query depends only on a few
values (the user's scope, the day, a list's filters), so it is compiled on first use and
kept per key - the rows are of course read from the database on every request. (Preparing
the statements on the server as well, to save PostgreSQL's planning, made no measurable
difference: tried and dropped.)

Rule: the key must hold every value the build function reads. The functions here take
only the key's parts as their input, so that stays visible at the call site.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import IntegerField, QuerySet, Value

MAX_ENTRIES = 1024


@dataclass(frozen=True)
class Prepared:
    alias: str
    sql: str
    params: tuple
    compiler: Any  # the values_list query's compiler: converts the rows as Django would

    names: tuple[str, ...]  # the columns, in the order of the SELECT

    def rows(self) -> list[dict[str, Any]]:
        if not self.sql:  # a query that can match nothing (e.g. an empty scope)
            return []
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        converted = self.compiler.results_iter(results=[rows], tuple_expected=True)
        return [dict(zip(self.names, row, strict=True)) for row in converted]

    def counts(self) -> dict[str, int]:
        """The one row of a ``count_query`` (all zero when nothing can match)."""
        rows = self.rows()
        return rows[0] if rows else dict.fromkeys(self.names, 0)


_cache: OrderedDict[Hashable, Prepared] = OrderedDict()
_lock = threading.Lock()


def prepared(key: Hashable, build: Callable[[], QuerySet]) -> Prepared:
    """The compiled ``build()`` (a ``values``/``values_list`` queryset) for ``key``.

    Built on a miss; its rows come back as dicts by column name.
    """
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    queryset = build()
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = "", ()
    # The columns in the order of the SELECT, as the compiler wrote it (Django 5.2 keeps
    # the order given to values(), annotations included).
    names = tuple(alias for _expression, _sql, alias in compiler.select or ())
    if not names:
        query = queryset.query
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
    entry = Prepared(queryset.db, sql, tuple(params), compiler, names)
    with _lock:
        _cache[key] = entry
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return entry


def clear() -> None:
    with _lock:
        _cache.clear()


def count_query(queryset: QuerySet, aggregates: dict) -> QuerySet:
    """One row of aggregates as a ``values`` query (compilable ahead, unlike ``aggregate()``
    or ``count()``): grouped by a constant, so without GROUP BY, one row even when empty."""
    return (
        queryset.order_by()
        .annotate(all_rows=Value(1, output_field=IntegerField()))
        .values("all_rows")
        .annotate(**aggregates)
        .values(*aggregates)
    )
