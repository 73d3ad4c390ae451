"""A form renderer that writes the common widgets in Python instead of through templates.

Django renders every widget - and every ``<option>`` of a select - through the template
engine. On the case list the filter form alone (five selects) cost more than the database
work of the page. This renderer produces, byte for byte, what Django's own widget templates
produce for inputs, selects and textareas (the tests compare both over many cases) and
hands everything else (radio and checkbox lists, the form and field layouts) to Django's
templates. Escaping follows the templates: every value is escaped unless it is already safe.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "checkbox",
    )
)
SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
TEXTAREA = "django/forms/widgets/textarea.html"


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the value as text, escaped unless already safe."""
    try:
        text = "%s" % value  # noqa: UP031 - stringformat's own operation, tuples included
    except (TypeError, ValueError):
        return ""
    if isinstance(value, SafeData):
        text = mark_safe(text)  # noqa: S308  # nosec B308 B703  # the value was safe already
    return conditional_escape(text)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None  # a custom option template: let Django render it
            # The option template ends in a newline, which its include keeps.
            parts.append("\n  " + _option(option) + "\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the common widgets written directly."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            html = None
            if template_name in INPUT_TEMPLATES:
                html = _input(widget)
            elif template_name == SELECT:
                html = _select(widget)
            elif template_name == TEXTAREA:
                html = _textarea(widget)
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
