"""Reads of case data for the layers above. Scoping by user lives in ``lvv.access``."""

from lvv.cases.selectors.history import case_events, rebuild_state

__all__ = ["case_events", "rebuild_state"]
