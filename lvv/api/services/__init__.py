"""Writes of the API's own data: application credentials. Case data is written by the case
services, never here."""

from lvv.api.services.credentials import (
    MAX_TOKEN_DAYS,
    CredentialError,
    IssuedToken,
    api_application_deactivate,
    api_token_issue,
    api_token_revoke,
    token_digest,
)

__all__ = [
    "MAX_TOKEN_DAYS",
    "CredentialError",
    "IssuedToken",
    "api_application_deactivate",
    "api_token_issue",
    "api_token_revoke",
    "token_digest",
]
