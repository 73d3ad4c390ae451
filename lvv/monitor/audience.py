"""Which LVVs a user sees in the monitor: the monitor page and the REST API ask the same.

Here and not in ``views/scope.py`` because a view module is no other app's library (the
layering test): the API's monitor endpoint calls these too.
"""

from __future__ import annotations

from lvv.access.policy import Action, Scope, grants


def monitor_lvv_codes(user) -> list[str] | None:
    """``None`` = every LVV (the national view); else the codes of the user's own LVVs."""
    scopes = {grant.scope for grant in grants(user, Action.MONITOR_VIEW)}
    if Scope.GLOBAL in scopes:
        return None
    if Scope.LVV in scopes:
        return sorted(user.lvvs.values_list("code", flat=True))
    return []


def suppression_required(user) -> bool:
    """Small cells are always suppressed for the national view (the programme analyst):
    "the national level sees only pseudonymised aggregates" - no checkbox turns it off.
    A case director, who may see the cases of their own LVVs anyway, chooses."""
    return monitor_lvv_codes(user) is None
