"""Reads of case data for the layers above. Scoping by user lives in ``lvv.access``."""

from lvv.cases.selectors.deadlines import deadline_items
from lvv.cases.selectors.history import case_events, rebuild_state

__all__ = ["case_events", "deadline_items", "rebuild_state"]
