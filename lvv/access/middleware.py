from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from lvv.access.two_factor import has_two_factor, needs_two_factor
from lvv.processing_log.trace import current_trace_id, end_trace, start_trace


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and ``private``, ``no-cache``) on every response.

    Pages, exports, PDFs and API answers may carry personal data: no browser cache, proxy or
    shared disk may keep a copy. Placed right after whitenoise, so static files (which carry
    no personal data and are cached for a year by their hashed names) are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


# W3C Trace Context, version 00: version-traceid-parentid-flags, lower-case hex, with the
# all-zero trace and parent ids invalid. Anything else (e.g. text with spaces or personal
# data) is ignored and a new trace id is made.
TRACEPARENT = re.compile(r"\A00-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}\Z")
TRACE_ID = re.compile(r"\A(?!0{32}\Z)[0-9a-f]{32}\Z")


def incoming_trace_id(request) -> str | None:
    """The caller's trace id if it has the strict W3C format, else None (a new one is made).

    Accepted: a ``traceparent`` header, or an ``X-Trace-Id`` holding a ``traceparent`` value
    or only its 32-hex-digit trace id.
    """
    for header in ("traceparent", "X-Trace-Id"):
        value = request.headers.get(header, "")
        match = TRACEPARENT.match(value)
        if match:
            return match.group(1)
        if header == "X-Trace-Id" and TRACE_ID.match(value):
            return value
    return None


class TraceMiddleware:
    """One trace id per request, shared by all processing-log entries it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = start_trace(incoming_trace_id(request))
        try:
            response = self.get_response(request)
            # The caller (and the access log) can quote it when asking about this request.
            response["X-Trace-Id"] = current_trace_id()
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
SESSION_STARTED_KEY = "_lvv_started"
SESSION_EXPIRED_PARAMETER = "verlopen"  # the login page then says why


class SessionActivityMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most once a minute.

    The idle timeout is the session's age (``SESSION_COOKIE_AGE``), renewed whenever the
    session is saved. Saving it on every request costs an UPDATE and a commit per page;
    marking it changed only when the last mark is ``LVV_SESSION_REFRESH_SECONDS`` old keeps
    the timeout within that margin (15 minutes idle ends the session after 14 to 15
    minutes) for one write a minute. Anonymous visitors get no session from this.

    Besides the idle timeout a session has an absolute lifetime (``LVV_SESSION_MAX_SECONDS``
    from the login, set by ``session_start`` on login): after it the user is logged out,
    however active, and logs in again (password and second factor).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if "_auth_user_id" in session:
            now = int(time.time())
            started = session.get(SESSION_STARTED_KEY)
            if started is None:  # a session from before this rule: its lifetime starts now
                session[SESSION_STARTED_KEY] = started = now
            if now - started >= settings.LVV_SESSION_MAX_SECONDS:
                logout(request)
                response = redirect_to_login(request.path)
                response["Location"] += "&" + SESSION_EXPIRED_PARAMETER + "=1"
                return response
            if now - session.get(SESSION_SEEN_KEY, 0) >= settings.LVV_SESSION_REFRESH_SECONDS:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


def session_start(sender, request, user, **kwargs) -> None:
    """On every login (``user_logged_in``): the absolute lifetime counts from here."""
    request.session[SESSION_STARTED_KEY] = int(time.time())
