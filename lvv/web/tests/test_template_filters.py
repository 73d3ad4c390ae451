"""The fast list filters print exactly what Django's general ones print."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    "value",
    [dt.date(2026, 1, 1), dt.date(2026, 3, 9), dt.date(1999, 12, 31), dt.date(2024, 2, 29)],
)
def test_datum_prints_what_the_date_filter_prints(value):
    with translation.override("nl"):
        assert render("{{ d|datum }}", d=value) == render('{{ d|date:"j F Y" }}', d=value)
        assert "maart" in render("{{ d|datum }}", d=dt.date(2026, 3, 1))


def test_datum_tijd_prints_local_time_like_the_date_filter():
    moment = dt.datetime(2026, 6, 30, 22, 5, tzinfo=dt.UTC)  # 1 juli 00:05 in Amsterdam
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        expected = render('{{ m|date:"j F Y H:i" }}', m=moment)
        assert render("{{ m|datum_tijd }}", m=moment) == expected == "1 juli 2026 00:05"


def test_dates_in_tables_are_day_month_year_with_leading_zeros():
    moment = dt.datetime(2026, 6, 30, 22, 5, 9, tzinfo=dt.UTC)  # 1 juli 00:05 in Amsterdam
    from django.utils.html import strip_tags

    def text(source: str, **context) -> str:
        html = render(source, **context)
        assert html.startswith('<span class="lvv-nowrap">')  # not broken at a hyphen
        return strip_tags(html)

    with timezone.override("Europe/Amsterdam"):
        assert text("{{ d|datum_kort }}", d=dt.date(2025, 2, 3)) == "03-02-2025"
        assert text("{{ m|datum_kort }}", m=moment) == "01-07-2026"
        assert text("{{ m|datum_tijd_kort }}", m=moment) == "01-07-2026 00:05"
        assert text('{{ m|datum_tijd_kort:"s" }}', m=moment) == "01-07-2026 00:05:09"
    assert render('{{ d|datum_kort|default:"—" }}', d=None) == "—"


def test_empty_dates_print_nothing_so_default_applies():
    assert render('{{ d|datum|default:"—" }}', d=None) == "—"
    assert render("{{ d|datum_tijd }}", d="") == ""


def test_case_url_is_the_case_page_address():
    assert render("{{ pk|case_url }}", pk=42) == reverse("web:case_detail", args=[42])


@pytest.mark.parametrize(
    ("value", "printed"),
    [(0, "0"), (7, "7"), (1000, "1.000"), (30983, "30.983"), (1234567, "1.234.567"), (None, "")],
)
def test_aantal_prints_counts_with_the_dutch_thousands_separator(value, printed):
    assert render("{{ n|aantal }}", n=value) == printed


def test_case_list_count_uses_the_thousands_separator_and_the_singular():
    source = (
        "{% load i18n %}{% blocktranslate count counter=n with number=n|aantal %}"
        "{{ number }} casus gevonden{% plural %}{{ number }} casussen gevonden"
        "{% endblocktranslate %}"
    )
    with translation.override("nl"):
        assert render(source, n=1) == "1 casus gevonden"
        assert render(source, n=30983) == "30.983 casussen gevonden"
