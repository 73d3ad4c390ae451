"""Two-factor authentication (TOTP with backup codes), required for roles that see
personal data and for administrators."""

from __future__ import annotations

import secrets

from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.access.policy import PERSONAL_DATA_ROLES
from lvv.roles import Role

TWO_FACTOR_ROLES = frozenset(PERSONAL_DATA_ROLES | {Role.ADMINISTRATOR})
BACKUP_CODE_COUNT = 10


def needs_two_factor(user) -> bool:
    return any(role in TWO_FACTOR_ROLES for role in (user.roles or []))


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def totp_device_start(user) -> TOTPDevice:
    """An unconfirmed authenticator for the user (replacing an earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_device_confirm(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token((token or "").strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def backup_codes_create(user) -> list[str]:
    """New single-use backup codes; earlier ones stop working. Shown to the user once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify_any(user, token: str):
    """The confirmed device that accepts ``token`` (authenticator or backup code), if any."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None
