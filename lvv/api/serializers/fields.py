from __future__ import annotations

import datetime as dt

from rest_framework import serializers

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


class ClampedDateTimeField(serializers.DateTimeField):
    """A lower bound in time (``updated_since``): any valid date-time, far-away ones taken as
    the bounds of what the system holds - the same answer, and never an error over a year
    the database or the time-zone conversion cannot represent."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if value.year < EARLIEST.year:
            return EARLIEST
        if value.year >= LATEST.year:
            return LATEST
        return super().enforce_timezone(value)
