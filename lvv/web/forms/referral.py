"""Registering a referral: the person (new or existing) and the referral itself."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.cases.models.person import Sex
from lvv.organisations.models import Lvv, Organisation, OrganisationKind
from lvv.web.forms.base import StyledForm, date_field, text_field

NEW_PERSON = "new"


class ReferralForm(StyledForm):
    v_number = forms.RegexField(
        label=gettext_lazy("V-nummer"),
        regex=r"^[0-9]{10}\Z",
        required=False,
        error_messages={"invalid": gettext_lazy("Een V-nummer bestaat uit precies 10 cijfers.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=gettext_lazy("Vul een V-nummer of een lokale referentie in (of beide)."),
    )
    local_reference = text_field(gettext_lazy("Lokale referentie"), required=False, max_length=50)
    given_names = text_field(gettext_lazy("Voornamen"), required=False, max_length=150)
    family_name = text_field(gettext_lazy("Achternaam"), required=False, max_length=150)
    birth_year = forms.IntegerField(
        label=gettext_lazy("Geboortejaar"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": gettext_lazy("Vul een jaartal in, bijvoorbeeld 1990."),
            "min_value": gettext_lazy("Vul een jaartal vanaf 1900 in."),
            "max_value": gettext_lazy("Vul een geldig jaartal in."),
        },
    )
    sex = forms.ChoiceField(
        label=gettext_lazy("Geslacht"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        initial=Sex.OTHER,
        error_messages={"required": gettext_lazy("Kies het geslacht (of 'onbekend / anders').")},
    )
    nationalities = text_field(
        gettext_lazy("Nationaliteit(en)"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("Drielettercodes (ISO 3166-1 alpha-3), gescheiden door komma's."),
    )
    lvv = forms.ModelChoiceField(
        label=gettext_lazy("LVV"),
        queryset=Lvv.objects.none(),
        empty_label=None,
        error_messages={"required": gettext_lazy("Kies de LVV.")},
    )
    guiding_organisation = forms.ModelChoiceField(
        label=gettext_lazy("Begeleidende organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nog niet bekend —"),
    )
    effective_date = date_field(gettext_lazy("Datum van aanmelding"))
    referred_by = text_field(
        gettext_lazy("Aangemeld door"),
        max_length=200,
        help_text=gettext_lazy("Bijvoorbeeld de ngo, de gemeente, de politie of de persoon zelf."),
    )
    person_choice = forms.CharField(required=False, widget=forms.HiddenInput)
    # Shown only when the case would fall outside what the user may see (a counsellor sees
    # the cases her own organisation guides): she registers it knowingly or not at all.
    out_of_sight_confirmed = forms.BooleanField(
        label=gettext_lazy("Ik begrijp dat ik deze casus na het registreren niet meer zie"),
        required=False,
    )

    person_fields = (
        "v_number",
        "local_reference",
        "given_names",
        "family_name",
        "birth_year",
        "sex",
        "nationalities",
    )
    referral_fields = ("lvv", "guiding_organisation", "effective_date", "referred_by")

    def __init__(self, *args, lvvs=None, own_organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        lvvs = lvvs if lvvs is not None else Lvv.objects.none()
        self.fields["lvv"].queryset = lvvs
        guiding = Organisation.objects.filter(lvv__in=lvvs, kind=OrganisationKind.NGO)
        self.fields["guiding_organisation"].queryset = guiding.select_related("lvv")
        # A counsellor's referral is guided by her own organisation unless she says otherwise
        # (she sees only the cases it guides).
        if own_organisation is not None and guiding.filter(pk=own_organisation.pk).exists():
            self.initial.setdefault("guiding_organisation", own_organisation.pk)
        self.fields["guiding_organisation"].label_from_instance = lambda o: (
            f"{o.name} ({o.lvv.name})"
        )

    def clean_nationalities(self) -> list[str]:
        raw = self.cleaned_data.get("nationalities") or ""
        codes = [part.strip().upper() for part in raw.replace(";", ",").split(",") if part.strip()]
        wrong = [code for code in codes if len(code) != 3 or not code.isalpha()]  # noqa: PLR2004
        if wrong:
            raise forms.ValidationError(
                _("Geen geldige landcode: %(codes)s. Gebruik drie letters, bijvoorbeeld ERI.")
                % {"codes": ", ".join(wrong)}
            )
        return codes

    def clean(self):
        data = super().clean()
        choice = data.get("person_choice") or ""
        identified = data.get("v_number") or data.get("local_reference")
        if choice in ("", NEW_PERSON) and not identified and "v_number" not in self.errors:
            self.add_error("v_number", _("Vul een V-nummer of een lokale referentie in."))
        guiding, lvv = data.get("guiding_organisation"), data.get("lvv")
        if guiding and lvv and guiding.lvv_id != lvv.pk:
            self.add_error(
                "guiding_organisation",
                _("Kies een begeleidende organisatie van de gekozen LVV."),
            )
        return data
