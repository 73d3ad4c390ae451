"""Small template helpers for the LVV pages."""

from __future__ import annotations

from django import template

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
