"""Saved measurements: save the current one, list them, show one as saved, compare two."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.access.selectors import log_denied
from lvv.monitor.audience import monitor_lvv_codes, suppression_required
from lvv.monitor.definitions import TOTAL, figure_labels
from lvv.monitor.forms import CompareForm, MeasurementSaveForm, SuppressForm
from lvv.monitor.models import SavedMeasurement
from lvv.monitor.services import measurement_compare, measurement_save, suppress_small_cells
from lvv.monitor.views.pages import log_download, requested_download
from lvv.monitor.views.scope import (
    measurement_visible,
    visible_measurement_ids,
    visible_measurements,
)
from lvv.monitor.views.tables import (
    csv_response,
    figure_rows,
    figure_table,
    total_label,
    xlsx_response,
)
from lvv.processing_log.activities import Activity


class MeasurementNotFound(Http404):
    """A measurement that does not exist *or* that the user may not see: the same answer."""

    def __init__(self):
        super().__init__(_("Deze meting bestaat niet of u heeft er geen toegang toe."))


def _measurement(request: HttpRequest, measurement_id) -> SavedMeasurement:
    """The measurement if the user may see it; otherwise 404, logged as denied."""
    measurement = SavedMeasurement.objects.filter(pk=measurement_id).first()
    if measurement is None or not measurement_visible(request.user, measurement):
        log_denied(
            request.user, activity=Activity.MONITOR, resource=f"measurement:{measurement_id}"
        )
        raise MeasurementNotFound()
    return measurement


def _meta(measurement: SavedMeasurement, *, download: bool = False) -> list[tuple[str, object]]:
    """Who saved it, when, for which date, under which definitions: shown and downloaded
    (in a download the reference date is a date cell)."""
    day = measurement.reference_date
    return [
        (_("Meting"), str(measurement.pk)),
        (_("Peildatum"), day if download else day.strftime("%d-%m-%Y")),
        (_("Versie van de definities"), measurement.definitions_version),
        (_("Opgeslagen door"), measurement.created_by_username or "–"),
        (
            _("Opgeslagen op"),
            timezone.localtime(measurement.created_at).strftime("%d-%m-%Y %H:%M"),
        ),
        (
            _("LVV's"),
            ", ".join(measurement.lvv_codes) if measurement.lvv_codes else _("alle LVV's"),
        ),
        (_("Toelichting"), measurement.note or "–"),
    ]


@policy(Action.MONITOR_VIEW, Activity.MONITOR)
@require_POST
def measurement_save_view(request: HttpRequest) -> HttpResponse:
    """Compute the monitor for the chosen date now and keep it, as it is, for good."""
    codes = monitor_lvv_codes(request.user)
    form = MeasurementSaveForm(request.POST)
    back = reverse("monitor:figures")
    if codes == []:
        messages.error(request, _("U werkt voor geen LVV; er is niets opgeslagen."))
        return redirect(back)
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("De meting is niet opgeslagen: %(p)s") % {"p": problems})
        return redirect(back)
    measurement = measurement_save(
        actor=request.user,
        reference_date=form.cleaned_data["peildatum"],
        lvv_codes=codes,
        note=form.cleaned_data["toelichting"],
    )
    messages.success(request, _("De meting is opgeslagen."))
    return redirect("monitor:measurement_detail", measurement_id=measurement.pk)


@policy(Action.MONITOR_VIEW, Activity.MONITOR)
def measurement_list(request: HttpRequest) -> HttpResponse:
    measurements = visible_measurements(request.user)
    form = CompareForm(
        measurements=SavedMeasurement.objects.filter(pk__in=[m.pk for m in measurements])
    )
    return render(
        request,
        "monitor/measurement_list.html",
        {"measurements": measurements, "form": form, "monitor_tab": "measurements"},
    )


@policy(Action.MONITOR_VIEW, Activity.MONITOR)
def measurement_detail(request: HttpRequest, measurement_id: int) -> HttpResponse:
    """One measurement exactly as saved: its stored figures, never computed again."""
    measurement = _measurement(request, measurement_id)
    form = SuppressForm(request.GET or None, forced=suppression_required(request.user))
    suppress = form.suppress()
    stored = measurement.figures
    shown = suppress_small_cells(stored) if suppress else stored
    national = measurement.lvv_codes is None

    download = requested_download(request)
    if download:
        log_download(request.user, f"measurement:{measurement.pk}:{download}")
        rows = figure_rows(
            shown, national=national, definitions_version=measurement.definitions_version
        )
        name = f"lvv-meting-{measurement.pk}{'-afgeschermd' if suppress else ''}.{download}"
        if download == "csv":
            return csv_response(rows, name)
        meta = [list(m) for m in _meta(measurement, download=True)]
        return xlsx_response([(_("Meting"), rows), (_("Verantwoording"), meta)], name)
    query = request.GET.copy()
    query.pop("download", None)
    return render(
        request,
        "monitor/measurement_detail.html",
        {
            "measurement": measurement,
            "meta": _meta(measurement),
            "form": form,
            "suppress": suppress,
            "suppress_forced": form.forced,
            "table": figure_table(shown, national=national),
            "query": query.urlencode(),
            "monitor_tab": "measurements",
        },
    )


def comparison_tables(before: SavedMeasurement, after: SavedMeasurement) -> dict:
    """Per LVV (and the total) a table: figure, both values, the difference, changed or not."""
    comparison = measurement_compare(before, after)
    labels = figure_labels()
    national = before.lvv_codes is None and after.lvv_codes is None
    groups = []
    changed_total = 0
    for code, figures in comparison["figures"].items():
        rows = []
        for key, values in figures.items():
            changed = values["difference"] != 0
            changed_total += changed
            rows.append(
                {
                    "label": labels.get(key, key),
                    "before": values["before"],
                    "after": values["after"],
                    "difference": f"{values['difference']:+d}" if changed else "0",
                    "changed": changed,
                }
            )
        groups.append(
            {
                "code": code,
                "label": total_label(national) if code == TOTAL else code,
                "rows": rows,
                "changed": sum(row["changed"] for row in rows),
            }
        )
    return {
        "groups": groups,
        "changed": changed_total,
        "same_definitions": comparison["same_definitions"],
    }


@policy(Action.MONITOR_VIEW, Activity.MONITOR)
def measurement_compare_view(request: HttpRequest) -> HttpResponse:
    """Two saved measurements side by side; every difference marked in text, not colour only."""
    ids = visible_measurement_ids(request.user)
    form = CompareForm(
        request.GET or None, measurements=SavedMeasurement.objects.filter(pk__in=ids)
    )
    context = {"form": form, "monitor_tab": "measurements"}
    if form.is_bound and form.is_valid():
        before, after = form.cleaned_data["voor"], form.cleaned_data["na"]
        context.update(
            {
                "before": before,
                "after": after,
                "before_meta": _meta(before),
                "after_meta": _meta(after),
                "comparison": comparison_tables(before, after),
                "swap": urlencode({"voor": after.pk, "na": before.pk}),
            }
        )
    elif form.is_bound:
        for name in ("voor", "na"):
            value = request.GET.get(name, "")
            if value.isdigit() and int(value) not in ids:
                log_denied(request.user, activity=Activity.MONITOR, resource=f"measurement:{value}")
    return render(request, "monitor/measurement_compare.html", context)
