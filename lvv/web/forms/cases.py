"""The case list's search, filters and sort order."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lvv.cases.vocabulary import Phase, Scenario, Stage
from lvv.web.forms.base import StyledForm

SORT_COLUMNS = {
    "casus": ("pk",),
    "naam": ("person__family_name", "person__given_names", "pk"),
    "lvv": ("lvv__code", "pk"),
    "stap": ("stage", "pk"),
    "aanmelding": ("referral_date", "pk"),
    "intake": ("intake_date", "pk"),
}
DEFAULT_SORT = "-casus"
# The list opens on the running cases (the daily work, lvv.cases.models.case.RUNNING);
# the ended ones (vocabulary.CLOSED_STAGES) are one choice away.
STATUS_RUNNING, STATUS_ENDED, STATUS_ALL = "lopend", "afgesloten", "alle"
DEFAULT_STATUS = STATUS_RUNNING


def with_default_status(params):
    """The list's parameters with a status: the running cases unless the address says."""
    if params.get("status"):
        return params
    params = params.copy()
    params["status"] = DEFAULT_STATUS
    return params


class CaseFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Zoeken op naam, casusnummer, V-nummer of lokale referentie"),
        required=False,
        max_length=100,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (STATUS_RUNNING, _("lopend")),
            (STATUS_ENDED, _("afgesloten (uitstroom of afwijzing)")),
            (STATUS_ALL, _("alle casussen")),
        ],
        required=True,
        help_text=_("Een gekozen stap gaat voor."),
    )
    # Choices from the user's LVVs, given as a list: a ModelChoiceField would query them
    # again (through a server-side cursor) every time the form is shown.
    lvv = forms.TypedChoiceField(label=_("LVV"), coerce=int, required=False, empty_value=None)
    stap = forms.ChoiceField(
        label=_("Stap"), choices=[("", _("alle"))] + list(Stage.choices), required=False
    )
    fase = forms.ChoiceField(
        label=_("Fase"), choices=[("", _("alle"))] + list(Phase.choices), required=False
    )
    scenario = forms.ChoiceField(
        label=_("Scenario"),
        choices=[("", _("alle")), ("geen", _("nog geen scenario"))] + list(Scenario.choices),
        required=False,
    )
    nationaliteit = forms.CharField(
        label=_("Nationaliteit"),
        required=False,
        max_length=3,
        help_text=_("Drielettercode, bijvoorbeeld ERI."),
    )
    termijn = forms.BooleanField(label=_("Alleen met verlopen termijn"), required=False)
    sorteer = forms.ChoiceField(
        required=False,
        choices=[(key, key) for key in SORT_COLUMNS] + [(f"-{key}", key) for key in SORT_COLUMNS],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, lvvs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lvv"].choices = [("", _("alle"))] + [
            (lvv.pk, lvv.name) for lvv in (lvvs if lvvs is not None else [])
        ]

    def clean_nationaliteit(self) -> str:
        value = (self.cleaned_data.get("nationaliteit") or "").strip().upper()
        if value and (len(value) != 3 or not value.isalpha()):  # noqa: PLR2004
            raise forms.ValidationError(_("Gebruik een drielettercode, bijvoorbeeld ERI."))
        return value
