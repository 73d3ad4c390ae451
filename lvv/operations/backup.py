"""Backups of the database and, separately, of the keys; restoring them; checking a restore.

A backup directory holds the database (SQLite: a copy made with SQLite's online backup API,
consistent while the application runs; PostgreSQL: ``pg_dump --format=custom``) and a
``manifest.json``: when, which database, the migrations applied, row counts and the
*fingerprints* of the keys - never the keys. The keys (``SECRET_KEY``, ``LVV_FIELD_KEYS``,
``LVV_INDEX_KEY``) are written only when asked (``--keys-to``), to a separate file that must
be kept apart from the database backups: whoever has both can read every V-number and
special-category section; whoever has only the database backup cannot.

A restore refuses what would not work: a damaged file (checksum), another kind of database,
or keys that do not match the backup's fingerprints (the data would be unreadable). After
the restore it checks row counts and decrypts every encrypted value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump/pg_restore, never a shell
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from lvv import config, crypto

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
# Counted at backup and compared after a restore.
COUNTED = {
    "persons": "cases_person",
    "cases": "cases_case",
    "case_events": "cases_caseevent",
    "processing_log": "processing_log_processinglogentry",
    "users": "access_user",
}


class BackupError(Exception):
    """Why a backup or restore cannot proceed, in Dutch and English."""


@dataclass
class RestoreReport:
    counts: dict[str, int]
    decrypted: int
    pending_migrations: int


def fingerprint(value: str) -> str:
    """Identifies a key without revealing it (keys are 256-bit random values)."""
    return hashlib.sha256(("lvv-key-fingerprint:" + value).encode()).hexdigest()[:16]


def key_fingerprints() -> dict:
    return {
        "secret_key": fingerprint(settings.SECRET_KEY),
        "field_keys": [fingerprint(key) for key in settings.LVV_FIELD_KEYS],
        "index_key": fingerprint(settings.LVV_INDEX_KEY),
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for name, table in COUNTED.items():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608  # nosec B608 - our table names
            counts[name] = cursor.fetchone()[0]
    return counts


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _pg_environment() -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: no password on a command line."""
    database = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    for option, value in (database.get("OPTIONS") or {}).items():
        if option in {"sslmode", "sslrootcert", "sslcert", "sslkey"}:
            env["PG" + option.upper()] = str(value)
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} ontbreekt: installeer postgresql-client (van dezelfde of een nieuwere "
            f"versie dan de server).\n{command[0]} is missing: install postgresql-client (the "
            "server's version or newer)."
        )
    done = subprocess.run(  # noqa: S603  # nosec B603 - pg_dump/pg_restore, our own arguments
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} faalde / failed:\n{done.stderr.strip()[-2000:]}")


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def backup(destination: Path, *, keys_to: Path | None = None) -> dict:
    """Write a backup into ``destination`` (new or empty); the keys only to ``keys_to``."""
    destination = destination.resolve()
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(
            f"{destination} is niet leeg; kies een nieuwe map per back-up.\n"
            f"{destination} is not empty; use a new directory for every backup."
        )
    if keys_to is not None:
        keys_to = keys_to.resolve()
        if keys_to == destination or destination in keys_to.parents:
            raise BackupError(
                "De sleutels horen niet bij de databaseback-up: kies een plek buiten "
                f"{destination}.\nThe keys must not be stored with the database backup: choose "
                f"a place outside {destination}."
            )
    destination.mkdir(parents=True, exist_ok=True)
    os.chmod(destination, 0o700)
    if connection.vendor == "sqlite":
        target = destination / SQLITE_FILE
        source = sqlite3.connect(str(_sqlite_path()))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    elif connection.vendor == "postgresql":
        target = destination / POSTGRES_FILE
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)])
    else:  # pragma: no cover
        raise BackupError(f"no backup for {connection.vendor}")
    os.chmod(target, 0o600)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": connection.vendor,
        "database_file": target.name,
        "sha256": _sha256(target),
        "migrations": _migrations(),
        "counts": _counts(),
        "keys": key_fingerprints(),
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    if keys_to is not None:
        write_keys(keys_to)
    return manifest


