"""Logging in test users, second factor included."""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.access.middleware import SESSION_SEEN_KEY


def login_verified(client, user) -> None:
    """Log in as if the password and a TOTP code had been given."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_SEEN_KEY] = int(time.time())  # as the real sign-in's last request does
    session.save()
