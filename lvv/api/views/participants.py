"""The police participant check: participant now, in which LVV, whom to contact. Nothing more.

It answers for any V-number, so it is the one endpoint through which numbers could be tried
one after another: a strict limit per person (``participant_lookup`` rates), every lookup in
the processing log (``not_found`` for a miss), a refused lookup logged as ``denied``, and a
warning in the application log when one person's misses pile up.
"""

from __future__ import annotations

import datetime as dt

import structlog
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lvv.access.lookup import participant_lookup
from lvv.access.policy import Action
from lvv.access.selectors import log_denied
from lvv.api.serializers.participants import (
    ParticipantAnswerSerializer,
    ParticipantLookupSerializer,
)
from lvv.api.throttling import ApplicationThrottle, ParticipantLookupThrottle, UserThrottle
from lvv.api.views.base import ApiView
from lvv.processing_log.activities import Activity, Outcome
from lvv.processing_log.models import ProcessingLogEntry

# This many misses of one person within the window: a warning for the security officer.
MISS_WARNING_THRESHOLD = 5
MISS_WINDOW = dt.timedelta(hours=1)

log = structlog.get_logger("lvv.api")


def recent_misses(user) -> int:
    """Lookups of this person that found no participant in the last ``MISS_WINDOW``."""
    return ProcessingLogEntry.objects.filter(
        activity=Activity.POLICE_PARTICIPANT_CHECK,
        outcome=Outcome.NOT_FOUND,
        audit__user_id=user.pk,
        occurred_at__gte=timezone.now() - MISS_WINDOW,
    ).count()


class ParticipantLookup(ApiView):
    """Is this V-number an LVV participant today? (POST, so the number is in no URL or log.)"""

    policy_action = Action.PARTICIPANT_LOOKUP
    policy_activity = Activity.POLICE_PARTICIPANT_CHECK
    throttle_classes = [ApplicationThrottle, UserThrottle, ParticipantLookupThrottle]

    @extend_schema(request=ParticipantLookupSerializer, responses=ParticipantAnswerSerializer)
    def post(self, request):
        query = ParticipantLookupSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        answer = participant_lookup(actor=request.user, v_number=query.validated_data["v_number"])
        if not answer.is_participant:
            misses = recent_misses(request.user)
            # At the threshold and each multiple of it: a signal, not a line per lookup.
            if misses and misses % MISS_WARNING_THRESHOLD == 0:
                log.warning(
                    "participant_lookup_repeated_misses",
                    user_id=request.user.pk,
                    organisation=getattr(request.user.organisation, "code", ""),
                    misses=misses,
                    window_minutes=int(MISS_WINDOW.total_seconds() // 60),
                )
        return Response(ParticipantAnswerSerializer(answer).data)

    def throttled(self, request, wait):
        """A refused lookup is in the processing log too (no number: it was not looked up)."""
        log_denied(
            request.user,
            activity=Activity.POLICE_PARTICIPANT_CHECK,
            resource="participant-lookup:throttled",
        )
        super().throttled(request, wait)
