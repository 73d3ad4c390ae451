"""Every setting the system reads from the environment, in one place.

Each variable is documented in ``docs/configuration.md``. Defaults are safe for the embedded
(SQLite, single machine) mode; secrets that are not given are generated once and kept in the
data directory, never in the repository.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    path = Path(os.environ.get("LVV_DATA_DIR", "./var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _kept_secret(filename: str, make: callable) -> str:
    """Read a generated secret from the data dir, creating it (mode 0600) on first use."""
    path = data_dir() / filename
    if path.exists():
        return path.read_text().strip()
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def _fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def node_modules_dir() -> Path:
    """Where npm installed the front-end packages (default: next to the ``lvv`` package)."""
    default = Path(__file__).resolve().parent.parent / "node_modules"
    return Path(os.environ.get("LVV_NODE_MODULES", str(default)))


def secret_key() -> str:
    return os.environ.get("SECRET_KEY") or _kept_secret(
        "secret_key", lambda: secrets.token_urlsafe(50)
    )


def field_keys() -> list[str]:
    """Keys for encrypting sensitive fields; the first encrypts, all decrypt (rotation)."""
    keys = _list("LVV_FIELD_KEYS", [])
    return keys or [_kept_secret("field_key", _fernet_key)]


def index_key() -> str:
    """Key for blind indexes and pseudonyms; separate from SECRET_KEY and the field keys."""
    return os.environ.get("LVV_INDEX_KEY") or _kept_secret(
        "index_key", lambda: secrets.token_urlsafe(32)
    )


def database() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return _sqlite(data_dir() / "lvv.sqlite3")
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("//") or path.startswith("/"):  # sqlite:////absolute/path
            path = path[1:]
        return _sqlite(Path(path).resolve())
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("LVV_CONN_MAX_AGE", "60")),
            "OPTIONS": options,
            "TEST": {"NAME": os.environ.get("LVV_TEST_DATABASE_NAME") or None},
        }
    raise ValueError(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")


def _sqlite(path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # IMMEDIATE takes the write lock at BEGIN, so two writers serialise instead of failing
        # half-way; WAL lets readers continue while one writes.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


@dataclass(frozen=True)
class Config:
    debug: bool
    allowed_hosts: list[str]
    time_zone: str
    session_idle_minutes: int
    login_failure_limit: int
    login_cooloff_minutes: int


def load() -> Config:
    return Config(
        debug=_bool("DEBUG", False),
        allowed_hosts=_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"]),
        time_zone=os.environ.get("LVV_TIME_ZONE", "Europe/Amsterdam"),
        session_idle_minutes=int(os.environ.get("LVV_SESSION_IDLE_MINUTES", "15")),
        login_failure_limit=int(os.environ.get("LVV_LOGIN_FAILURE_LIMIT", "5")),
        login_cooloff_minutes=int(os.environ.get("LVV_LOGIN_COOLOFF_MINUTES", "15")),
    )
