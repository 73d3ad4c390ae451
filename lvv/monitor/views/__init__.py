"""The monitor pages: figures on a reference date, month series, saved measurements, drill-down.

Every view carries a policy (``lvv.access.decorators.policy``). Figures are aggregates: the
pages never show a name or a V-number, and only the drill-down (a list of cases, personal
data) and the downloads are written to the processing log.
"""
