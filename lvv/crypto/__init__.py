"""Field encryption, blind indexes and pseudonyms.

Encryption uses ``cryptography``'s MultiFernet over the key list ``LVV_FIELD_KEYS``: the
first key encrypts, every key decrypts, so keys can be rotated. A value that no key opens
raises :class:`DecryptionError` - never is ciphertext returned as if it were data.

Blind indexes and pseudonyms are HMAC-SHA256 under ``LVV_INDEX_KEY`` (not SECRET_KEY), so a
V-number can be found by exact match without being stored in clear text in any index.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = ["DecryptionError", "Fernet", "blind_index", "decrypt", "encrypt", "keyed_hash", "rotate"]
from django.conf import settings


class DecryptionError(Exception):
    """No configured key opens this value (wrong key or tampered data)."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise DecryptionError("no field encryption keys configured")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.LVV_FIELD_KEYS))


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError, UnicodeError) as exc:
        raise DecryptionError("value cannot be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a value under the first (current) key."""
    try:
        return _current().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("value cannot be decrypted with the configured keys") from exc


def keyed_hash(purpose: str, value: str) -> str:
    key = settings.LVV_INDEX_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def blind_index(v_number: str) -> str:
    return keyed_hash("v_number", v_number)
