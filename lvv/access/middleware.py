from __future__ import annotations

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
