"""The administration page of partner applications and their tokens (``/beheer/api/``).

Part of the functional administration site (its own permission: the policy's
``administration`` with a verified second factor), and besides that the policy's
``api.credentials``. An issued token is shown once, on the page that issued it, and never
again: only its digest is stored.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.access.admin import PolicyModelAdmin, admin_site
from lvv.access.policy import Action, may
from lvv.api.models import ApiApplication, ApiToken
from lvv.api.services.credentials import (
    MAX_TOKEN_DAYS,
    CredentialError,
    api_application_deactivate,
    api_token_issue,
    api_token_revoke,
)


class TokenIssueForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Geldig (dagen)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=90,
        help_text=gettext_lazy(
            "Na deze termijn werkt de sleutel niet meer; geef op tijd een nieuwe uit."
        ),
    )


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ("prefix", "status", "issued_at", "expires_at", "revoked_at", "last_used_at", "revoke")
    readonly_fields = fields
    verbose_name = gettext_lazy("API-sleutel")
    verbose_name_plural = gettext_lazy("API-sleutels (alleen het begin wordt getoond)")

    @admin.display(description=gettext_lazy("status"))
    def status(self, token: ApiToken) -> str:
        return token.status

    @admin.display(description="")
    def revoke(self, token: ApiToken) -> str:
        if token.revoked_at is not None:
            return ""
        url = reverse(
            "admin:api_apiapplication_token_revoke", args=[token.application_id, token.pk]
        )
        return format_html('<a href="{}">{}</a>', url, _("intrekken"))

    def _allowed(self, request) -> bool:
        return admin_site.has_permission(request) and may(request.user, Action.API_CREDENTIALS)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApiApplicationForm(forms.ModelForm):
    class Meta:
        model = ApiApplication
        fields = ("name", "organisation")


class ApiApplicationAdmin(PolicyModelAdmin):
    form = ApiApplicationForm
    list_display = ("name", "organisation", "is_active", "valid_tokens")
    list_filter = ("organisation", "is_active")
    search_fields = ("name",)
    inlines = [ApiTokenInline]
    change_form_template = "admin/api/apiapplication/change_form.html"

    def _allowed(self, request) -> bool:
        return super()._allowed(request) and may(request.user, Action.API_CREDENTIALS)

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_fields(self, request, obj=None):
        return ("name", "organisation") if obj is None else ("name", "organisation", "is_active")

    def get_readonly_fields(self, request, obj=None):
        # Once made, an application keeps its organisation; it is stopped, never moved.
        return () if obj is None else ("organisation", "is_active")

    @admin.display(description=gettext_lazy("geldige sleutels"))
    def valid_tokens(self, application: ApiApplication) -> int:
        return sum(1 for token in application.tokens.all() if token.is_valid())

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("organisation").prefetch_related("tokens")
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:application_id>/sleutel/",
                view(self.token_issue_view),
                name="api_apiapplication_token_issue",
            ),
            path(
                "<int:application_id>/sleutel/<int:token_id>/intrekken/",
                view(self.token_revoke_view),
                name="api_apiapplication_token_revoke",
            ),
            path(
                "<int:application_id>/deactiveren/",
                view(self.deactivate_view),
                name="api_apiapplication_deactivate",
            ),
            *super().get_urls(),
        ]

    def _application(self, request, application_id: int) -> ApiApplication:
        if not self._allowed(request):
            raise PermissionDenied
        application = (
            ApiApplication.objects.select_related("organisation").filter(pk=application_id).first()
        )
        if application is None:
            raise Http404(_("Deze koppeling bestaat niet."))
        return application

    def _context(self, request, application, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "application": application,
            "change_url": reverse("admin:api_apiapplication_change", args=[application.pk]),
            **extra,
        }

    def token_issue_view(self, request, application_id: int):
        application = self._application(request, application_id)
        form = TokenIssueForm(request.POST or None)
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
                # Shown on this response only (the admin sends it with no-store); not in a
                # message, which would keep it in the session.
                return render(
                    request,
                    "api/admin/token_issued.html",
                    self._context(
                        request,
                        application,
                        title=_("Nieuwe API-sleutel"),
                        secret=issued.secret,
                        token=issued.token,
                    ),
                )
        return render(
            request,
            "api/admin/token_issue.html",
            self._context(request, application, title=_("API-sleutel uitgeven"), form=form),
        )

    def token_revoke_view(self, request, application_id: int, token_id: int):
        application = self._application(request, application_id)
        token = application.tokens.filter(pk=token_id).first()
        if token is None:
            raise Http404(_("Deze sleutel bestaat niet."))
        if request.method == "POST":
            if api_token_revoke(token=token, actor=request.user):
                messages.success(
                    request, _("De sleutel %(prefix)s… is ingetrokken.") % {"prefix": token.prefix}
                )
            return redirect("admin:api_apiapplication_change", application.pk)
        return render(
            request,
            "api/admin/confirm.html",
            self._context(
                request,
                application,
                title=_("Sleutel intrekken"),
                question=_(
                    "Sleutel %(prefix)s… van %(name)s intrekken? Een systeem dat hem gebruikt, "
                    "krijgt daarna geen toegang meer."
                )
                % {"prefix": token.prefix, "name": application.name},
                button=_("Intrekken"),
            ),
        )

    def deactivate_view(self, request, application_id: int):
        application = self._application(request, application_id)
        if request.method == "POST":
            revoked = api_application_deactivate(application=application, actor=request.user)
            messages.success(
                request,
                _("De koppeling is gedeactiveerd; %(count)d sleutel(s) ingetrokken.")
                % {"count": revoked},
            )
            return redirect("admin:api_apiapplication_change", application.pk)
        return render(
            request,
            "api/admin/confirm.html",
            self._context(
                request,
                application,
                title=_("Koppeling deactiveren"),
                question=_(
                    "Koppeling %(name)s deactiveren? Al haar sleutels worden ingetrokken; "
                    "dit is niet terug te draaien."
                )
                % {"name": application.name},
                button=_("Deactiveren"),
            ),
        )


admin_site.register(ApiApplication, ApiApplicationAdmin)
