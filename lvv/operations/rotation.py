"""Key rotation: re-encrypt every encrypted value under the newest field key.

``LVV_FIELD_KEYS`` is a list: the first key encrypts, every key decrypts. To retire a key,
put a new key first, run ``lvv rotate-keys`` (this module), check that it reports nothing
left under an old key, and remove the old key from the list. Every column of type
``EncryptedTextField`` in every model is rewritten, append-only tables included - through
the one maintenance path their triggers allow (``append_only.key_rotation``: owner role,
encrypted columns only) - and every run is written to the administration log.

Values are read and written as ciphertext (raw SQL, never through the model field), so the
rotation works table by table in batches, never holds plaintext longer than one batch and
keeps each token's original timestamp (``MultiFernet.rotate``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from lvv import crypto
from lvv.crypto.fields import EncryptedTextField
from lvv.processing_log.append_only import installed_triggers, key_rotation

BATCH = 500


@dataclass(frozen=True)
class EncryptedTable:
    table: str
    primary_key: str
    columns: tuple[str, ...]


@dataclass
class RotationReport:
    tables: dict[str, int] = field(default_factory=dict)  # table -> values re-encrypted

    @property
    def values(self) -> int:
        return sum(self.tables.values())


def encrypted_tables() -> list[EncryptedTable]:
    """Every table with encrypted columns, found from the models (so new ones are included)."""
    found: dict[str, EncryptedTable] = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = tuple(
            sorted(f.column for f in meta.concrete_fields if isinstance(f, EncryptedTextField))
        )
        if columns:
            found[meta.db_table] = EncryptedTable(meta.db_table, meta.pk.column, columns)
    return [found[name] for name in sorted(found)]


def _current_key_token(token: str) -> bool:
    """Is ``token`` already encrypted under the first key (then it is left alone)?"""
    from cryptography.fernet import Fernet, InvalidToken
    from django.conf import settings

    try:
        Fernet(settings.LVV_FIELD_KEYS[0].encode()).decrypt(token.encode("ascii"))
    except (InvalidToken, ValueError):
        return False
    return True


def _rotate_batch(table: EncryptedTable, rows: list[tuple]) -> int:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in table.columns)
    statement = (
        f"UPDATE {quote(table.table)} SET {assignments} "  # noqa: S608  # nosec B608 - model names
        f"WHERE {quote(table.primary_key)} = %s"
    )
    changed = 0
    updates = []
    for pk, *values in rows:
        new_values = []
        differs = False
        for value in values:
            if value and not _current_key_token(value):
                new_values.append(crypto.rotate(value))
                differs = True
                changed += 1
            else:
                new_values.append(value)
        if differs:
            updates.append([*new_values, pk])
    if updates:
        with connection.cursor() as cursor:
            cursor.executemany(statement, updates)
    return changed


def rotate_all(progress: Callable[[str, int], None] | None = None) -> RotationReport:
    """Re-encrypt every value not yet under the first key; one transaction per batch."""
    report = RotationReport()
    append_only = set(installed_triggers(connection))
    quote = connection.ops.quote_name
    for table in encrypted_tables():
        columns = ", ".join(quote(column) for column in table.columns)
        select = (
            f"SELECT {quote(table.primary_key)}, {columns} FROM {quote(table.table)} "  # noqa: S608  # nosec B608
            f"WHERE {quote(table.primary_key)} > %s ORDER BY {quote(table.primary_key)} LIMIT %s"
        )
        last = -1
        count = 0
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(select, [last, BATCH])
                    rows = cursor.fetchall()
                if not rows:
                    break
                if table.table in append_only:
                    with key_rotation(connection, table.table):
                        count += _rotate_batch(table, rows)
                else:
                    count += _rotate_batch(table, rows)
            last = rows[-1][0]
        report.tables[table.table] = count
        if progress:
            progress(table.table, count)
    return report


def values_under_old_keys() -> dict[str, int]:
    """Per table, the values a key other than the first one still encrypts (0 everywhere:
    the old keys can be removed). Decrypts nothing it does not need to."""
    remaining: dict[str, int] = {}
    quote = connection.ops.quote_name
    for table in encrypted_tables():
        columns = ", ".join(quote(column) for column in table.columns)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {quote(table.table)}")  # noqa: S608  # nosec B608
            remaining[table.table] = sum(
                1
                for row in cursor.fetchall()
                for value in row
                if value and not _current_key_token(value)
            )
    return remaining
