"""The health endpoint for load balancers and monitoring: is this instance fit to serve?

It answers without login and tells nothing about persons or cases: only whether the database
answers and every migration of this code is applied (a start against an old schema, or a
restore from an older backup, shows as ``pending``). HTTP 200 when both hold, else 503.
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from lvv.access.decorators import public

_migrations_checked = False  # once all are applied, this process's code cannot need more


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _migrations() -> bool:
    global _migrations_checked
    if _migrations_checked:
        return True
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_checked = not pending
    return _migrations_checked


@public
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = _database()
    try:
        migrations = database and _migrations()
    except DatabaseError:
        database = migrations = False
    ok = database and migrations
    return JsonResponse(
        {
            "status": "ok" if ok else "error",
            "database": "ok" if database else "unreachable",
            "migrations": "ok" if migrations else ("pending" if database else "unknown"),
        },
        status=200 if ok else 503,
    )
