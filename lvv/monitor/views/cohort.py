"""The cohort view: where the persons taken in during a period are after 3/6/12/18 months."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.monitor.audience import monitor_lvv_codes, suppression_required
from lvv.monitor.cohort import horizon_label
from lvv.monitor.forms import CohortForm
from lvv.monitor.publication import cohort_publication
from lvv.monitor.views.pages import group_choices, log_download, requested_download
from lvv.monitor.views.tables import cohort_rows, cohort_table, csv_response, xlsx_response
from lvv.processing_log.activities import Activity


def chart_data(table: dict, title: str) -> dict:
    """The data block the chart script reads: one stacked bar per horizon, a dataset per
    status that occurs (numbers only: a suppressed count is a gap)."""
    datasets = [
        {
            "label": row["label"],
            "data": [value if isinstance(value, int) else None for value in row["values"]],
        }
        for row in table["rows"]
        if any(value != 0 for value in row["values"])
    ]
    return {
        "labels": table["columns"],
        "charts": [
            {
                "canvas": "grafiek-cohort",
                "type": "bar",
                "stacked": True,
                "title": title,
                "datasets": datasets,
            }
        ],
    }


@policy(Action.MONITOR_VIEW, Activity.MONITOR)
def cohort(request: HttpRequest) -> HttpResponse:
    """A table and a chart per LVV and in total; the downloads hold every LVV the user sees."""
    user = request.user
    codes = monitor_lvv_codes(user)
    national = codes is None
    groups = group_choices(codes, national)
    form = CohortForm(
        request.GET or None,
        groups=[(g["code"], g["label"]) for g in groups],
        forced=suppression_required(user),
    )
    first, last = form.months()
    day = form.reference_date()
    suppress = form.suppress()
    shown = cohort_publication(first, last, day, codes, suppress=suppress)

    download = requested_download(request)
    if download and (not form.is_bound or form.is_valid()):
        span = f"{first:%Y-%m}-{last:%Y-%m}"
        log_download(user, f"monitor-cohort:{span}:{day.isoformat()}:{download}")
        rows = cohort_rows(shown, groups)
        name = f"lvv-monitor-cohort-{span}{'-afgeschermd' if suppress else ''}.{download}"
        if download == "csv":
            return csv_response(rows, name)
        return xlsx_response([(_("Cohort"), rows)], name)

    group = form.group()
    label = next(g["label"] for g in groups if g["code"] == group)
    table = cohort_table(shown, group)
    title = _("Het cohort per termijn na de intake")
    query = request.GET.copy()
    query.pop("download", None)
    return render(
        request,
        "monitor/cohort.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "reference_date": day,
            "group_label": label,
            "table": table,
            "chart_data": chart_data(table, title),
            "horizons": [horizon_label(h) for h in shown["horizons"]],
            "suppress": suppress,
            "suppress_forced": form.forced,
            "no_lvvs": codes == [],
            "query": query.urlencode(),
            "monitor_tab": "cohort",
        },
    )
