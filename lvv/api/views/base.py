"""What every API view does, whatever the resource.

- The policy: ``policy_action`` is checked by :class:`PolicyPermission` (the URL coverage test
  fails for a view without one); objects are read through the scoped selectors.
- Throttling per application and per person (``lvv.api.throttling``).
- A processing operation of its own, with the caller's ``traceparent`` as
  ``foreign_operation`` in the processing log and ours in the response (``lvv.api.trace``).
- ``Cache-Control: no-store`` on every answer: they may carry personal data.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.views import APIView

from lvv.access.decorators import AUTHENTICATED
from lvv.access.policy import Action
from lvv.api import trace
from lvv.api.permissions import PolicyPermission
from lvv.api.throttling import ApplicationThrottle, UserThrottle
from lvv.processing_log.activities import Activity
from lvv.processing_log.trace import end_foreign_operation, start_foreign_operation, start_trace


class ApiBehaviour:
    """Mixed into every API view (also the schema view, which derives from spectacular's)."""

    permission_classes = [PolicyPermission]
    throttle_classes = [ApplicationThrottle, UserThrottle]
    policy_action: Action | str
    policy_activity: Activity = Activity.CASE_GUIDANCE

    def dispatch(self, request, *args, **kwargs):
        caller = trace.parse_traceparent(request.headers.get(trace.HEADER))
        self.operation = trace.new_operation()
        # Not reset here: TraceMiddleware restores the trace id of before the request when
        # it ends, and until then the response and any request log name this operation.
        start_trace(self.operation.trace_id)
        token = start_foreign_operation(caller.operation if caller else None)
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            end_foreign_operation(token)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        repeated = [key for key, values in request.query_params.lists() if len(values) > 1]
        if repeated:
            raise exceptions.ValidationError(
                {key: [_("Geef deze parameter één keer.")] for key in repeated}
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response[trace.HEADER] = self.operation.header
        add_never_cache_headers(response)
        return response

    def throttled(self, request, wait):
        seconds = int(wait + 0.999) if wait is not None else None
        detail = (
            _("Te veel verzoeken; probeer het over %(seconds)d seconden opnieuw.")
            % {"seconds": seconds}
            if seconds is not None
            else _("Te veel verzoeken; probeer het later opnieuw.")
        )
        raise exceptions.Throttled(wait=seconds, detail=detail)


class ApiView(ApiBehaviour, APIView):
    pass


@extend_schema(exclude=True)
class NotFound(ApiView):
    """Any other path under the API (also an id that is not a number): a 404 in JSON, like
    an object that does not exist, instead of the HTML page of the web application."""

    policy_action = AUTHENTICATED

    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("Dit adres bestaat niet in de API."))

    post = put = patch = delete = options = get
