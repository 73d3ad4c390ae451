from __future__ import annotations

import datetime as dt

from rest_framework import serializers

from lvv import inputs

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


class TextField(serializers.CharField):
    """Every text the API accepts: the shared input limits of ``lvv/inputs.py`` (length,
    control characters), with Dutch messages - the same as the forms and the import."""

    def __init__(self, *, max_length: int = inputs.SHORT_TEXT_MAX, multi_line: bool = False, **kw):
        super().__init__(max_length=max_length, **kw)
        self.validators.extend(
            inputs.drf_text_validators(max_length=max_length, single_line=not multi_line)
        )
