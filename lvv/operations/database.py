"""Running the application as a PostgreSQL role that does not own the tables.

The owner of a table can drop or disable its triggers; so the append-only guarantee holds
against the application itself (a bug, an injected statement) only when the application
connects as another role. The owner role runs ``lvv migrate`` (and ``lvv rotate-keys``,
``lvv restore``); the application role gets exactly the rights it needs
(:func:`app_role_grants`, printed by ``lvv app-role-grants``): read and write the ordinary
tables, only read and append the append-only ones, nothing on the schema. See
docs/operations.md.
"""

from __future__ import annotations

from django.db import connection

from lvv.processing_log.append_only import installed_triggers


def app_role_grants(role: str) -> list[str]:
    """The statements the owner runs (after every ``migrate``) for the application role."""
    if connection.vendor != "postgresql":
        raise RuntimeError("only PostgreSQL has roles")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
    role_q, schema_q = quote(role), quote(schema)
    statements = [
        f"GRANT CONNECT ON DATABASE {quote(database)} TO {role_q}",
        f"GRANT USAGE ON SCHEMA {schema_q} TO {role_q}",
        f"REVOKE CREATE ON SCHEMA {schema_q} FROM {role_q}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema_q} TO {role_q}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema_q} FROM {role_q}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_q} TO {role_q}",
        # Tables that later migrations create: the same rights (re-run this after migrate to
        # take UPDATE/DELETE off new append-only tables; their triggers refuse them anyway).
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_q} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role_q}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_q} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {role_q}",
    ]
    for table in sorted(installed_triggers(connection)):
        statements.append(f"REVOKE UPDATE, DELETE ON {quote(table)} FROM {role_q}")
    return statements
