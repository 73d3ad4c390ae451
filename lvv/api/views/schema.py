from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView

from lvv.access.decorators import AUTHENTICATED
from lvv.api.views.base import ApiBehaviour


class Schema(ApiBehaviour, SpectacularAPIView):
    """The OpenAPI 3 description of this API, for any signed-in person or application."""

    policy_action = AUTHENTICATED
