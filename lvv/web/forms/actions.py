"""One form per case action. Labels and messages in Dutch; the rules stay in the services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvv.cases.rules import ExclusionReason
from lvv.cases.vocabulary import Cooperation, DecisionOutcome, OutflowCategory, Phase, Scenario
from lvv.organisations.models import Lvv, Organisation, OrganisationKind
from lvv.web.forms.base import CaseActionForm, StyledForm, date_field, text_field


def partner_organisations(case):
    """The organisations that work on a case: those of its LVV and the national ones."""
    return Organisation.objects.filter(Q(lvv_id=case.lvv_id) | Q(lvv__isnull=True)).exclude(
        kind__in=[OrganisationKind.PROGRAMME_OFFICE, OrganisationKind.AVIM]
    )


class AdmissionCheckForm(CaseActionForm):
    entry_ban_years = forms.IntegerField(
        label=_("Duur van een inreisverbod (jaren)"),
        min_value=0,
        max_value=99,
        initial=0,
        help_text=_("0 als er geen inreisverbod is. Vanaf %(n)d jaar geldt het als zwaar.")
        % {"n": 10},
        error_messages={
            "required": _("Vul de duur van het inreisverbod in (0 als er geen is)."),
            "invalid": _("Vul een heel aantal jaren in."),
            "min_value": _("Het aantal jaren kan niet negatief zijn."),
        },
    )
    declared_undesirable = forms.BooleanField(
        label=ExclusionReason.DECLARED_UNDESIRABLE.label, required=False
    )
    eu_citizen = forms.BooleanField(label=ExclusionReason.EU_CITIZEN.label, required=False)
    dublin_claimant = forms.BooleanField(
        label=ExclusionReason.DUBLIN_CLAIMANT.label, required=False
    )
    family_with_minor_children = forms.BooleanField(
        label=ExclusionReason.FAMILY_WITH_MINOR_CHILDREN.label, required=False
    )
    entitled_to_state_reception = forms.BooleanField(
        label=ExclusionReason.ENTITLED_TO_STATE_RECEPTION.label, required=False
    )
    regional_ties = forms.BooleanField(
        label=_("aantoonbare regiobinding"), required=False, initial=True
    )
    safe_country_national = forms.BooleanField(
        label=_("onderdaan van een veilig land van herkomst"), required=False
    )
    fact_fields = (
        "declared_undesirable",
        "eu_citizen",
        "dublin_claimant",
        "family_with_minor_children",
        "entitled_to_state_reception",
        "regional_ties",
        "safe_country_national",
    )
    groups = ((_("Wat is op de persoon van toepassing?"), fact_fields),)


class AdmissionDecideForm(CaseActionForm):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of de persoon wordt toegelaten of afgewezen.")},
    )
    grounds = text_field(_("Motivering"), required=False, textarea=True)
    exception_reason = text_field(
        _("Reden uitzondering"),
        required=False,
        textarea=True,
        help_text=_(
            "Alleen invullen als u iemand toelaat ondanks een uitsluitingsgrond of buiten de "
            "doelgroep (humanitair of openbare orde). Alleen een regisseur kan dit."
        ),
    )


class DateOnlyForm(CaseActionForm):
    pass


class DossierPartForm(CaseActionForm):
    summary = text_field(_("Samenvatting van het dossierdeel"), required=False, textarea=True)


class LsoDiscussForm(CaseActionForm):
    perspective = text_field(_("Toekomstperspectief"), required=False, textarea=True)
    scenario = forms.ChoiceField(
        label=_("Scenario"),
        choices=[("", _("(nog) geen scenario"))] + list(Scenario.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    phase = forms.ChoiceField(
        label=_("Fase"),
        choices=[("", _("ongewijzigd"))] + list(Phase.choices),
        required=False,
    )
    cooperation = forms.ChoiceField(
        label=_("Medewerking"),
        choices=[("", _("niet beoordeeld"))] + list(Cooperation.choices),
        required=False,
    )
    agreed = forms.BooleanField(label=_("De partners zijn het eens"), required=False, initial=True)
    dissenting_organisations = forms.MultipleChoiceField(
        label=_("Partners die het niet eens zijn"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = text_field(_("Aantekeningen"), required=False, textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["dissenting_organisations"].choices = [
                (o.code, o.name) for o in partner_organisations(self.case)
            ]
            if self.case.scenario:
                self.fields["scenario"].initial = self.case.scenario


class PhaseChangeForm(CaseActionForm):
    reason = text_field(_("Toelichting"), required=False, textarea=True)


class ReviewForm(CaseActionForm):
    cooperation = forms.ChoiceField(
        label=_("Medewerking aan de begeleiding"),
        choices=Cooperation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe de persoon meewerkt.")},
    )
    notes = text_field(_("Aantekeningen"), required=False, textarea=True)


class ActionItemAddForm(CaseActionForm):
    description = text_field(_("Omschrijving van de actie"), textarea=True)
    owner_organisation = forms.ChoiceField(
        label=_("Eigenaar"), error_messages={"required": _("Kies de eigenaar van de actie.")}
    )
    due_date = date_field(_("Streefdatum"), required=False, initial_today=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["owner_organisation"].choices = [("", _("— kies —"))] + [
                (o.code, o.name) for o in partner_organisations(self.case)
            ]


class MrtReferForm(CaseActionForm):
    question = text_field(_("Vraag aan het MRT"), textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.position_fields: list[tuple[str, str]] = []
        if self.case is not None:
            for organisation in partner_organisations(self.case).exclude(kind=OrganisationKind.MRT):
                name = f"position_{organisation.code}"
                self.fields[name] = text_field(
                    _("Standpunt van %(org)s") % {"org": organisation.name},
                    required=False,
                    textarea=True,
                )
                self.position_fields.append((name, organisation.code))

    def positions(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[name].strip()
            for name, code in self.position_fields
            if self.cleaned_data.get(name, "").strip()
        }


class MrtAdviseForm(CaseActionForm):
    advice = text_field(_("Advies van het MRT"), textarea=True)


class ScenarioChangeForm(CaseActionForm):
    scenario = forms.ChoiceField(
        label=_("Nieuw scenario"),
        choices=Scenario.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het nieuwe scenario.")},
    )
    reason = text_field(_("Reden van de wijziging"), textarea=True)


class OutflowForm(CaseActionForm):
    category = forms.ChoiceField(
        label=_("Uitstroomcategorie"),
        choices=OutflowCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een uitstroomcategorie.")},
    )
    notes = text_field(_("Toelichting"), required=False, textarea=True)


class EventCorrectForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    new_date = date_field(_("Juiste datum"), required=False, initial_today=False)
    void = forms.BooleanField(
        label=_("Deze gebeurtenis is ten onrechte vastgelegd (laten vervallen)"), required=False
    )
    reason = text_field(_("Reden van de correctie"), textarea=True)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None and not self.is_bound:
            self.initial["version"] = case.version

    def clean(self):
        data = super().clean()
        if not data.get("new_date") and not data.get("void") and not self.errors:
            raise forms.ValidationError(
                _("Geef een juiste datum of laat de gebeurtenis vervallen.")
            )
        return data


class PersonMergeForm(StyledForm):
    KEEP_THIS, KEEP_OTHER = "this", "other"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    other_case = text_field(
        _("Casusnummer van de dubbele registratie"),
        max_length=30,
        help_text=_("Bijvoorbeeld AMS-000123 of 123."),
    )
    keep = forms.ChoiceField(
        label=_("Welke persoonsregistratie blijft bestaan?"),
        choices=[
            (KEEP_THIS, _("de persoon van deze casus")),
            (KEEP_OTHER, _("de persoon van de andere casus")),
        ],
        widget=forms.RadioSelect,
        initial=KEEP_THIS,
    )
    reason = text_field(_("Reden van het samenvoegen"), textarea=True)

    def clean_other_case(self) -> int:
        value = self.cleaned_data["other_case"].strip()
        number = value.rsplit("-", 1)[-1]
        if not number.isdigit():
            raise forms.ValidationError(_("Vul een geldig casusnummer in."))
        return int(number)


class TransferProposeForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    to_lvv = forms.ModelChoiceField(
        label=_("Ontvangende LVV"),
        queryset=Lvv.objects.none(),
        empty_label=_("— kies —"),
        error_messages={"required": _("Kies de LVV die de casus overneemt.")},
    )
    motivation = text_field(_("Toelichting"), textarea=True)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["to_lvv"].queryset = Lvv.objects.exclude(pk=case.lvv_id)
            if not self.is_bound:
                self.initial["version"] = case.version


class TransferDecideForm(StyledForm):
    ACCEPT, REJECT = "accept", "reject"
    decision = forms.ChoiceField(
        label=_("Besluit over de overdracht"),
        choices=[(ACCEPT, _("accepteren")), (REJECT, _("afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u de overdracht accepteert of afwijst.")},
    )
    effective_date = date_field(_("Datum van overdracht (intake in uw LVV)"))
    guiding_organisation = forms.ModelChoiceField(
        label=_("Begeleidende organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— nog niet bekend —"),
    )
    exception_reason = text_field(
        _("Reden uitzondering"),
        required=False,
        textarea=True,
        help_text=_(
            "Nodig als de toelatingstoets in uw LVV een uitsluitingsgrond geeft "
            "(bijvoorbeeld een ander beleid voor veilige landen)."
        ),
    )
    reason = text_field(_("Reden"), required=False, textarea=True)

    def __init__(self, *args, to_lvv=None, **kwargs):
        super().__init__(*args, **kwargs)
        if to_lvv is not None:
            self.fields["guiding_organisation"].queryset = Organisation.objects.filter(
                lvv=to_lvv, kind=OrganisationKind.NGO
            )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Geef een reden voor de afwijzing."))
        return data
