"""Forms of the meeting pages. Every field has a Dutch label; no JavaScript needed."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvv.access.models import User
from lvv.cases.vocabulary import Cooperation, Phase, Scenario
from lvv.inputs import InputLimitsMixin
from lvv.organisations.models import Organisation
from lvv.web.forms.base import WIDGET_CLASSES, StyledForm  # the same widgets as every form

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)
NO_SPECIAL_DATA = _(
    "Komt in de notulen. Zet hier geen bijzondere persoonsgegevens (gezondheid, geloof, "
    "seksuele gerichtheid, strafrechtelijke gegevens)."
)


class AccessibleFormMixin(InputLimitsMixin):
    """Marks invalid fields with aria-invalid and points them at their error message."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                described_by = [f"{self[name].auto_id}_error"]
                if field.help_text:
                    described_by.append(f"{self[name].auto_id}_helptext")
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = " ".join(described_by)


def anchor_of(bound_field) -> str:
    """The id an error summary links to (the first option of a group of choices)."""
    if isinstance(bound_field.field.widget, CHOICE_WIDGETS):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label


def error_entries(*forms_or_formsets) -> list[dict]:
    """Every error of the given forms as {"anchor", "text"} for the error summary."""
    entries: list[dict] = []

    def add_form(form, prefix=""):
        for error in form.non_field_errors():
            entries.append({"anchor": "", "text": f"{prefix}{error}"})
        for name, errors in form.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound = form[name]
            for error in errors:
                entries.append(
                    {"anchor": anchor_of(bound), "text": f"{prefix}{bound.label}: {error}"}
                )

    for item in forms_or_formsets:
        if isinstance(item, forms.BaseFormSet):
            for error in item.non_form_errors():
                entries.append({"anchor": "", "text": str(error)})
            for index, form in enumerate(item.forms, start=1):
                add_form(form, _("Actie %(n)s") % {"n": index} + " – ")
        elif item is not None:
            add_form(item)
    return entries


REFERENCE_PATTERN = re.compile(r"^\s*(?:[A-Za-z]{2,8}-)?0*(\d{1,12})\s*$")


class CaseReferenceField(forms.CharField):
    default_error_messages = {
        "invalid": _("Vul een casusnummer in zoals AMS-000012."),
    }

    def clean(self, value):
        value = super().clean(value)
        match = REFERENCE_PATTERN.match(value or "")
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(match.group(1))


