"""Forms of the functional administration (/beheer/): accounts, LVV settings, organisations.

Plain forms, not ModelForms: every message is Dutch (no constraint names), and the rules of
access changes stay in ``lvv.access.services``. There is no password field anywhere.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.access.models import User
from lvv.inputs import InputLimitsMixin
from lvv.organisations.models import Lvv, Organisation, OrganisationKind, SafeCountryPolicy
from lvv.roles import Role
from lvv.web.forms.base import StyledForm, date_field, text_field


class UserForm(StyledForm):
    username = forms.CharField(
        label=gettext_lazy("Gebruikersnaam"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=gettext_lazy("Letters, cijfers en @ . + - _; hoogstens 150 tekens."),
        error_messages={
            "required": gettext_lazy("Vul een gebruikersnaam in."),
            "invalid": gettext_lazy("Gebruik alleen letters, cijfers en @ . + - _."),
        },
    )
    first_name = text_field(gettext_lazy("Voornaam"), required=False, max_length=150)
    last_name = text_field(gettext_lazy("Achternaam"), required=False, max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        required=False,
        max_length=254,
        error_messages={"invalid": gettext_lazy("Vul een geldig e-mailadres in.")},
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("— geen —"),
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Rollen"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Elke toekenning of intrekking wordt vastgelegd in het beheerlogboek, met wie en "
            "wanneer."
        ),
    )
    lvvs = forms.ModelMultipleChoiceField(
        label=gettext_lazy("LVV's"),
        queryset=Lvv.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Actief (kan inloggen)"), required=False, initial=True
    )

    ACCESS_FIELDS = ("organisation", "roles", "lvvs", "is_active")

    def __init__(self, *args, user: User | None = None, actor: User | None = None, **kwargs):
        self.user = user
        if user is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "organisation": user.organisation_id,
                "roles": list(user.roles or []),
                "lvvs": list(user.lvvs.values_list("pk", flat=True)),
                "is_active": user.is_active,
            }
        super().__init__(*args, **kwargs)
        self.fields["lvvs"].label_from_instance = lambda lvv: lvv.name
        if user is not None:
            self.fields["username"].disabled = True  # the name the logs know the user by
            self.fields["username"].help_text = ""
        else:
            del self.fields["is_active"]  # a new account is active
        self.own_account = user is not None and actor is not None and user.pk == actor.pk
        if self.own_account:
            for name in self.ACCESS_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Uw eigen toegang kunt u niet wijzigen; vraag een andere functioneel beheerder."
                )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        others = User.objects.filter(username__iexact=username)
        if self.user is not None:
            others = others.exclude(pk=self.user.pk)
        if others.exists():
            raise forms.ValidationError(_("Deze gebruikersnaam is al in gebruik."))
        return username


class LvvForm(StyledForm):
    name = text_field(gettext_lazy("Naam"), max_length=100)
    municipality = text_field(gettext_lazy("Gemeente"), max_length=100)
    start_date = date_field(gettext_lazy("Startdatum"), initial_today=False)
    regional_ties_required = forms.BooleanField(
        label=gettext_lazy("Regiobinding vereist"), required=False
    )
    safe_country_policy = forms.ChoiceField(
        label=gettext_lazy("Beleid veilig land van herkomst"),
        choices=SafeCountryPolicy.choices,
        widget=forms.RadioSelect,
    )
    safe_country_limit_months = forms.IntegerField(
        label=gettext_lazy("Maximale opvang veilig land (maanden)"),
        required=False,
        min_value=1,
        max_value=120,
        error_messages={
            "invalid": gettext_lazy("Vul een heel aantal maanden in."),
            "min_value": gettext_lazy("Vul ten minste 1 maand in."),
            "max_value": gettext_lazy("Vul hoogstens 120 maanden in."),
        },
    )
    max_stay_months = forms.IntegerField(
        label=gettext_lazy("Maximale verblijfsduur (maanden)"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=gettext_lazy("Leeg: geen maximum."),
        error_messages={
            "invalid": gettext_lazy("Vul een heel aantal maanden in."),
            "min_value": gettext_lazy("Vul ten minste 1 maand in."),
            "max_value": gettext_lazy("Vul hoogstens 240 maanden in."),
        },
    )

    FIELDS = (
        "name",
        "municipality",
        "start_date",
        "regional_ties_required",
        "safe_country_policy",
        "safe_country_limit_months",
        "max_stay_months",
    )

    def clean(self):
        data = super().clean()
        limited = data.get("safe_country_policy") == SafeCountryPolicy.LIMIT_MONTHS
        if limited and not data.get("safe_country_limit_months"):
            self.add_error(
                "safe_country_limit_months",
                _("Vul het maximale aantal maanden in: dat hoort bij dit beleid."),
            )
        if not limited:
            data["safe_country_limit_months"] = None
        return data


class CapacityForm(StyledForm):
    valid_from = date_field(gettext_lazy("Geldig vanaf"), initial_today=False)
    places = forms.IntegerField(
        label=gettext_lazy("Plaatsen"),
        min_value=0,
        max_value=100000,
        error_messages={
            "required": gettext_lazy("Vul het aantal plaatsen in."),
            "invalid": gettext_lazy("Vul een heel aantal plaatsen in."),
            "min_value": gettext_lazy("Het aantal plaatsen kan niet negatief zijn."),
        },
    )

    def __init__(self, *args, lvv: Lvv, **kwargs):
        self.lvv = lvv
        super().__init__(*args, **kwargs)

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        if self.lvv.capacity_periods.filter(valid_from=day).exists():
            raise forms.ValidationError(
                _("Er is al een capaciteitsperiode vanaf deze datum; kies een andere datum.")
            )
        return day


class OrganisationForm(StyledForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("Hoofdletters, cijfers en streepjes, bijvoorbeeld NGO-AMS."),
        error_messages={"required": gettext_lazy("Vul een code in.")},
    )
    name = text_field(gettext_lazy("Naam"), max_length=150)
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=OrganisationKind.choices)
    lvv = forms.ModelChoiceField(
        label=gettext_lazy("LVV"),
        queryset=Lvv.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("— landelijk —"),
    )

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        self.organisation = organisation
        if organisation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": organisation.code,
                "name": organisation.name,
                "kind": organisation.kind,
                "lvv": organisation.lvv_id,
            }
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["code"].disabled = True  # history and logs refer to it

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not code.replace("-", "").isalnum():
            raise forms.ValidationError(_("Gebruik alleen letters, cijfers en streepjes."))
        others = Organisation.objects.filter(code=code)
        if self.organisation is not None:
            others = others.exclude(pk=self.organisation.pk)
        if others.exists():
            raise forms.ValidationError(_("Er is al een organisatie met deze code."))
        return code


class UserFilterForm(InputLimitsMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("Zoeken op naam of gebruikersnaam"), required=False)
    rol = forms.ChoiceField(
        label=gettext_lazy("Rol"), required=False, choices=[("", gettext_lazy("alle"))]
    )
    actief = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("alle")),
            ("ja", gettext_lazy("actief")),
            ("nee", gettext_lazy("niet actief")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [("", _("alle")), *Role.choices]
        for field in self.fields.values():
            css = (
                "utrecht-select utrecht-select--html-select"
                if isinstance(field.widget, forms.Select)
                else "utrecht-textbox utrecht-textbox--html-input"
            )
            field.widget.attrs["class"] = css
