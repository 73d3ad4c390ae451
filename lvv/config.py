"""Every setting the system reads from the environment, in one place.

Each variable is documented in ``docs/configuration.md``. Defaults are safe for the embedded
(SQLite, single machine) mode. There are two modes:

- **embedded / development** (``LVV_EMBEDDED=1`` or ``DEBUG=1``; ``./dev start`` and
  ``./dev test`` set it): secrets that are not given are generated once and kept in the data
  directory (mode 0600), never in the repository; static files come straight from the app
  and npm folders.
- **production** (everything else): the start *fails closed* when ``SECRET_KEY``,
  ``LVV_FIELD_KEYS`` or ``LVV_INDEX_KEY`` is missing - a generated key would silently make
  every encrypted value unreadable or every session invalid - and the security settings
  (HTTPS redirect, HSTS, secure cookies) are on unless switched off explicitly.
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


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(
            f"{name} moet een geheel getal zijn / {name} must be an integer."
        ) from None


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


class ConfigurationError(Exception):
    """The environment does not describe a runnable installation; the message says what to do
    (in Dutch and English: it is read by whoever starts the service)."""


def debug() -> bool:
    return _bool("DEBUG", False)


def embedded() -> bool:
    """The embedded / development mode: generated secrets are acceptable (see module doc)."""
    return _bool("LVV_EMBEDDED", False) or debug()


def production() -> bool:
    return not embedded()


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


SECRETS = ("SECRET_KEY", "LVV_FIELD_KEYS", "LVV_INDEX_KEY")


def missing_secrets() -> list[str]:
    """The secret variables a production start lacks (empty in the embedded mode)."""
    if embedded():
        return []
    return [name for name in SECRETS if not os.environ.get(name, "").strip()]


def check_secrets() -> None:
    """Fail closed: in production a missing secret stops the start instead of being made up."""
    missing = missing_secrets()
    if missing:
        names = ", ".join(missing)
        raise ConfigurationError(
            f"Ontbrekende geheime sleutel(s): {names}. In productie (DEBUG uit, LVV_EMBEDDED "
            "niet gezet) maakt LVV geen nieuwe sleutels aan: dan zouden versleutelde gegevens "
            "onleesbaar worden. Zet ze in de omgeving (zie docs/configuration.md en "
            "docs/operations.md), of start de ingebouwde demo-/ontwikkelmodus met "
            f"LVV_EMBEDDED=1.\nMissing secret key(s): {names}. In production (DEBUG off, "
            "LVV_EMBEDDED not set) LVV does not generate keys, which would make encrypted data "
            "unreadable. Set them in the environment (see docs/configuration.md and "
            "docs/operations.md), or use the embedded demo/development mode with LVV_EMBEDDED=1."
        )


def secret_key() -> str:
    check_secrets()
    return os.environ.get("SECRET_KEY") or _kept_secret(
        "secret_key", lambda: secrets.token_urlsafe(50)
    )


def field_keys() -> list[str]:
    """Keys for encrypting sensitive fields; the first encrypts, all decrypt (rotation)."""
    check_secrets()
    keys = _list("LVV_FIELD_KEYS", []) or [_kept_secret("field_key", _fernet_key)]
    from cryptography.fernet import Fernet

    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ConfigurationError(
                f"LVV_FIELD_KEYS: sleutel {number} is geen geldige Fernet-sleutel / key "
                f"{number} is not a valid Fernet key (32 bytes, URL-safe base64)."
            ) from None
    return keys


def index_key() -> str:
    """Key for blind indexes and pseudonyms; separate from SECRET_KEY and the field keys."""
    check_secrets()
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
        # half-way; WAL lets readers continue while one writes. recursive_triggers: an
        # INSERT OR REPLACE that deletes a row fires the delete triggers, so it cannot rewrite
        # an append-only table (lvv/processing_log/append_only.py).
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA recursive_triggers=ON;"
            ),
        },
    }


def _proxy_ssl_header() -> tuple[str, str] | None:
    """``X-Forwarded-Proto: https`` -> Django's ``("HTTP_X_FORWARDED_PROTO", "https")``."""
    value = os.environ.get("LVV_PROXY_SSL_HEADER", "").strip()
    if not value:
        return None
    name, sep, expected = value.partition(":")
    if not sep or not name.strip() or not expected.strip():
        raise ConfigurationError(
            "LVV_PROXY_SSL_HEADER heeft de vorm 'Header-Naam: waarde', bijvoorbeeld "
            "'X-Forwarded-Proto: https' / must look like 'X-Forwarded-Proto: https'."
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), expected.strip()


@dataclass(frozen=True)
class Config:
    debug: bool
    embedded: bool
    allowed_hosts: list[str]
    time_zone: str
    session_idle_minutes: int
    session_max_hours: int
    login_failure_limit: int
    login_cooloff_minutes: int
    # HTTPS and cookies (production defaults: on)
    ssl_redirect: bool
    hsts_seconds: int
    hsts_include_subdomains: bool
    hsts_preload: bool
    secure_cookies: bool
    proxy_ssl_header: tuple[str, str] | None
    csrf_trusted_origins: list[str]
    # The client address behind reverse proxies (lock-out counting)
    trusted_proxies: list[str]
    trusted_proxy_count: int


def load() -> Config:
    production_default = production()
    return Config(
        debug=debug(),
        embedded=embedded(),
        allowed_hosts=_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"]),
        time_zone=os.environ.get("LVV_TIME_ZONE", "Europe/Amsterdam"),
        session_idle_minutes=_int("LVV_SESSION_IDLE_MINUTES", 15),
        session_max_hours=_int("LVV_SESSION_MAX_HOURS", 10),
        login_failure_limit=_int("LVV_LOGIN_FAILURE_LIMIT", 5),
        login_cooloff_minutes=_int("LVV_LOGIN_COOLOFF_MINUTES", 15),
        ssl_redirect=_bool("LVV_SSL_REDIRECT", production_default),
        hsts_seconds=_int("LVV_HSTS_SECONDS", 31536000 if production_default else 0),
        hsts_include_subdomains=_bool("LVV_HSTS_INCLUDE_SUBDOMAINS", production_default),
        hsts_preload=_bool("LVV_HSTS_PRELOAD", production_default),
        secure_cookies=_bool("LVV_SECURE_COOKIES", production_default),
        proxy_ssl_header=_proxy_ssl_header(),
        csrf_trusted_origins=_list("CSRF_TRUSTED_ORIGINS", []),
        trusted_proxies=_list("LVV_TRUSTED_PROXIES", []),
        trusted_proxy_count=_int("LVV_TRUSTED_PROXY_COUNT", 0),
    )


def gunicorn() -> dict:
    """Settings of ``lvv serve`` (read by ``lvv/gunicorn_conf.py``)."""
    return {
        "bind": os.environ.get("LVV_BIND", "127.0.0.1:8000"),
        "workers": _int("LVV_WORKERS", 3),
        "threads": _int("LVV_THREADS", 4),
        "timeout": _int("LVV_TIMEOUT", 60),
        "graceful_timeout": _int("LVV_GRACEFUL_TIMEOUT", 30),
        "access_log": _bool("LVV_ACCESS_LOG", True),
    }
