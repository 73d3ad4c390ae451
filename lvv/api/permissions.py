"""Every API view names the policy action it needs (``policy_action``); the URL coverage
test fails for a view that does not. Object access goes through ``access_case``."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from lvv.access.decorators import AUTHENTICATED
from lvv.access.policy import may
from lvv.access.selectors import log_denied
from lvv.access.two_factor import needs_two_factor
from lvv.api.authentication import is_session
from lvv.processing_log.activities import Activity


class PolicyPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        # In the browser (session) the second factor is asked as on every page; an
        # application's token stands in for it (see lvv.api.authentication).
        if is_session(request) and needs_two_factor(user) and not user.is_verified():
            return False
        action = view.policy_action
        if action == AUTHENTICATED:
            return True
        if may(user, action):
            return True
        log_denied(
            user,
            activity=getattr(view, "policy_activity", Activity.CASE_GUIDANCE),
            resource=request.path,
        )
        return False
