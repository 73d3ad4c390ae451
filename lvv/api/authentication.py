"""How a partner application authenticates: its token, and the person acting through it.

``Authorization: Bearer <token>`` proves which application calls (a token of an active
application, not expired, not revoked). ``X-LVV-Acting-User: <username>`` names the person
on whose behalf it calls: an active user of the application's own organisation. That
person becomes ``request.user``, so the policy, the scoped selectors and the processing log
treat the call exactly as if the person had opened the page. Two-factor authentication is
not asked: the application's token (256 random bits, hashed, expiring, revocable, issued
by an administrator) stands in for it - see docs/api.md.
"""

from __future__ import annotations

import structlog
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)

from lvv.access.models import User
from lvv.api.services.credentials import token_for_secret, token_mark_used

ACTING_USER_HEADER = "X-LVV-Acting-User"
KEYWORD = "Bearer"

log = structlog.get_logger("lvv.api")


class ApplicationTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:  # the keyword and the token
            raise exceptions.AuthenticationFailed(
                _("Gebruik de header 'Authorization: Bearer <sleutel>'.")
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is ongeldig.")) from exc
        token = token_for_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Deze API-sleutel is onbekend, verlopen of ingetrokken.")
            )
        user = acting_user(request, token.application.organisation_id)
        if user is None:
            log.warning("api_acting_user_refused", application_id=token.application_id)
            raise exceptions.AuthenticationFailed(
                _(
                    "Noem in de header %(header)s een actieve gebruiker van de organisatie "
                    "van deze koppeling."
                )
                % {"header": ACTING_USER_HEADER}
            )
        token_mark_used(token)
        return user, token

    def authenticate_header(self, request) -> str:
        """Makes a missing or refused credential a 401 with ``WWW-Authenticate``."""
        return f'{KEYWORD} realm="api"'


def acting_user(request, organisation_id: int) -> User | None:
    username = request.headers.get(ACTING_USER_HEADER, "").strip()
    if not username or len(username) > User._meta.get_field("username").max_length:
        return None
    return (
        User.objects.select_related("organisation")
        .filter(
            username=username,
            organisation_id=organisation_id,
            is_active=True,
            is_system=False,
        )
        .first()
    )


def is_session(request) -> bool:
    return isinstance(getattr(request, "successful_authenticator", None), SessionAuthentication)
