"""Every URL of the system is covered by the policy: a new unprotected route fails here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from lvv.access.decorators import AUTHENTICATED, POLICY_ATTRIBUTE, PUBLIC
from lvv.access.policy import Action
from lvv.api.permissions import PolicyPermission

# Views reachable without login: the login itself, setting a password from an administrator's
# reset link (the link is the credential), and the health check (no personal data).
PUBLIC_ALLOWED = {"web:login", "web:password_reset_confirm", "health"}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


def test_every_url_declares_its_policy():
    unprotected = []
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        marker = getattr(pattern.callback, POLICY_ATTRIBUTE, None)
        view_class = getattr(pattern.callback, "cls", None)  # Django REST framework views
        if view_class is not None:
            assert PolicyPermission in view_class.permission_classes, route
            marker = getattr(view_class, "policy_action", None)
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        if marker == PUBLIC and name in PUBLIC_ALLOWED:
            continue
        if marker == AUTHENTICATED or isinstance(marker, Action):
            continue
        unprotected.append(route)
    assert unprotected == []


def test_there_is_no_django_admin_site():
    """The functional administration is our own pages (/beheer/), behind the policy; Django's
    admin (English, editable password hashes, its own permissions) is not installed."""
    from django.apps import apps

    assert not apps.is_installed("django.contrib.admin")
    namespaces = {namespace for _, namespace, _ in _walk(get_resolver().url_patterns)}
    assert "admin" not in namespaces
