"""Which LVVs a user sees in the monitor (``lvv.monitor.audience``), which they may open into
cases, and which saved measurements."""

from __future__ import annotations

from lvv.access.policy import Action, may_in_lvv
from lvv.monitor.audience import monitor_lvv_codes
from lvv.monitor.models import SavedMeasurement
from lvv.organisations.models import Lvv


def drilldown_lvv_codes(user) -> set[str]:
    """The LVVs whose figures the user may open into the list of cases behind them."""
    return {
        lvv.code for lvv in Lvv.objects.all() if may_in_lvv(user, Action.MONITOR_DRILLDOWN, lvv)
    }


def measurement_visible(user, measurement: SavedMeasurement) -> bool:
    """A measurement covering only LVVs the user sees in the monitor (all, for the analyst)."""
    codes = monitor_lvv_codes(user)
    if codes is None:
        return True
    covered = measurement.lvv_codes
    return bool(covered) and set(covered) <= set(codes)


def visible_measurements(user) -> list[SavedMeasurement]:
    """Newest first. Few rows (measurements are saved by hand), so filtered here."""
    everything = SavedMeasurement.objects.defer("figures")
    codes = monitor_lvv_codes(user)
    if codes is None:
        return list(everything)
    return [m for m in everything if m.lvv_codes and set(m.lvv_codes) <= set(codes)]


def visible_measurement_ids(user) -> list[int]:
    return [m.pk for m in visible_measurements(user)]
