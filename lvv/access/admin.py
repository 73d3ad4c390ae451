"""Functional administration: users, organisations and LVV settings - never case content.

A separate admin site whose permission is the policy's ``administration`` action (with a
verified second factor); ``is_staff``/``is_superuser`` grant nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from lvv.access.models import User
from lvv.access.policy import Action, may
from lvv.cases.services import lvv_settings_save
from lvv.organisations.models import CapacityPeriod, Lvv, Organisation
from lvv.roles import Role


class LvvAdminSite(admin.AdminSite):
    site_header = _("LVV — functioneel beheer")
    site_title = _("LVV-beheer")
    index_title = _("Gebruikers, organisaties en LVV-instellingen")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(
            user.is_active
            and may(user, Action.ADMINISTRATION)
            and getattr(user, "is_verified", lambda: False)()
        )

    def login(self, request, extra_context=None):
        """One login for the whole system: ours, with lock-out and the second factor."""
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next", self.index_url()), "web:login")

    def index_url(self) -> str:
        from django.urls import reverse

        return reverse("admin:index", current_app=self.name)


admin_site = LvvAdminSite(name="admin")


class PolicyModelAdmin(admin.ModelAdmin):
    """Rights follow the policy, not Django's per-model permissions."""

    def _allowed(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: history and logs refer to these records


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class UserForm(forms.ModelForm):
    roles = RolesField(choices=Role.choices, required=False, label=_("rollen"))

    class Meta:
        model = User
        fields = (
            "username",
            "password",
            "first_name",
            "last_name",
            "email",
            "organisation",
            "roles",
            "lvvs",
            "is_active",
        )


class UserCreateForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("username",)


class LvvUserAdmin(PolicyModelAdmin, UserAdmin):
    form = UserForm
    add_form = UserCreateForm
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "is_active")
    search_fields = ("username", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email")}),
        (_("Werk"), {"fields": ("organisation", "roles", "lvvs", "is_active")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "password1", "password2")}),)
    filter_horizontal = ("lvvs",)


class CapacityInline(admin.TabularInline):
    model = CapacityPeriod
    extra = 1

    def has_add_permission(self, request, obj=None):
        return admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return admin_site.has_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class LvvAdmin(PolicyModelAdmin):
    list_display = ("code", "name", "municipality", "safe_country_policy", "max_stay_months")
    inlines = [CapacityInline]

    def save_model(self, request, obj, form, change):
        """Through the service: the due dates of the LVV's open stays follow its settings."""
        lvv_settings_save(lvv=obj)


class OrganisationAdmin(PolicyModelAdmin):
    list_display = ("code", "name", "kind", "lvv")
    list_filter = ("kind", "lvv")


admin_site.register(User, LvvUserAdmin)
admin_site.register(Lvv, LvvAdmin)
admin_site.register(Organisation, OrganisationAdmin)
