"""Changes to accounts and their access - every one recorded in the administration log.

The rules of the functional administration live here, not in the pages:

- nobody changes their own access: roles, LVVs, organisation and active state of one's own
  account are refused (an administrator cannot make themselves case director);
- every change of access is recorded, append-only, with who, when, before and after; a grant
  of a role that sees personal data is flagged (the choice for "recorded" over "four eyes":
  docs/access.md);
- passwords are never set by an administrator: an account gets a single-use reset link, and
  the user chooses a password that passes the password validators;
- a lost second factor is reset by another administrator, never by oneself.
"""

from __future__ import annotations

import getpass

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.access.models import AdministrationKind, AdministrationLogEntry, User
from lvv.access.policy import PERSONAL_DATA_ROLES
from lvv.processing_log.trace import current_trace_id
from lvv.roles import Role

ACCESS_FIELDS = ("roles", "lvvs", "organisation", "is_active")
DETAIL_FIELDS = ("first_name", "last_name", "email")


class AdministrationRefused(Exception):
    """The change is not allowed; ``str()`` is the Dutch reason for the page."""


def access_of(user: User) -> dict:
    """The access of an account as plain values (for the log and for comparison)."""
    lvvs = sorted(user.lvvs.values_list("code", flat=True)) if user.pk else []
    return {
        "roles": sorted(str(role) for role in (user.roles or [])),
        "lvvs": lvvs,
        "organisation": user.organisation.code if user.organisation_id else "",
        "is_active": bool(user.is_active),
    }


def _personal_data_roles(roles) -> set[str]:
    return {str(role) for role in roles} & {str(role) for role in PERSONAL_DATA_ROLES}


def administration_record(
    *,
    kind: str,
    actor: User | None,
    subject: User | None = None,
    before: dict | None = None,
    after: dict | None = None,
    detail: str = "",
) -> AdministrationLogEntry:
    """Append one entry to the administration log (commands act as the operating-system user)."""
    before, after = before or {}, after or {}
    granted = _personal_data_roles(after.get("roles", [])) - _personal_data_roles(
        before.get("roles", [])
    )
    return AdministrationLogEntry.objects.create(
        kind=kind,
        actor_id=getattr(actor, "pk", None),
        actor_username=(actor.username if actor is not None else f"lvv-commando ({_os_user()})")[
            :150
        ],
        subject_id=getattr(subject, "pk", None),
        subject_username=getattr(subject, "username", "")[:150],
        before=before,
        after=after,
        grants_personal_data=bool(granted),
        detail=detail[:200],
        trace_id=current_trace_id(),
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (e.g. in a container)
        return "?"


def _check_roles(roles) -> list[str]:
    known = set(Role.values)
    unknown = [role for role in roles if role not in known]
    if unknown:
        raise AdministrationRefused(_("Onbekende rol: %(roles)s.") % {"roles": ", ".join(unknown)})
    return sorted(set(roles))


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation=None,
    roles=(),
    lvvs=(),
) -> User:
    """A new account without a password (it gets one through a reset link)."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
        roles=_check_roles(roles),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.lvvs.set(lvvs)
    administration_record(
        kind=AdministrationKind.USER_CREATED, actor=actor, subject=user, after=access_of(user)
    )
    return user


@transaction.atomic
def user_change(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    organisation,
    roles,
    lvvs,
    is_active: bool,
) -> User:
    """Change an account; a change of one's own access is refused, every change recorded."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = access_of(user)
    before_details = {name: getattr(user, name) for name in DETAIL_FIELDS}
    roles = _check_roles(roles)
    after = {
        "roles": roles,
        "lvvs": sorted(lvv.code for lvv in lvvs),
        "organisation": organisation.code if organisation else "",
        "is_active": bool(is_active),
    }
    if user.pk == actor.pk and after != before:
        raise AdministrationRefused(
            _(
                "U kunt uw eigen rollen, LVV's, organisatie of status niet wijzigen. Vraag een "
                "andere functioneel beheerder."
            )
        )
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.organisation = organisation
    user.roles = roles
    user.is_active = is_active
    user.full_clean(exclude=["password", "username"])
    user.save()
    user.lvvs.set(lvvs)
    if after != before:
        administration_record(
            kind=AdministrationKind.ACCESS_CHANGED,
            actor=actor,
            subject=user,
            before=before,
            after=after,
        )
    details = {name: getattr(user, name) for name in DETAIL_FIELDS}
    if details != before_details:
        administration_record(
            kind=AdministrationKind.DETAILS_CHANGED,
            actor=actor,
            subject=user,
            before=before_details,
            after=details,
        )
    return user


def password_reset_token(user: User) -> str:
    """``<uid>.<token>``: valid until the password changes or PASSWORD_RESET_TIMEOUT passes."""
    return (
        f"{urlsafe_base64_encode(force_bytes(user.pk))}.{default_token_generator.make_token(user)}"
    )


@transaction.atomic
def password_reset_link_create(*, actor: User, user: User) -> str:
    """The secret of a single-use link with which ``user`` sets a new password.

    The administrator hands it over; the user chooses the password (the validators apply),
    so an administrator never knows or sets one. The log records that a link was made, never
    the link.
    """
    if user.is_system:
        raise AdministrationRefused(_("Een systeemaccount kan niet inloggen."))
    administration_record(kind=AdministrationKind.PASSWORD_RESET_LINK, actor=actor, subject=user)
    return password_reset_token(user)


def user_for_reset_token(secret: str) -> User | None:
    from django.utils.http import urlsafe_base64_decode

    uid, _sep, token = (secret or "").partition(".")
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True, is_system=False).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def password_set_from_link(*, user: User, password: str) -> None:
    """The user's new password (already validated by the form); the link stops working."""
    user.set_password(password)
    user.save(update_fields=["password"])
    administration_record(kind=AdministrationKind.PASSWORD_SET, actor=user, subject=user)


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> int:
    """Remove every second-factor device of ``user``; at the next login they enrol a new one."""
    if user.pk == actor.pk:
        raise AdministrationRefused(
            _(
                "U kunt uw eigen tweestapsverificatie niet herstellen. Vraag een andere "
                "functioneel beheerder."
            )
        )
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    administration_record(
        kind=AdministrationKind.TWO_FACTOR_RESET,
        actor=actor,
        subject=user,
        detail=_("%(n)d apparaat/apparaten verwijderd") % {"n": removed},
    )
    return removed


@transaction.atomic
def first_administrator_create(
    *, username: str, password: str, email: str = "", organisation=None
) -> User:
    """``lvv create-admin``: the first functional administrator of a new installation.

    Refused once an active administrator exists (further accounts are made in /beheer/, and
    recorded there). The password must pass the validators; the second factor is enrolled
    at the first login.
    """
    from django.contrib.auth.password_validation import validate_password

    active = User.objects.filter(is_active=True, is_system=False).only("roles")
    if any(user.has_role(Role.ADMINISTRATOR) for user in active.iterator()):
        raise AdministrationRefused(
            _(
                "Er is al een functioneel beheerder. Maak verdere accounts aan in /beheer/ "
                "(dat wordt vastgelegd in het beheerlogboek)."
            )
        )
    user = User(username=username, email=email, organisation=organisation)
    user.roles = [Role.ADMINISTRATOR.value]
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    administration_record(
        kind=AdministrationKind.USER_CREATED,
        actor=None,
        subject=user,
        after=access_of(user),
        detail="lvv create-admin",
    )
    return user
