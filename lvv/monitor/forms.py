"""Forms of the monitor pages: reference date, month range, saving, comparing, drill-down.

Query parameters are Dutch (``peildatum``, ``afschermen``, ...) because they show in the
address bar of Dutch users.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.inputs import InputLimitsMixin
from lvv.monitor.definitions import figure_labels
from lvv.monitor.selectors import drillable_figures

MAX_MONTHS = 120

WIDGET_CLASSES = (
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
)


class MonitorFormBase(InputLimitsMixin, forms.Form):
    """Adds the NL Design System classes to every visible widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            for widget_class, css in WIDGET_CLASSES:
                if isinstance(field.widget, widget_class):
                    field.widget.attrs["class"] = css
                    break


def _date_field(label, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Vul een datum in."),
            "invalid": gettext_lazy("Vul een geldige datum in (dag-maand-jaar)."),
        },
    )


def _not_in_future(day: dt.date | None) -> dt.date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(_("De peildatum ligt in de toekomst."))
    return day


class SuppressField(forms.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Kleine aantallen afschermen (1 tot en met 4 tonen als '<5')"),
            required=False,
            help_text=gettext_lazy(
                "Voor publicatie; geldt voor de tabellen en de downloads. Waar een totaal een "
                "afgeschermd aantal zou verraden, staat ook een ander aantal als 'x'."
            ),
            **kwargs,
        )


class SuppressMixin:
    """The checkbox *afschermen*, except for whom suppression is always on (``forced``):
    the national view never shows small cells (``views.scope.suppression_required``)."""

    def __init__(self, *args, forced: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.forced = forced
        if forced:
            del self.fields["afschermen"]

    def suppress(self) -> bool:
        if self.forced:
            return True
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("afschermen"))


