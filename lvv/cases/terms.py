"""Legal terms of decisions under the Awb, extended by the Algemene termijnenwet (Atw).

Pure functions over dates, so that every term can be tested as a table. The terms:

- objection (*bezwaar*) and appeal (*beroep*): six weeks, starting the day after the decision
  was notified (Awb 6:7, 6:8) - the last day is the weekday of the notification, six weeks on;
- a notice of objection is in time when received before the end of the term, or, sent by
  post, posted before the end and received at most a week after it (Awb 6:9); a late one is
  flagged, never refused here (the decision-maker judges whether it is excusable, Awb 6:11);
- the decision on the objection: six weeks after the end of the objection term, twelve with an
  advisory committee (Awb 7:10 lid 1), plus at most six weeks of extension (lid 3);
- a term that ends on a Saturday, Sunday or public holiday runs to the next day that is none
  of these (Atw art. 1); the holidays are those of Atw art. 3 (Good Friday included) plus the
  days the government equates with them by decree, which are data (``extra``), not code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

OBJECTION_TERM_WEEKS = 6
APPEAL_TERM_WEEKS = 6
POSTAL_GRACE_DAYS = 7  # Awb 6:9 lid 2: received "niet later dan een week na afloop"
OBJECTION_DECISION_WEEKS = 6
OBJECTION_DECISION_WEEKS_WITH_COMMITTEE = 12
OBJECTION_DECISION_MAX_EXTENSION_WEEKS = 6


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous algorithm of Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kings_day(year: int) -> dt.date:
    """27 April, or 26 April when the 27th is a Sunday (Koningsdag since 2014)."""
    day = dt.date(year, 4, 27)
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


def public_holidays(year: int) -> frozenset[dt.date]:
    """The generally recognised holidays of Atw art. 3 lid 1 and 2 in ``year``."""
    easter = easter_sunday(year)
    return frozenset(
        {
            dt.date(year, 1, 1),  # Nieuwjaarsdag
            easter - dt.timedelta(days=2),  # Goede Vrijdag (art. 3 lid 2)
            easter + dt.timedelta(days=1),  # tweede Paasdag
            kings_day(year),
            dt.date(year, 5, 5),  # de vijfde mei, every year (not only in lustrum years)
            easter + dt.timedelta(days=39),  # Hemelvaartsdag
            easter + dt.timedelta(days=50),  # tweede Pinksterdag
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def is_non_working_day(day: dt.date, extra: Collection[dt.date] = ()) -> bool:
    """Saturday, Sunday, an Atw holiday, or a day equated with one (``extra``)."""
    return day.weekday() >= 5 or day in public_holidays(day.year) or day in extra


def atw_extend(last_day: dt.date, extra: Collection[dt.date] = ()) -> dt.date:
    """Atw art. 1: a term ending on a non-working day runs to the next working day."""
    while is_non_working_day(last_day, extra):
        last_day += dt.timedelta(days=1)
    return last_day


def _weeks_after(day: dt.date, weeks: int, extra: Collection[dt.date]) -> dt.date:
    """The last day of a term of ``weeks`` that starts the day after ``day``."""
    return atw_extend(day + dt.timedelta(weeks=weeks), extra)


def objection_term_end(notified: dt.date, extra: Collection[dt.date] = ()) -> dt.date:
    """Last day to object to a decision notified on ``notified`` (Awb 6:7, 6:8; Atw)."""
    return _weeks_after(notified, OBJECTION_TERM_WEEKS, extra)


def appeal_term_end(notified: dt.date, extra: Collection[dt.date] = ()) -> dt.date:
    """Last day to appeal against a decision on objection notified on ``notified``."""
    return _weeks_after(notified, APPEAL_TERM_WEEKS, extra)


def filed_in_time(term_end: dt.date, received: dt.date, posted: dt.date | None = None) -> bool:
    """Awb 6:9: received by the end of the term, or posted by then and received within a week."""
    if received <= term_end:
        return True
    return (
        posted is not None
        and posted <= term_end
        and received <= term_end + dt.timedelta(days=POSTAL_GRACE_DAYS)
    )


def objection_decision_due(
    objection_term_end_day: dt.date,
    *,
    advisory_committee: bool = False,
    extension_weeks: int = 0,
    extra: Collection[dt.date] = (),
) -> dt.date:
    """Awb 7:10: the last day to decide on an objection, counted from the end of its term.

    ``extension_weeks`` is the extension the administrative body announced (at most six,
    lid 3); a longer postponement needs the objector's consent (lid 4) and is a new date the
    caller records, not a term computed here.
    """
    if not 0 <= extension_weeks <= OBJECTION_DECISION_MAX_EXTENSION_WEEKS:
        raise ValueError("extension_weeks must be between 0 and 6 (Awb 7:10 lid 3)")
    weeks = (
        OBJECTION_DECISION_WEEKS_WITH_COMMITTEE if advisory_committee else OBJECTION_DECISION_WEEKS
    )
    return _weeks_after(objection_term_end_day, weeks + extension_weeks, extra)
