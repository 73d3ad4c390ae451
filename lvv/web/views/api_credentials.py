"""The administration of partner applications and their API tokens (/beheer/koppelingen/).

Behind the policy's ``api.credentials`` (the functional administrator, with a verified
second factor). A token is shown once, on the answer to the form that issued it (sent with
``Cache-Control: no-store``), never again: only its digest is stored. Issuing, revoking and
deactivating land in the administration log (``lvv.api.services.credentials``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.api.models import ApiApplication, ApiToken
from lvv.api.services.credentials import (
    MAX_TOKEN_DAYS,
    CredentialError,
    api_application_deactivate,
    api_token_issue,
    api_token_revoke,
)
from lvv.organisations.models import Organisation
from lvv.web.forms.base import StyledForm, text_field


def _days_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Geldig (dagen)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=90,
        help_text=gettext_lazy("1 tot 365 dagen; geef op tijd een nieuwe sleutel uit."),
        error_messages={
            "required": gettext_lazy("Vul het aantal dagen in."),
            "invalid": gettext_lazy("Vul een geheel aantal dagen in."),
            "min_value": gettext_lazy("Een sleutel is 1 tot 365 dagen geldig."),
            "max_value": gettext_lazy("Een sleutel is 1 tot 365 dagen geldig."),
        },
    )


class ApplicationForm(StyledForm):
    name = text_field(gettext_lazy("Naam van de koppeling"), max_length=100)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"),
        queryset=Organisation.objects.order_by("code"),
        error_messages={"required": gettext_lazy("Kies een organisatie.")},
    )
    days = _days_field()


class TokenForm(StyledForm):
    days = _days_field()


def _issued(request, application: ApiApplication, issued) -> HttpResponse:
    response = render(
        request,
        "web/beheer/api_token_issued.html",
        {"application": application, "secret": issued.secret, "token": issued.token},
    )
    add_never_cache_headers(response)
    return response


@policy(Action.API_CREDENTIALS)
def application_list(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = api_token_issue(
                organisation=data["organisation"],
                name=data["name"],
                days=data["days"],
                actor=request.user,
            )
        except CredentialError as error:
            form.add_error(None, str(error))
        else:
            return _issued(request, issued.token.application, issued)
    applications = ApiApplication.objects.select_related("organisation").prefetch_related("tokens")
    rows = [
        {
            "application": application,
            "valid": sum(1 for token in application.tokens.all() if token.is_valid()),
        }
        for application in applications
    ]
    return render(request, "web/beheer/api_applications.html", {"rows": rows, "form": form})


@policy(Action.API_CREDENTIALS)
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(
        ApiApplication.objects.select_related("organisation"), pk=application_id
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_issue(
                organisation=application.organisation,
                name=application.name,
                days=form.cleaned_data["days"],
                actor=request.user,
            )
        except CredentialError as error:
            form.add_error(None, str(error))
        else:
            return _issued(request, application, issued)
    return render(
        request,
        "web/beheer/api_application.html",
        {
            "application": application,
            "tokens": application.tokens.select_related("issued_by", "revoked_by"),
            "form": form,
        },
    )


@require_POST
@policy(Action.API_CREDENTIALS)
def token_revoke(request: HttpRequest, application_id: int, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, application_id=application_id)
    if api_token_revoke(token=token, actor=request.user):
        messages.success(
            request, _("De sleutel %(prefix)s… is ingetrokken.") % {"prefix": token.prefix}
        )
    return redirect("web:admin_api_application", application_id)


@require_POST
@policy(Action.API_CREDENTIALS)
def application_deactivate(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(ApiApplication, pk=application_id)
    revoked = api_application_deactivate(application=application, actor=request.user)
    messages.success(
        request,
        _("De koppeling is gedeactiveerd; %(count)d sleutel(s) ingetrokken.") % {"count": revoked},
    )
    return redirect("web:admin_api_application", application_id)