class ReferenceDateForm(SuppressMixin, MonitorFormBase):
    peildatum = _date_field(gettext_lazy("Peildatum"))
    peildatum.help_text = gettext_lazy("Leeg: vandaag.")
    periode_van = _date_field(gettext_lazy("Periode vanaf"))
    periode_van.help_text = gettext_lazy(
        "Voor de cijfers over een periode (MRT, uitzonderingen): van deze datum tot en met de "
        "peildatum. Leeg: 1 januari van het jaar van de peildatum."
    )
    afschermen = SuppressField()

    def clean_peildatum(self):
        return _not_in_future(self.cleaned_data.get("peildatum"))

    def clean(self):
        data = super().clean()
        start, day = data.get("periode_van"), data.get("peildatum") or timezone.localdate()
        if start is not None and start > day:
            self.add_error("periode_van", _("De periode begint na de peildatum."))
        return data

    def reference_date(self) -> dt.date:
        """The chosen date; today when none was given (or the form is not bound)."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("peildatum"):
            return self.cleaned_data["peildatum"]
        return timezone.localdate()

    def period_start(self) -> dt.date:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("periode_van"):
            return self.cleaned_data["periode_van"]
        return dt.date(self.reference_date().year, 1, 1)


class SuppressForm(SuppressMixin, MonitorFormBase):
    afschermen = SuppressField()


def _month_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=gettext_lazy("jaar en maand, bijvoorbeeld 2020-11"),
        error_messages={
            "invalid": gettext_lazy("Vul een geldige maand in (jaar-maand, zoals 2020-11).")
        },
    )


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class SeriesForm(SuppressMixin, MonitorFormBase):
    van = _month_field(gettext_lazy("Van maand"))
    tot = _month_field(gettext_lazy("Tot en met maand"))
    groep = forms.ChoiceField(label=gettext_lazy("LVV"), required=False)
    afschermen = SuppressField()

    def __init__(self, *args, groups: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groep"].choices = groups
        self.default_group = groups[-1][0] if groups else ""
        self.fields["groep"].initial = self.default_group

    def clean(self):
        data = super().clean()
        this_month = _month_start(timezone.localdate())
        last = data.get("tot") or this_month
        first = data.get("van") or _add_months(_month_start(last), -11)
        first, last = _month_start(first), _month_start(last)
        if "tot" not in self.errors and last > this_month:
            self.add_error("tot", _("Deze maand ligt in de toekomst."))
        elif "van" not in self.errors and first > last:
            self.add_error("van", _("De eerste maand ligt na de laatste."))
        elif "van" not in self.errors and _add_months(first, MAX_MONTHS) <= last:
            self.add_error("van", _("Kies hoogstens %(n)s maanden tegelijk.") % {"n": MAX_MONTHS})
        data["first_month"], data["last_month"] = first, last
        return data

    def months(self) -> tuple[dt.date, dt.date]:
        """The chosen (or default: the last twelve) months, as first days of the months."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["first_month"], self.cleaned_data["last_month"]
        last = _month_start(timezone.localdate())
        return _add_months(last, -11), last

    def group(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("groep"):
            return self.cleaned_data["groep"]
        return self.default_group


COHORT_LAG_MONTHS = 19  # the default cohort has reached all its horizons (18 months)


class CohortForm(SuppressMixin, MonitorFormBase):
    van = _month_field(gettext_lazy("Intake vanaf maand"))
    tot = _month_field(gettext_lazy("Intake tot en met maand"))
    peildatum = _date_field(gettext_lazy("Peildatum"))
    peildatum.help_text = gettext_lazy("Tot welke datum de gegevens tellen. Leeg: vandaag.")
    groep = forms.ChoiceField(label=gettext_lazy("LVV"), required=False)
    afschermen = SuppressField()

    def __init__(self, *args, groups: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groep"].choices = groups
        self.default_group = groups[-1][0] if groups else ""
        self.fields["groep"].initial = self.default_group

    def clean_peildatum(self):
        return _not_in_future(self.cleaned_data.get("peildatum"))

    def clean(self):
        data = super().clean()
        first, last = self._default_months()
        last = _month_start(data.get("tot") or last)
        first = _month_start(data.get("van") or _add_months(last, -11))
        if "van" not in self.errors and first > last:
            self.add_error("van", _("De eerste maand ligt na de laatste."))
        elif "van" not in self.errors and _add_months(first, MAX_MONTHS) <= last:
            self.add_error("van", _("Kies hoogstens %(n)s maanden tegelijk.") % {"n": MAX_MONTHS})
        data["first_month"], data["last_month"] = first, last
        return data

    @staticmethod
    def _default_months() -> tuple[dt.date, dt.date]:
        last = _add_months(_month_start(timezone.localdate()), -COHORT_LAG_MONTHS)
        return _add_months(last, -11), last

    def months(self) -> tuple[dt.date, dt.date]:
        """First day of the first month, last day of the last month of the intakes."""
        if self.is_bound and self.is_valid():
            first, last = self.cleaned_data["first_month"], self.cleaned_data["last_month"]
        else:
            first, last = self._default_months()
        return first, _add_months(last, 1) - dt.timedelta(days=1)

    def reference_date(self) -> dt.date:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("peildatum"):
            return self.cleaned_data["peildatum"]
        return timezone.localdate()

    def group(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("groep"):
            return self.cleaned_data["groep"]
        return self.default_group


class MeasurementSaveForm(MonitorFormBase):
    peildatum = _date_field(gettext_lazy("Peildatum"), required=True)
    toelichting = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
        help_text=gettext_lazy("Bijvoorbeeld waarvoor de meting is gebruikt."),
    )

    def clean_peildatum(self):
        return _not_in_future(self.cleaned_data.get("peildatum"))


class MeasurementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("meting %(id)s: peildatum %(date)s, opgeslagen %(saved)s door %(user)s") % {
            "id": obj.pk,
            "date": obj.reference_date.strftime("%d-%m-%Y"),
            "saved": timezone.localtime(obj.created_at).strftime("%d-%m-%Y %H:%M"),
            "user": obj.created_by_username or "-",
        }


CHOICE_ERRORS = {
    "required": gettext_lazy("Kies een meting."),
    "invalid_choice": gettext_lazy("Kies een meting."),
}


class CompareForm(MonitorFormBase):
    voor = MeasurementChoiceField(
        label=gettext_lazy("Eerste meting"),
        queryset=None,
        error_messages=CHOICE_ERRORS,
    )
    na = MeasurementChoiceField(
        label=gettext_lazy("Tweede meting"),
        queryset=None,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, measurements, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("voor", "na"):
            self.fields[name].queryset = measurements

    def clean(self):
        data = super().clean()
        if data.get("voor") and data.get("na") and data["voor"].pk == data["na"].pk:
            self.add_error("na", _("Kies twee verschillende metingen."))
        return data


class DrilldownForm(InputLimitsMixin, forms.Form):
    peildatum = forms.DateField(input_formats=["%Y-%m-%d"])
    lvv = forms.CharField(max_length=8)
    cijfer = forms.ChoiceField(choices=())
    pagina = forms.IntegerField(min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = figure_labels()
        self.fields["cijfer"].choices = [(key, labels[key]) for key in drillable_figures()]

    def clean_peildatum(self):
        return _not_in_future(self.cleaned_data.get("peildatum"))
