"""The demo accounts: one per role, so every screen can be tried from the right seat.

The password is one fixed, documented value (or the one given to ``lvv demo --password``);
these accounts exist for demonstrations on synthetic data only and must never be created on
a production installation.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.access.models import User
from lvv.access.two_factor import needs_two_factor
from lvv.organisations.models import Lvv, Organisation
from lvv.roles import Role

DEMO_PASSWORD = "Demo-LVV-2026!"  # noqa: S105  # nosec B105  # documented demo password, demo accounts only
# One documented authenticator key for every demo account that needs two-factor
# authentication, so a demo can be tried at once: add it to an authenticator app, or print
# the current code with ``lvv demo-code``. Public by design - demo accounts only.
DEMO_TOTP_KEY_HEX = "4c56562d44656d6f2d544f54502d323032362121"  # noqa: S105
ALL_LVVS = "*"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    organisation: str  # organisation code
    lvvs: tuple[str, ...]  # LVV codes; ("*",) = every LVV
    first_name: str


def demo_accounts() -> list[DemoAccount]:
    """Per LVV a case director and a counsellor; the national roles once each."""
    accounts: list[DemoAccount] = []
    for code in ("AMS", "GRN", "UTR", "EHV", "RTM"):
        low = code.lower()
        accounts.append(
            DemoAccount(f"regisseur-{low}", Role.CASE_DIRECTOR, f"GEM-{code}", (code,), "Regisseur")
        )
        accounts.append(
            DemoAccount(f"begeleider-{low}", Role.COUNSELLOR, f"NGO-{code}", (code,), "Begeleider")
        )
    accounts += [
        DemoAccount("ind", Role.IND_OFFICER, "IND", (ALL_LVVS,), "IND-medewerker"),
        DemoAccount("dtv", Role.DTV_OFFICER, "DTV", (ALL_LVVS,), "Regievoerder"),
        DemoAccount("politie", Role.POLICE_OFFICER, "AVIM", (ALL_LVVS,), "Agent"),
        DemoAccount("mrt", Role.MRT_MEMBER, "MRT", (ALL_LVVS,), "MRT-lid"),
        DemoAccount("analist", Role.PROGRAMME_ANALYST, "PROGRAMMA", (ALL_LVVS,), "Analist"),
        DemoAccount("beheerder", Role.ADMINISTRATOR, "PROGRAMMA", (), "Beheerder"),
        DemoAccount("privacy", Role.PRIVACY_OFFICER, "PROGRAMMA", (), "Privacy officer"),
    ]
    return accounts


@transaction.atomic
def demo_users_create(password: str = DEMO_PASSWORD) -> list[tuple[DemoAccount, User]]:
    """Create or update every demo account (idempotent: running twice resets the password)."""
    # One hash for all: they share the documented password anyway, and Argon2 costs a
    # noticeable fraction of a second per account on every ``./dev start``.
    hashed = make_password(password)
    organisations = {org.code: org for org in Organisation.objects.all()}
    all_lvvs = list(Lvv.objects.all())
    result: list[tuple[DemoAccount, User]] = []
    for account in demo_accounts():
        user, _created = User.objects.update_or_create(
            username=account.username,
            defaults={
                "organisation": organisations[account.organisation],
                "roles": [str(account.role)],
                "first_name": account.first_name,
                "last_name": "(demo)",
                "is_active": True,
                "is_system": False,
            },
        )
        user.password = hashed
        user.save(update_fields=["password"])
        if account.lvvs == (ALL_LVVS,):
            user.lvvs.set(all_lvvs)
        else:
            user.lvvs.set([lvv for lvv in all_lvvs if lvv.code in account.lvvs])
        if needs_two_factor(user):
            TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).delete()
            TOTPDevice.objects.create(
                user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True
            )
        result.append((account, user))
    return result


DEMO_DEVICE_NAME = "demo-authenticator"


def demo_totp_secret() -> str:
    """The demo key in the base32 form authenticator apps ask for."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode().rstrip("=")


def demo_totp_code() -> str:
    """The code an authenticator app with the demo key shows now."""
    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}"