def write_keys(path: Path) -> None:
    """The keys as an environment file (``set -a; . FILE``), readable by the owner only."""
    lines = [
        "# LVV-sleutels / keys - apart bewaren van de databaseback-ups (docs/operations.md)",
        f"SECRET_KEY={settings.SECRET_KEY}",
        f"LVV_FIELD_KEYS={','.join(settings.LVV_FIELD_KEYS)}",
        f"LVV_INDEX_KEY={settings.LVV_INDEX_KEY}",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("\n".join(lines) + "\n")


def read_keys(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, _sep, value = line.partition("=")
            values[name.strip()] = value.strip()
    missing = [name for name in config.SECRETS if not values.get(name)]
    if missing:
        raise BackupError(f"{path}: ontbreekt / missing: {', '.join(missing)}")
    return values


def restore_keys_to_data_dir(path: Path, *, replace: bool) -> list[str]:
    """Embedded mode: put the keys of a key backup back into the data directory."""
    values = read_keys(path)
    files = {
        "secret_key": values["SECRET_KEY"],
        "field_key": values["LVV_FIELD_KEYS"].split(",")[0],
        "index_key": values["LVV_INDEX_KEY"],
    }
    if len(values["LVV_FIELD_KEYS"].split(",")) > 1:
        raise BackupError(
            "De sleutelback-up bevat meer dan één veldsleutel: zet LVV_FIELD_KEYS in de omgeving "
            "(of voer eerst lvv rotate-keys uit).\nThe key backup holds several field keys: set "
            "LVV_FIELD_KEYS in the environment (or run lvv rotate-keys first)."
        )
    directory = config.data_dir()
    written = []
    for name, value in files.items():
        target = directory / name
        differs = target.exists() and target.read_text().strip() != value
        if differs and not replace and not _database_is_empty():
            # Keys generated for an empty database (e.g. by this very command's start) lose
            # nothing; keys of a database with data are not replaced without --replace.
            raise BackupError(
                f"{target} bestaat al met een andere sleutel; gebruik --replace.\n"
                f"{target} already holds another key; use --replace."
            )
        target.unlink(missing_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(value + "\n")
        written.append(str(target))
    return written


def read_manifest(source: Path) -> dict:
    path = source / MANIFEST
    if not path.exists():
        raise BackupError(f"Geen {MANIFEST} in {source} / no {MANIFEST} in {source}.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"Onbekend back-upformaat / unknown backup format: {manifest.get('format')}"
        )
    return manifest


def check_keys(manifest: dict) -> list[str]:
    """Problems of the configured keys for this backup (empty: the data will be readable)."""
    current = key_fingerprints()
    problems = []
    missing = [fp for fp in manifest["keys"]["field_keys"] if fp not in current["field_keys"]]
    if missing:
        problems.append(
            "LVV_FIELD_KEYS mist sleutel(s) van de back-up / lacks key(s) of the backup "
            f"(vingerafdruk / fingerprint {', '.join(missing)})"
        )
    if manifest["keys"]["index_key"] != current["index_key"]:
        problems.append("LVV_INDEX_KEY hoort niet bij de back-up / does not match the backup")
    return problems


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(source: Path, *, replace: bool = False) -> RestoreReport:
    source = source.resolve()
    manifest = read_manifest(source)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"De back-up is van {manifest['vendor']}, de database is {connection.vendor}.\n"
            f"The backup is of {manifest['vendor']}, the database is {connection.vendor}."
        )
    database_file = source / manifest["database_file"]
    if _sha256(database_file) != manifest["sha256"]:
        raise BackupError(
            f"{database_file} is beschadigd (controlegetal klopt niet).\n"
            f"{database_file} is damaged (checksum mismatch)."
        )
    problems = check_keys(manifest)
    if problems:
        raise BackupError(
            "De ingestelde sleutels passen niet bij deze back-up; zet eerst de sleutels terug "
            "(docs/operations.md).\nThe configured keys do not match this backup; restore the "
            "keys first.\n- " + "\n- ".join(problems)
        )
    if not replace and not _database_is_empty():
        raise BackupError(
            "De database is niet leeg. Terugzetten vervangt alles: gebruik --replace als dat de "
            "bedoeling is.\nThe database is not empty. A restore replaces everything: use "
            "--replace if that is intended."
        )
    if connection.vendor == "sqlite":
        target = _sqlite_path()
        connections.close_all()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        backup_db = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        live = sqlite3.connect(str(target))
        try:
            with live:
                backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    else:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        if replace:
            command += ["--clean", "--if-exists"]
        connections.close_all()
        database = _pg_environment()["PGDATABASE"]
        _run([*command, "--single-transaction", "--dbname", database, str(database_file)])
    return verify(manifest)


def verify(manifest: dict) -> RestoreReport:
    """After a restore: the counts of the backup, every encrypted value readable."""
    from lvv.operations.rotation import encrypted_tables

    counts = _counts()
    if counts != manifest["counts"]:
        raise BackupError(
            f"Aantallen wijken af van de back-up / counts differ from the backup: {counts} != "
            f"{manifest['counts']}"
        )
    decrypted = 0
    quote = connection.ops.quote_name
    for table in encrypted_tables():
        columns = ", ".join(quote(column) for column in table.columns)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {quote(table.table)}")  # noqa: S608  # nosec B608
            for row in cursor.fetchall():
                for value in row:
                    if value:
                        crypto.decrypt(value)  # raises DecryptionError: fail, never guess
                        decrypted += 1
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return RestoreReport(counts=counts, decrypted=decrypted, pending_migrations=pending)
