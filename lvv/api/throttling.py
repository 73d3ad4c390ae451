"""Limits on the number of calls: per application, per person, and strictly for the police
participant lookup, so that V-numbers cannot be tried one after the other.

The rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (lvv/settings.py), one or more
``N/period`` per scope, e.g. ``"10/min,100/day"``. The counters are database rows
(:class:`~lvv.api.models.ApiRateWindow`), so the limits hold across server processes.
Windows are fixed (a minute from hh:mm:00, a day from 00:00 UTC); a refused call counts too.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from lvv.api.models import ApiRateWindow, ApiToken

PERIODS = {"s": 1, "sec": 1, "min": 60, "hour": 3600, "day": 86400}
# Rows of windows that ended this long ago are removed when a new window starts.
KEEP = dt.timedelta(days=2)


def parse_rates(text: str) -> list[tuple[int, int]]:
    """``"10/min,100/day"`` -> ``[(10, 60), (100, 86400)]``."""
    rates = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        number, period = part.split("/", 1)
        rates.append((int(number), PERIODS[period.strip()]))
    return rates


def window_hit(scope: str, key: str, seconds: int, now: dt.datetime) -> tuple[int, float]:
    """Count one call in the current window; returns the count and the seconds it has left."""
    epoch = int(now.timestamp())
    start = dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)
    left = seconds - (now - start).total_seconds()
    match = {"scope": scope, "key": key, "seconds": seconds, "window_start": start}
    windows = ApiRateWindow.objects.filter(**match)
    with transaction.atomic():
        if not windows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ApiRateWindow.objects.create(count=1, **match)
            except IntegrityError:  # another process opened the window just now
                windows.update(count=F("count") + 1)
            else:
                ApiRateWindow.objects.filter(window_start__lt=now - KEEP).delete()
        count = windows.values_list("count", flat=True).get()
    return count, left


class WindowThrottle(BaseThrottle):
    scope = ""

    def key(self, request, view) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        self._wait = None
        key = self.key(request, view)
        text = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if key is None or not text:
            return True
        now = timezone.now()
        allowed = True
        for limit, seconds in parse_rates(text):
            count, left = window_hit(self.scope, key, seconds, now)
            if count > limit:
                allowed = False
                self._wait = max(self._wait or 0, left)
        return allowed

    def wait(self) -> float | None:
        return self._wait


class ApplicationThrottle(WindowThrottle):
    """All persons acting through one application together."""

    scope = "application"

    def key(self, request, view) -> str | None:
        token = getattr(request, "auth", None)
        return f"app:{token.application_id}" if isinstance(token, ApiToken) else None


class UserThrottle(WindowThrottle):
    """One person, through any application or the browser."""

    scope = "user"

    def key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        return f"user:{user.pk}" if user is not None and user.is_authenticated else None


class ParticipantLookupThrottle(UserThrottle):
    """The police check, per person: a handful a minute, a limited number a day."""

    scope = "participant_lookup"
