"""The fast widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from lvv.web.form_renderer import FastWidgetRenderer
from lvv.web.forms.base import DateInput

CHOICES = [("", "alle"), ("a", "Één & twee"), (3, "<drie>"), ("x", mark_safe("<b>vet</b>"))]
GROUPED = [("Groep <1>", [("a", "A"), ("b", "B")]), ("c", "C")]

WIDGETS = [
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(attrs={"class": "x y", "required": True, "disabled": False}), 'a"<b>&'),
    (forms.TextInput(), mark_safe("<i>veilig</i>")),
    (forms.NumberInput(attrs={"min": 0}), 7),
    (forms.EmailInput(), "a@b.nl"),
    (forms.HiddenInput(), 12),
    (forms.PasswordInput(), "geheim"),
    (DateInput(), dt.date(2026, 3, 9)),
    (DateInput(), "2026-13-45"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs={"aria-describedby": "help"}), False),
    (forms.Textarea(attrs={"rows": 3}), "regel 1\nregel <2>"),
    (forms.Textarea(), None),
    (forms.Select(choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=CHOICES, attrs={"class": "s"}), None),
    (forms.Select(choices=GROUPED), "b"),
    (forms.SelectMultiple(choices=CHOICES), ["a", "x"]),
    (forms.NullBooleanSelect(), None),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: repr(item)[:40])
def test_fast_renderer_matches_django_templates(widget, value):
    attrs = {"id": "id_veld"}
    expected = widget.render("veld", value, attrs=attrs, renderer=DjangoTemplates())
    actual = widget.render("veld", value, attrs=attrs, renderer=FastWidgetRenderer())
    assert actual == expected


def test_other_widgets_fall_back_to_django_templates():
    widget = forms.RadioSelect(choices=CHOICES)
    expected = widget.render("keuze", "a", renderer=DjangoTemplates())
    assert widget.render("keuze", "a", renderer=FastWidgetRenderer()) == expected


def test_the_case_filter_form_renders_identically(db):
    from lvv.organisations.models import Lvv
    from lvv.web.forms.cases import CaseFilterForm

    data = {"q": "Jan <x>", "stap": "guidance", "termijn": "on", "sorteer": "naam"}
    fast = CaseFilterForm(data, lvvs=Lvv.objects.all(), renderer=FastWidgetRenderer())
    slow = CaseFilterForm(data, lvvs=Lvv.objects.all(), renderer=DjangoTemplates())
    assert [str(field) for field in fast] == [str(field) for field in slow]
    assert str(fast.as_div()) == str(slow.as_div())


def _forms_with_every_kind_of_field(db_lvvs):
    from lvv.web.forms.cases import CaseFilterForm
    from lvv.web.forms.referral import ReferralForm

    class Every(forms.Form):
        naam = forms.CharField(label="Naam <b>", help_text="Hulp & tekst")
        keuze = forms.ChoiceField(choices=CHOICES, required=False)
        akkoord = forms.BooleanField(label="Akkoord", required=False, help_text="Vink aan")
        datum = forms.DateField(widget=DateInput())
        tekst = forms.CharField(widget=forms.Textarea, required=False)

    yield Every()
    yield Every({"naam": "", "akkoord": "on", "datum": "fout"})  # with errors
    yield CaseFilterForm({"q": "x", "termijn": "on"}, lvvs=db_lvvs)
    yield ReferralForm()
    yield ReferralForm({})


def test_field_rows_written_in_python_equal_the_template_version(db):
    from pathlib import Path

    from django.template import engines

    from lvv.organisations.models import Lvv

    reference = engines["django"].from_string(
        (Path(__file__).parent / "field_reference.html").read_text(encoding="utf-8")
    )
    current = engines["django"].get_template("web/_field.html")
    checked = 0
    for form in _forms_with_every_kind_of_field(list(Lvv.objects.all())):
        form.is_bound and form.is_valid()
        for field in form:
            assert current.render({"field": field}) == reference.render({"field": field})
            checked += 1
    assert checked > 15  # noqa: PLR2004
