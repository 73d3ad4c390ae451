"""The system actor: who the event history names when a command (import, demo) acts."""

from __future__ import annotations

from lvv.access.models import User
from lvv.organisations.models import Organisation

SYSTEM_USERNAME = "lvv-systeem"


def system_actor() -> User:
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "is_system": True,
            "first_name": "Systeem",
            "organisation": Organisation.objects.filter(code="PROGRAMMA").first(),
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
