"""When each replayed demo event was entered: shortly after it happened, in office hours.

Without it every event of the demo carries the few seconds in which the demo was loaded,
which no real history looks like (and which hides the difference between the date an event
happened and the moment it was recorded, see ``CaseEvent``).
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import AbstractContextManager

from django.utils import timezone

from lvv.cases.services import recorded_at

# Days between an event and its recording: mostly the same day, sometimes a few days later.
DELAYS = (0, 1, 2, 3, 4, 6)
DELAY_WEIGHTS = (50, 22, 12, 7, 6, 3)
OFFICE_START = 8 * 60 + 30
OFFICE_END = 17 * 60 + 30


class RecordingClock:
    """Draws recording moments: in office hours on a working day shortly after the event,
    later than the case's previous recording, never after ``now``."""

    def __init__(self, rng: random.Random, now: dt.datetime | None = None):
        self.rng = rng
        self.now = now or timezone.now()

    def _start_of(self, day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    def moment(self, day: dt.date, after: dt.datetime | None = None) -> dt.datetime:
        """A moment to record an event of ``day``, later than ``after`` (the case's last)."""
        entry = day + dt.timedelta(days=self.rng.choices(DELAYS, DELAY_WEIGHTS)[0])
        while entry.weekday() >= 5:  # noqa: PLR2004 - Saturday and Sunday
            entry += dt.timedelta(days=1)
        minutes = self.rng.randint(OFFICE_START, OFFICE_END)
        moment = self._start_of(entry) + dt.timedelta(minutes=minutes)
        if after is not None and moment <= after:
            moment = after + dt.timedelta(minutes=self.rng.randint(2, 45))
        if moment > self.now:
            lower = max(after or self._start_of(day), self._start_of(day))
            moment = lower + (self.now - lower) * self.rng.random() if lower < self.now else lower
        return min(moment, self.now)

    def recording(self, day: dt.date, after: dt.datetime | None = None) -> AbstractContextManager:
        """Events appended inside the block are recorded at one drawn moment."""
        return recorded_at(self.moment(day, after))
