from __future__ import annotations

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from lvv.access.two_factor import has_two_factor, needs_two_factor
from lvv.processing_log.trace import end_trace, start_trace


class TraceMiddleware:
    """One trace id per request, shared by all processing-log entries it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Trace-Id", "")
        trace = incoming if incoming.isalnum() and len(incoming) <= 64 else None
        token = start_trace(trace)
        try:
            response = self.get_response(request)
        finally:
            end_trace(token)
        return response


ALLOWED_BEFORE_SECOND_FACTOR = ("web:otp_verify", "web:otp_setup", "web:logout")


class RequireTwoFactorMiddleware:
    """A user whose roles need 2FA reaches nothing but the 2FA pages until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and needs_two_factor(user) and not user.is_verified():
            allowed = {reverse(name) for name in ALLOWED_BEFORE_SECOND_FACTOR}
            if request.path not in allowed and not request.path.startswith("/static/"):
                target = "web:otp_verify" if has_two_factor(user) else "web:otp_setup"
                return redirect(reverse(target))
        return self.get_response(request)


SESSION_SEEN_KEY = "_lvv_seen"


class SessionActivityMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most once a minute.

    The idle timeout is the session's age (``SESSION_COOKIE_AGE``), renewed whenever the
    session is saved. Saving it on every request costs an UPDATE and a commit per page;
    marking it changed only when the last mark is ``LVV_SESSION_REFRESH_SECONDS`` old keeps
    the timeout within that margin (15 minutes idle ends the session after 14 to 15
    minutes) for one write a minute. Anonymous visitors get no session from this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if "_auth_user_id" in session:
            now = int(time.time())
            if now - session.get(SESSION_SEEN_KEY, 0) >= settings.LVV_SESSION_REFRESH_SECONDS:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)
