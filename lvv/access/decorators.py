"""Every view declares its policy. A URL whose view declares none fails the test suite.

``policy(Action.X)``: the user must hold a grant for X (the view then still calls
``access_case`` for the object itself). ``public``: reachable without login (login pages).
``authenticated``: any logged-in user (home, logout, own 2FA settings).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from lvv.access.policy import Action, may
from lvv.access.selectors import log_denied
from lvv.processing_log.activities import Activity

POLICY_ATTRIBUTE = "lvv_policy"
PUBLIC = "public"
AUTHENTICATED = "authenticated"


def _mark(view: Callable, value) -> Callable:
    setattr(view, POLICY_ATTRIBUTE, value)
    return view


def public(view: Callable) -> Callable:
    return _mark(view, PUBLIC)


def authenticated(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, AUTHENTICATED)


def policy(action: Action, activity: Activity = Activity.CASE_GUIDANCE):
    """Require a grant for ``action``; without one the answer is 404, logged as denied."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user, action):
                from lvv.access.selectors import CaseNotFound

                log_denied(request.user, activity=activity, resource=request.path)
                raise CaseNotFound()
            return view(request, *args, **kwargs)

        return _mark(wrapper, action)

    return decorate
