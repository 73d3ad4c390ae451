"""Form plumbing shared by the case pages: NL Design System classes and Dutch dates."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvv.inputs import InputLimitsMixin

WIDGET_CLASSES = {
    # Order matters: the first class the widget is an instance of wins.
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.widgets.Input: "utrecht-textbox utrecht-textbox--html-input",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StyledForm(InputLimitsMixin, forms.Form):
    """Adds the NL Design System classes to every widget; ``groups`` become fieldsets."""

    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (legend, field names)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            for widget_class, css in WIDGET_CLASSES.items():
                if isinstance(widget, widget_class):
                    existing = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{existing} {css}".strip()
                    break

    def layout(self) -> list:
        """Fields in order; grouped fields as ``{"legend", "fields"}`` at the first one's place."""
        grouped = {name: (legend, names) for legend, names in self.groups for name in names}
        items, done = [], set()
        for bound in self:
            group = grouped.get(bound.name)
            if group is None:
                items.append(bound)
            elif group[0] not in done:
                done.add(group[0])
                items.append({"legend": group[0], "fields": [self[name] for name in group[1]]})
        return items


def date_field(label=None, *, required: bool = True, initial_today: bool = True, **kwargs):
    return forms.DateField(
        label=label or _("Datum"),
        required=required,
        widget=DateInput(),
        initial=timezone.localdate if initial_today else None,
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
        },
        **kwargs,
    )


def text_field(label, *, required: bool = True, textarea: bool = False, max_length=None, **kw):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput(),
        error_messages={"required": _("Vul dit veld in.")},
        **kw,
    )


class CaseActionForm(StyledForm):
    """A form that changes a case: carries the version it was read at (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    effective_date = date_field()

    def __init__(self, *args, case=None, user=None, **kwargs):
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)
        if case is not None and not self.is_bound:
            self.initial.setdefault("version", case.version)
