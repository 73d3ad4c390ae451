"""Every URL of the system is covered by the policy: a new unprotected route fails here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from lvv.access.admin import LvvAdminSite
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


def _admin_site_of(callback):
    site = getattr(callback, "admin_site", None)
    if site is None and hasattr(callback, "model_admin"):
        site = callback.model_admin.admin_site
    if site is None:  # a bound method of the site or of a model admin, possibly wrapped
        owner = getattr(getattr(callback, "__wrapped__", callback), "__self__", None)
        site = owner if isinstance(owner, LvvAdminSite) else getattr(owner, "admin_site", None)
    return site


def test_every_url_declares_its_policy():
    unprotected = []
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace == "admin":
            continue  # checked below: the admin site's own permission is the policy
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


def test_admin_urls_belong_to_the_policy_admin_site():
    """The admin's own permission check is the policy's ``administration`` action."""
    sites = {
        type(_admin_site_of(pattern.callback))
        for _, namespace, pattern in _walk(get_resolver().url_patterns)
        if namespace == "admin"
    }
    assert sites == {LvvAdminSite}
