"""Small template helpers for the LVV pages."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

GROUP_WIDGETS = {"radioselect", "checkboxselectmultiple"}


@register.filter
def is_group(field) -> bool:
    """Radio buttons and checkbox lists: rendered as a fieldset with a legend."""
    return getattr(field, "widget_type", "") in GROUP_WIDGETS


@register.filter
def field_anchor(field) -> str:
    """The id an error-summary link points to: the input itself, or a group's first option."""
    if not field.auto_id:
        return ""
    return f"{field.auto_id}_0" if is_group(field) else field.auto_id


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def may(context, action: str, case=None) -> bool:
    """Ask the policy from a template: ``{% may "case.export" case as can_export %}``."""
    from lvv.access.policy import Action
    from lvv.access.policy import may as policy_may

    return policy_may(context["request"].user, Action(action), case)


@lru_cache(maxsize=8)
def _month_names(language: str | None) -> tuple[str, ...]:
    return ("", *(str(MONTHS[number]) for number in range(1, 13)))


@register.filter
def aantal(value) -> str:
    """A count with the Dutch thousands separator: 30983 -> "30.983".

    Not ``USE_THOUSAND_SEPARATOR``: that would also print birth years as "1.990".
    """
    if isinstance(value, bool) or not isinstance(value, int):
        return "" if value is None else str(value)
    return f"{value:,}".replace(",", ".")


# One way to write a date, everywhere (issue 12, bug 8): in running text, headings, data
# lists and the timeline "3 februari 2025" (``datum``, ``datum_tijd``); in table cells, where
# dates are compared down a column, "03-02-2025" (``datum_kort``, ``datum_tijd_kort``).
# Python code that writes dates for pages uses the same functions.


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def datum(value) -> str:
    """A date as "3 maart 2026" - what ``|date:"j F Y"`` prints, for a fraction of its cost.

    Lists print hundreds of dates per page; Django's general date formatter parses the
    format and looks up the translated month name for every one of them.
    """
    if not isinstance(value, dt.date):
        return ""
    value = _local(value)
    return f"{value.day} {_month_names(get_language())[value.month]} {value.year}"


def _datum_kort(value) -> str:
    return f"{value.day:02d}-{value.month:02d}-{value.year}"


@register.filter
def datum_kort(value) -> str:
    """A date in a table cell: "03-03-2026", never broken over two lines at a hyphen."""
    if not isinstance(value, dt.date):
        return ""
    text = _datum_kort(_local(value))
    return mark_safe(f'<span class="lvv-nowrap">{text}</span>')  # noqa: S308  # nosec B308 B703  # digits


@lru_cache(maxsize=8)
def _case_url_pattern(prefix: str) -> tuple[str, str]:
    marker = 999999999
    before, after = reverse("web:case_detail", args=[marker]).split(str(marker))
    return before, after


@register.filter
def case_url(case_id) -> str:
    """The case page's address: ``{% url 'web:case_detail' pk %}`` without a reverse per row."""
    before, after = _case_url_pattern(get_script_prefix())
    return f"{before}{int(case_id)}{after}"


@register.filter
def datum_tijd(value) -> str:
    """A moment as "3 maart 2026 14:05" (``|date:"j F Y H:i"``), in local time."""
    if not isinstance(value, dt.datetime):
        return ""
    value = _local(value)
    return f"{datum(value)} {value.hour:02d}:{value.minute:02d}"


@register.filter
def datum_tijd_kort(value, seconds: str = "") -> str:
    """A moment in a table cell: "03-03-2026 14:05" (``|datum_tijd_kort:"s"`` adds seconds)."""
    if not isinstance(value, dt.datetime):
        return ""
    value = _local(value)
    moment = f"{_datum_kort(value)} {value.hour:02d}:{value.minute:02d}"
    if seconds:
        moment = f"{moment}:{value.second:02d}"
    return mark_safe(f'<span class="lvv-nowrap">{moment}</span>')  # noqa: S308  # nosec B308 B703  # digits


@register.simple_tag
def field_row(field) -> str:
    """A single input, select or checkbox with its label, help text and errors.

    What ``web/_field.html`` wrote for these (radio and checkbox lists stay in the
    template), written in Python: every form on every page has them, and rendering the
    template per field was a measurable part of a form page (docs/performance.md). A test
    compares both outputs.
    """
    esc = conditional_escape
    errors = field.errors
    auto_id = esc(field.auto_id)
    invalid = " utrecht-form-field--invalid" if errors else ""
    label = esc(field.label)
    help_html = (
        f'<div class="utrecht-form-field-description" id="{auto_id}_helptext">'
        f"{esc(field.help_text)}</div>"
        if field.help_text
        else ""
    )
    errors_html = "".join(
        f'<div class="utrecht-form-field-error-message" id="{auto_id}_error">{esc(error)}</div>'
        for error in errors
    )
    for_id = esc(field.id_for_label)
    if field.widget_type == "checkbox":
        html = (
            f'\n<div class="utrecht-form-field utrecht-form-field--checkbox lvv-choice{invalid}">\n'
            f"  {field}\n"
            f'  <label class="utrecht-form-label utrecht-form-label--checkbox" for="{for_id}">'
            f"{label}</label>\n"
            f"  {help_html}\n"
            f"  {errors_html}\n"
            "</div>\n"
        )
    else:
        optional = (
            ""
            if field.field.required
            else f' <span class="lvv-optional">({esc(gettext("optioneel"))})</span>'
        )
        html = (
            f'\n<div class="utrecht-form-field{invalid}">\n'
            '  <div class="utrecht-form-field__label">\n'
            f'    <label class="utrecht-form-label" for="{for_id}">{label}{optional}</label>\n'
            "  </div>\n"
            f"  {help_html}\n"
            f"  {errors_html}\n"
            f'  <div class="utrecht-form-field__input">{field}</div>\n'
            "</div>\n"
        )
    return mark_safe(html)  # noqa: S308  # nosec B308 B703  # every value above is escaped or safe
