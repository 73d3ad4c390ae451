"""Login, two-factor authentication and logout."""

from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lvv.access import services as access_services
from lvv.access.decorators import authenticated, public
from lvv.access.middleware import SESSION_EXPIRED_PARAMETER
from lvv.access.two_factor import (
    backup_codes_create,
    has_two_factor,
    needs_two_factor,
    totp_device_confirm,
    totp_device_start,
    verify_any,
)
from lvv.inputs import InputLimitsMixin


class LoginForm(InputLimitsMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "Deze combinatie van gebruikersnaam en wachtwoord is onjuist. Let op: na enkele "
            "mislukte pogingen wordt inloggen tijdelijk geblokkeerd."
        ),
        "inactive": gettext_lazy("Dit account is niet actief."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")


class CodeForm(InputLimitsMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": gettext_lazy("Vul de code in.")},
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


@public
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        if needs_two_factor(user):
            target = "web:otp_verify" if has_two_factor(user) else "web:otp_setup"
            return redirect(target)
        return redirect(_safe_next(request))
    return render(
        request,
        "web/login.html",
        {
            "form": form,
            "next": request.GET.get("next", ""),
            "session_expired": SESSION_EXPIRED_PARAMETER in request.GET,
        },
    )


@authenticated
def otp_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect("web:home")
    if not has_two_factor(request.user):
        return redirect("web:otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_any(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect("web:home")
        form.add_error("code", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code."))
    return render(request, "web/otp_verify.html", {"form": form})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@authenticated
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app; only while the user has none (else: verify first)."""
    if has_two_factor(request.user):
        if not request.user.is_verified():
            return redirect("web:otp_verify")
        messages.info(request, _("Tweestapsverificatie staat al aan."))
        return redirect("web:home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = device or totp_device_start(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device, form.cleaned_data["code"]):
            otp_login(request, device)
            codes = backup_codes_create(request.user)
            return render(request, "web/otp_setup.html", {"backup_codes": codes})
        form.add_error("code", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "web/otp_setup.html",
        {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret},
    )


@require_POST
@authenticated
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("U bent uitgelogd."))
    return redirect("web:login")


def lockout_response(request: HttpRequest, credentials: dict | None = None, *args, **kwargs):
    """django-axes calls this when a user name or an IP address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "web/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# --- passwords: the user's own, never an administrator's -----------------------------------

TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"


def _dutch_password_fields(form) -> None:
    labels = {
        "old_password": _("Huidig wachtwoord"),
        "new_password1": _("Nieuw wachtwoord"),
        "new_password2": _("Nieuw wachtwoord (nogmaals)"),
    }
    for name, field in form.fields.items():
        field.label = labels.get(name, field.label)
        field.widget.attrs["class"] = TEXTBOX_CLASS
        field.error_messages["required"] = _("Vul dit veld in.")
    form.error_messages = {
        **form.error_messages,
        "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
        "password_incorrect": _("Het huidige wachtwoord klopt niet."),
    }


@authenticated
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password; the password rules (validators) apply."""
    form = PasswordChangeForm(request.user, request.POST or None)
    _dutch_password_fields(form)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # other sessions of the user end
        messages.success(request, _("Uw wachtwoord is gewijzigd."))
        return redirect("web:home")
    return render(request, "web/password_change.html", {"form": form})


RESET_SESSION_KEY = "_lvv_password_reset"


@public
def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    """Choose a password with the single-use link an administrator made.

    The link's secret comes as a query parameter (never logged) and is moved into the session
    at once, so it does not stay in the address bar or the browser history; the link stops
    working when the password is set (or after PASSWORD_RESET_TIMEOUT).
    """
    secret = request.GET.get("sleutel")
    if secret:
        request.session[RESET_SESSION_KEY] = secret
        return redirect("web:password_reset_confirm")
    user = access_services.user_for_reset_token(request.session.get(RESET_SESSION_KEY, ""))
    if user is None:
        return render(request, "web/password_set.html", {"invalid": True}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    _dutch_password_fields(form)
    if request.method == "POST" and form.is_valid():
        access_services.password_set_from_link(
            user=user, password=form.cleaned_data["new_password1"]
        )
        del request.session[RESET_SESSION_KEY]
        messages.success(request, _("Uw wachtwoord is ingesteld. U kunt nu inloggen."))
        return redirect("web:login")
    return render(request, "web/password_set.html", {"form": form, "account": user})
