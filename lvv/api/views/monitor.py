"""The monitor's figures on a reference date: aggregates only, small counts suppressed."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lvv.access.policy import Action
from lvv.api.serializers.monitor import MonitorQuerySerializer, MonitorResultSerializer
from lvv.api.views.base import ApiView
from lvv.monitor.audience import monitor_lvv_codes
from lvv.monitor.definitions import DEFINITIONS_VERSION
from lvv.monitor.figures import monitor_figures
from lvv.monitor.services import suppress_small_cells
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record


def published_figures(reference_date, lvv_codes) -> dict:
    """The main table as the monitor page shows it suppressed: the page's own functions
    (``lvv.monitor.publication`` protects the main table on its own, so the page, its
    download, a saved measurement and this answer hide the same cells).

    The API always suppresses: its answer leaves the system for another organisation's,
    like a published table.
    """
    return suppress_small_cells(monitor_figures(reference_date, lvv_codes))


class MonitorFigures(ApiView):
    """Per LVV the acting person sees in the monitor (all for the programme analyst) and in
    total, on the reference date; counts from 1 to 4 read "<5", as on the monitor page."""

    policy_action = Action.MONITOR_VIEW
    policy_activity = Activity.MONITOR

    @extend_schema(parameters=[MonitorQuerySerializer], responses=MonitorResultSerializer)
    def get(self, request):
        query = MonitorQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("reference_date") or timezone.localdate()
        codes = monitor_lvv_codes(request.user)
        result = published_figures(day, codes)
        # Aggregates without a data subject; logged like a download of the figures.
        processing_record(
            actor=request.user,
            operation=Operation.EXPORT,
            activity=Activity.MONITOR,
            resource=f"api:monitor:{day.isoformat()}",
        )
        body = {
            "reference_date": day,
            "definitions_version": DEFINITIONS_VERSION,
            "national": codes is None,
            "suppressed": True,
            "figures": result["figures"],
        }
        return Response(MonitorResultSerializer(body).data)
