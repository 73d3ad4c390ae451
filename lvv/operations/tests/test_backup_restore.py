"""The restore drill: back up a filled installation, restore it into an empty one, check it.

Runs on the backend of the suite (SQLite: the online backup API; PostgreSQL: pg_dump and
pg_restore from postgresql-client), through the ``lvv`` commands an operator uses.
"""

from __future__ import annotations

import json

import pytest

from lvv.operations.tests.conftest import drop, empty_installation


def _counts(installation) -> dict[str, int]:
    return {
        table: installation.query(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608
        for table in ("cases_person", "cases_case", "cases_caseevent", "sensitive_sensitivesection")
    }


def test_restore_drill(installation, operations_root, tmp_path):
    before = _counts(installation)
    assert before["cases_case"] > 0
    backup_dir, keys = tmp_path / "backup", tmp_path / "keys" / "lvv-keys.env"
    done = installation.lvv("backup", str(backup_dir), "--keys-to", str(keys))
    assert "Back-up gemaakt" in done.stdout

    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["vendor"] == installation.vendor
    assert manifest["counts"]["cases"] == before["cases_case"]
    # Keys only as fingerprints in the backup; the key file apart, readable by its owner only.
    key_file = keys.read_text()
    field_key = (installation.data_dir / "field_key").read_text().strip()
    assert field_key in key_file
    assert field_key not in (backup_dir / "manifest.json").read_text()
    assert keys.stat().st_mode & 0o077 == 0
    assert not any(field_key.encode() in p.read_bytes() for p in backup_dir.iterdir())

    target = empty_installation(operations_root, f"restored-{installation.data_dir.name}")
    try:
        # The new installation generated its own keys: they cannot read the backup.
        refused = target.lvv("restore", str(backup_dir), check=False)
        assert refused.returncode != 0
        assert "sleutels passen niet" in refused.stderr
        target.lvv("restore-keys", str(keys))
        restored = target.lvv("restore", str(backup_dir))
        assert "Teruggezet en gecontroleerd" in restored.stdout
        assert _counts(target) == before
        # Every encrypted value was decrypted by the restore's own check.
        assert "versleutelde waarden leesbaar" in restored.stdout
        target.lvv("migrate", "--check")
        target.lvv("rotate-keys", "--check")
        assert installation.triggers() <= target.triggers()
        assert any(
            name.endswith("_no_truncate") or name.endswith("_no_replace")
            for name in target.triggers()
        )
        # A second restore over the restored database needs --replace.
        again = target.lvv("restore", str(backup_dir), check=False)
        assert again.returncode != 0 and "--replace" in again.stderr
        target.lvv("restore", str(backup_dir), "--replace")
        assert _counts(target) == before
    finally:
        drop(target)


def test_a_damaged_backup_is_refused(installation, operations_root, tmp_path):
    backup_dir = tmp_path / "backup"
    installation.lvv("backup", str(backup_dir))
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    database_file = backup_dir / manifest["database_file"]
    data = bytearray(database_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database_file.write_bytes(bytes(data))
    target = empty_installation(operations_root, f"damaged-{installation.data_dir.name}")
    try:
        target.lvv("restore-keys", "--replace", str(_keys_of(installation, tmp_path)))
        refused = target.lvv("restore", str(backup_dir), check=False)
        assert refused.returncode != 0
        assert "beschadigd" in refused.stderr
    finally:
        drop(target)


def _keys_of(installation, tmp_path):
    path = tmp_path / "keys.env"
    if not path.exists():
        lines = [
            f"SECRET_KEY={(installation.data_dir / 'secret_key').read_text().strip()}",
            f"LVV_FIELD_KEYS={(installation.data_dir / 'field_key').read_text().strip()}",
            f"LVV_INDEX_KEY={(installation.data_dir / 'index_key').read_text().strip()}",
        ]
        path.write_text("\n".join(lines) + "\n")
    return path


def test_keys_are_never_written_into_the_backup_directory(tmp_path):
    from lvv.operations.backup import BackupError, backup

    with pytest.raises(BackupError) as error:
        backup(tmp_path / "b", keys_to=tmp_path / "b" / "keys.env")
    assert "buiten" in str(error.value)
    assert not (tmp_path / "b").exists()