class MeetingForm(AccessibleFormMixin, StyledForm):
    lvv = forms.ModelChoiceField(label=_("LVV"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Datum van het overleg"), widget=DATE_WIDGET)

    def __init__(self, *args, lvvs, **kwargs):
        super().__init__(*args, **kwargs)
        from lvv.organisations.models import Lvv

        self.fields["lvv"].queryset = Lvv.objects.filter(pk__in=[lvv.pk for lvv in lvvs])


class AttendanceForm(AccessibleFormMixin, StyledForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Aanwezige organisaties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Aanwezige personen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optioneel: wie er namens de partners aan tafel zat."),
    )

    def __init__(self, *args, meeting, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            pk__in=[org.pk for org in partners]
        )
        users = (
            User.objects.filter(lvvs=meeting.lvv, is_active=True, is_system=False)
            .select_related("organisation")
            .order_by("organisation__code", "last_name", "username")
        )
        self.fields["attendees"].queryset = users
        self.fields["attendees"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username}"
            + (f" ({user.organisation.name})" if user.organisation else "")
        )


class CaseReferenceForm(AccessibleFormMixin, StyledForm):
    reference = CaseReferenceField(
        label=_("Casusnummer"), max_length=30, help_text=_("Bijvoorbeeld AMS-000012.")
    )


class DiscussionRequestForm(AccessibleFormMixin, StyledForm):
    reference = CaseReferenceField(
        label=_("Casusnummer"), max_length=30, help_text=_("Bijvoorbeeld AMS-000012.")
    )
    reason = forms.CharField(
        label=_("Waarom moet het LSO deze casus bespreken?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=NO_SPECIAL_DATA,
    )


def _blank(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class PositionsMixin:
    """One optional text field per partner: its position, as put to the MRT."""

    def add_position_fields(self, partners, initial: dict[str, str] | None = None):
        initial = initial or {}
        self.partner_codes = [org.code for org in partners]
        for org in partners:
            self.fields[f"position_{org.code}"] = forms.CharField(
                label=_("Standpunt %(organisation)s") % {"organisation": org.name},
                required=False,
                max_length=4000,
                initial=initial.get(org.code, ""),
                widget=forms.Textarea(attrs={"rows": 2, "class": WIDGET_CLASSES[forms.Textarea]}),
            )

    def position_fields(self):
        return [self[f"position_{code}"] for code in self.partner_codes]

    def positions(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"position_{code}", "").strip()
            for code in self.partner_codes
            if self.cleaned_data.get(f"position_{code}", "").strip()
        }


class OutcomeForm(PositionsMixin, AccessibleFormMixin, StyledForm):
    perspective = forms.CharField(
        label=_("Toekomstperspectief"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scenario = forms.ChoiceField(label=_("Begeleidingsscenario"), required=False, choices=())
    scenario_change_reason = forms.CharField(
        label=_("Reden van de scenariowijziging"),
        required=False,
        max_length=2000,
        help_text=_("Alleen nodig als het LSO een al vastgesteld scenario wijzigt."),
    )
    phase = forms.ChoiceField(label=_("Fase"), required=False, choices=())
    cooperation = forms.ChoiceField(
        label=_("Medewerking van de persoon"), required=False, choices=()
    )
    is_review = forms.BooleanField(
        label=_("Dit is de kwartaalbespreking (de medewerking is beoordeeld)"), required=False
    )
    agreed = forms.TypedChoiceField(
        label=_("Zijn alle partners het eens met de uitkomst?"),
        choices=[("yes", _("Ja, alle partners zijn het eens")), ("no", _("Nee"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    dissenting_organisations = forms.MultipleChoiceField(
        label=_("Welke partner(s) zijn het niet eens?"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_SPECIAL_DATA,
    )
    expected_version = forms.IntegerField(label=_("Versie van de casus"), widget=forms.HiddenInput)

    def __init__(self, *args, case, partners, review_due=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["scenario"].choices = _blank(_("nog geen scenario"), Scenario.choices)
        self.fields["phase"].choices = _blank(_("ongewijzigd"), Phase.choices)
        self.fields["cooperation"].choices = _blank(_("niet beoordeeld"), Cooperation.choices)
        self.fields["dissenting_organisations"].choices = [(o.code, o.name) for o in partners]
        self.add_position_fields(partners)
        if not self.is_bound:
            self.initial.setdefault("perspective", case.perspective)
            self.initial.setdefault("scenario", case.scenario)
            self.initial.setdefault("expected_version", case.version)
            self.initial.setdefault("is_review", review_due)

    def clean(self):
        data = super().clean()
        if data.get("is_review") and not data.get("cooperation"):
            self.add_error(
                "cooperation",
                _("Bij een kwartaalbespreking hoort een oordeel over de medewerking."),
            )
        scenario = data.get("scenario")
        if (
            scenario
            and self.case.scenario
            and scenario != self.case.scenario
            and not (data.get("scenario_change_reason") or "").strip()
        ):
            self.add_error(
                "scenario_change_reason",
                _("Het LSO wijzigt het scenario; geef daarvoor een reden."),
            )
        return data


class ActionItemForm(AccessibleFormMixin, StyledForm):
    description = forms.CharField(label=_("Actie"), required=False, max_length=1000)
    owner_organisation = forms.ChoiceField(label=_("Eigenaar"), required=False, choices=())
    due_date = forms.DateField(label=_("Streefdatum"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].choices = _blank(
            _("kies een organisatie"), [(o.code, o.name) for o in partners]
        )

    def clean(self):
        data = super().clean()
        has_description = bool((data.get("description") or "").strip())
        if has_description and not data.get("owner_organisation"):
            self.add_error("owner_organisation", _("Kies wie de actie uitvoert."))
        if not has_description and (data.get("owner_organisation") or data.get("due_date")):
            self.add_error("description", _("Omschrijf de actie."))
        return data


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=3, max_num=10)


class MrtReferralForm(PositionsMixin, AccessibleFormMixin, StyledForm):
    effective_date = forms.DateField(label=_("Datum van voorleggen"), widget=DATE_WIDGET)
    question = forms.CharField(
        label=_("Vraag aan het MRT"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_SPECIAL_DATA,
    )
    expected_version = forms.IntegerField(label=_("Versie van de casus"), widget=forms.HiddenInput)

    def __init__(self, *args, case, partners, positions=None, default_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_position_fields(partners, positions)
        if not self.is_bound:
            self.initial.setdefault("effective_date", default_date or timezone.localdate())
            self.initial.setdefault("expected_version", case.version)


class MrtAdviceForm(AccessibleFormMixin, StyledForm):
    effective_date = forms.DateField(label=_("Datum van het advies"), widget=DATE_WIDGET)
    advice = forms.CharField(
        label=_("Advies van het MRT"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=NO_SPECIAL_DATA,
    )
    expected_version = forms.IntegerField(label=_("Versie van de casus"), widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("effective_date", timezone.localdate())
            self.initial.setdefault("expected_version", case.version)
