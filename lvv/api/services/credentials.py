"""Issuing and revoking application tokens (``lvv api-token`` and the administration page)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.access.models import AdministrationKind
from lvv.access.services import administration_record
from lvv.api.models import ApiApplication, ApiToken

# Recognisable in a secret scanner's rules and in a leaked log line; the rest is random.
TOKEN_PREFIX = "lvv_"  # noqa: S105  # nosec B105 - a public marker, not a secret
# 32 random bytes: 256 bits, so a plain SHA-256 digest suffices (nothing to guess).
TOKEN_BYTES = 32
SHOWN_PREFIX_LENGTH = 12
MAX_TOKEN_DAYS = 365
MAX_SECRET_LENGTH = 100  # longer is no token of ours: not even hashed


def _log(actor, application: ApiApplication, what: str, after: dict) -> None:
    """Into the append-only administration log; a command (the system actor) is named as
    the operating-system user who ran it."""
    administration_record(
        kind=AdministrationKind.API_CREDENTIALS,
        actor=None if actor is None or getattr(actor, "is_system", False) else actor,
        after={
            "koppeling": application.name,
            "organisatie": application.organisation.code,
            **after,
        },
        detail=f"API-koppeling {application.name}: {what}",
    )


class CredentialError(ValueError):
    """A token cannot be issued or revoked; the message is Dutch and shown as is."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once to whoever issued it, never stored


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_issue(*, organisation, name: str, days: int, actor) -> IssuedToken:
    """A new token for the application ``name`` of ``organisation`` (created if new)."""
    name = (name or "").strip()
    if not name:
        raise CredentialError(_("Geef de koppeling een naam."))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise CredentialError(
            _("Een sleutel is 1 tot %(max)d dagen geldig.") % {"max": MAX_TOKEN_DAYS}
        )
    with transaction.atomic():
        application, _created = ApiApplication.objects.select_for_update().get_or_create(
            name=name, defaults={"organisation": organisation}
        )
        if application.organisation_id != organisation.pk:
            raise CredentialError(
                _("De koppeling '%(name)s' hoort bij een andere organisatie.") % {"name": name}
            )
        if not application.is_active:
            raise CredentialError(
                _("De koppeling '%(name)s' is gedeactiveerd; maak een nieuwe koppeling.")
                % {"name": name}
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
        token = ApiToken.objects.create(
            application=application,
            digest=token_digest(secret),
            prefix=secret[:SHOWN_PREFIX_LENGTH],
            expires_at=timezone.now() + dt.timedelta(days=days),
            issued_by=actor,
        )
        _log(
            actor,
            application,
            "sleutel uitgegeven",
            {"sleutel": token.prefix, "verloopt": token.expires_at.date().isoformat()},
        )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, actor) -> bool:
    """Revoke ``token`` now; False if it was revoked already (nothing changes then)."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        token.refresh_from_db()
        if changed:
            _log(actor, token.application, "sleutel ingetrokken", {"sleutel": token.prefix})
    return bool(changed)


def api_application_deactivate(*, application: ApiApplication, actor) -> int:
    """Stop the application: it and every token it still has. Returns the tokens revoked."""
    with transaction.atomic():
        ApiApplication.objects.filter(pk=application.pk).update(is_active=False)
        revoked = application.tokens.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        application.refresh_from_db()
        _log(actor, application, "gedeactiveerd", {"ingetrokken sleutels": revoked})
    return revoked


def token_for_secret(secret: str) -> ApiToken | None:
    """The valid token with this secret, if any (unknown, expired, revoked: None)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_SECRET_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("application__organisation")
        .filter(digest=token_digest(secret))
        .first()
    )
    if token is None or not token.is_valid():
        return None
    return token


LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_mark_used(token: ApiToken) -> None:
    """Note when a token was last used, writing at most once a minute per token."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
