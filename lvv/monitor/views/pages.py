"""The monitor on a reference date, the month series with charts, and the drill-down."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action, may_in_lvv
from lvv.access.selectors import CaseNotFound, cases_visible_to, log_cases_read, log_denied
from lvv.cases.models import Case
from lvv.cases.vocabulary import OutflowCategory, Scenario
from lvv.monitor.audience import monitor_lvv_codes, suppression_required
from lvv.monitor.definitions import DEFINITIONS_VERSION, OUTFLOW_CODES, TOTAL, figure_labels
from lvv.monitor.forms import DrilldownForm, MeasurementSaveForm, ReferenceDateForm, SeriesForm
from lvv.monitor.publication import page_figures, series_publication
from lvv.monitor.selectors import drillable_figures, figure_case_ids
from lvv.monitor.views.scope import drilldown_lvv_codes
from lvv.monitor.views.tables import (
    columns_of,
    csv_response,
    display,
    figure_rows,
    figure_table,
    further_tables,
    series_keys,
    series_point,
    series_rows,
    table_rows,
    total_label,
    xlsx_response,
)
from lvv.organisations.models import Lvv
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record

DOWNLOADS = ("csv", "xlsx")
DRILLDOWN_PAGE_SIZE = 100


def log_download(user, resource: str) -> None:
    """A download of figures: aggregates, so no data subject; logged as an export."""
    processing_record(
        actor=user, operation=Operation.EXPORT, activity=Activity.MONITOR, resource=resource[:100]
    )


def requested_download(request: HttpRequest) -> str | None:
    value = request.GET.get("download")
    return value if value in DOWNLOADS else None


def extra_table(extra: dict, columns: list[dict]) -> list[dict]:
    """Durations (median days) and the final evaluation's split, as rows like the main table."""
    labels = {
        "median_days.referral_to_intake": _("mediaan dagen van aanmelding tot intake"),
        "median_days.intake_to_dossier": _("mediaan dagen van intake tot compleet dossier"),
        "median_days.dossier_to_scenario": _("mediaan dagen van dossier tot eerste scenario"),
        "median_days.intake_to_scenario": _("mediaan dagen van intake tot eerste scenario"),
        "median_days.intake_to_outflow": _("mediaan dagen van intake tot uitstroom"),
        "evaluation.sustainable": _("uitstroom: bestendige oplossing"),
        "evaluation.semi_sustainable": _("uitstroom: semi-bestendig (AZC, art. 64)"),
        "evaluation.none": _("uitstroom: geen bestendige oplossing"),
    }
    rows = []
    for key, label in labels.items():
        part, name = key.split(".")
        values = [extra["figures"][column["code"]][part][name] for column in columns]
        rows.append(
            {"key": key, "label": label, "values": [display(v) for v in values], "raw": values}
        )
    return rows


@policy(Action.MONITOR_VIEW, Activity.MONITOR)
def figures(request: HttpRequest) -> HttpResponse:
    """The monitor per LVV and in total on the chosen reference date (today by default)."""
    user = request.user
    forced = suppression_required(user)
    form = ReferenceDateForm(request.GET or None, forced=forced)
    codes = monitor_lvv_codes(user)
    national = codes is None
    day = form.reference_date()
    suppress = form.suppress()
    published = page_figures(day, codes, period_start=form.period_start(), suppress=suppress)
    shown, extra, further = published["figures"], published["extra"], published["further"]
    columns = columns_of(shown["figures"], national)
    extra_rows = extra_table(extra, columns)
    sections = further_tables(further, columns)

    download = requested_download(request)
    if download and (not form.is_bound or form.is_valid()):
        log_download(user, f"monitor:{day.isoformat()}:{download}")
        rows = figure_rows(shown, national=national, definitions_version=DEFINITIONS_VERSION)
        meta = {"reference_date": day, "definitions_version": DEFINITIONS_VERSION}
        extra_lines = table_rows(extra_rows, **meta)
        further_lines = [
            line for section in sections for line in table_rows(section["rows"], **meta)
        ]
        name = f"lvv-monitor-{day.isoformat()}{'-afgeschermd' if suppress else ''}.{download}"
        if download == "csv":
            return csv_response([*rows, *extra_lines, *further_lines], name)
        header = rows[0]
        return xlsx_response(
            [
                (_("Monitor"), rows),
                (_("Doorlooptijden"), [header, *extra_lines]),
                (_("Verdere cijfers"), [header, *further_lines]),
            ],
            name,
        )

    drillable = set(drillable_figures())
    may_drill = drilldown_lvv_codes(user) if not suppress else set()
    base = reverse("monitor:drilldown")

    def link(code: str, key: str, value) -> str | None:
        if code in may_drill and key in drillable and isinstance(value, int) and value > 0:
            query = urlencode({"peildatum": day.isoformat(), "lvv": code, "cijfer": key})
            return f"{base}?{query}"
        return None

    table = figure_table(shown, national=national, link=link)
    query = request.GET.copy()
    query.pop("download", None)
    return render(
        request,
        "monitor/figures.html",
        {
            "form": form,
            "reference_date": day,
            "period_start": form.period_start(),
            "national": national,
            "no_lvvs": codes == [],
            "suppress": suppress,
            "suppress_forced": forced,
            "table": table,
            "extra_rows": extra_rows,
            "sections": sections,
            "nationalities": further["nationalities"],
            "definitions_version": DEFINITIONS_VERSION,
            "save_form": MeasurementSaveForm(initial={"peildatum": day}),
            "query": query.urlencode(),
            "monitor_tab": "figures",
        },
    )


def group_choices(codes: list[str] | None, national: bool) -> list[dict]:
    lvvs = Lvv.objects.order_by("code")
    if codes is not None:
        lvvs = lvvs.filter(code__in=codes)
    groups = [{"code": lvv.code, "label": f"{lvv.code} ({lvv.name})"} for lvv in lvvs]
    groups.append({"code": TOTAL, "label": total_label(national)})
    return groups


def _chart_sections(points: list[dict]) -> list[dict]:
    """Four charts, each with the table that holds its figures (the table comes first)."""
    labels = dict(series_keys())
    flats = [(point["month"], series_point(point)) for point in points]
    specs = [
        (
            "present",
            _("Aanwezig (personen) aan het einde van de maand"),
            "line",
            False,
            ["present"],
        ),
        (
            "flows",
            _("Instroom en uitstroom per maand (verblijven)"),
            "bar",
            False,
            ["inflow", "outflow.total"],
        ),
        (
            "outflow",
            _("Uitstroom per categorie per maand (verblijven)"),
            "bar",
            True,
            [f"outflow.{code}" for code in OUTFLOW_CODES],
        ),
        (
            "scenario",
            _("Scenario's van de aanwezige verblijven aan het einde van de maand"),
            "bar",
            True,
            [f"scenario.{value}" for value in Scenario.values] + ["scenario.none"],
        ),
    ]
    sections = []
    for slug, title, kind, stacked, keys in specs:
        sections.append(
            {
                "slug": slug,
                "title": title,
                "canvas": f"grafiek-{slug}",
                "type": kind,
                "stacked": stacked,
                "columns": [labels[key] for key in keys],
                "rows": [
                    {"month": month, "values": [flat[key] for key in keys]} for month, flat in flats
                ],
                "keys": keys,
            }
        )
    return sections


def _chart_data(months: list[str], sections: list[dict]) -> dict:
    """The data block the chart script reads: numbers only (a suppressed count is a gap)."""
    return {
        "labels": months,
        "charts": [
            {
                "canvas": section["canvas"],
                "type": section["type"],
                "stacked": section["stacked"],
                "title": section["title"],
                "datasets": [
                    {
                        "label": label,
                        "data": [
                            row["values"][index] if isinstance(row["values"][index], int) else None
                            for row in section["rows"]
                        ],
                    }
                    for index, label in enumerate(section["columns"])
                ],
            }
            for section in sections
        ],
    }


@policy(Action.MONITOR_VIEW, Activity.MONITOR)
def series(request: HttpRequest) -> HttpResponse:
    """Per month: inflow, outflow by category, present and scenarios; a chart and a table each."""
    user = request.user
    codes = monitor_lvv_codes(user)
    national = codes is None
    groups = group_choices(codes, national)
    form = SeriesForm(
        request.GET or None,
        groups=[(g["code"], g["label"]) for g in groups],
        forced=suppression_required(user),
    )
    first, last = form.months()
    suppress = form.suppress()
    shown = series_publication(first, last, codes, suppress=suppress)

    download = requested_download(request)
    if download and (not form.is_bound or form.is_valid()):
        span = f"{first:%Y-%m}-{last:%Y-%m}"
        log_download(user, f"monitor-series:{span}:{download}")
        rows = series_rows(shown, groups)
        name = f"lvv-monitor-maanden-{span}{'-afgeschermd' if suppress else ''}.{download}"
        if download == "csv":
            return csv_response(rows, name)
        return xlsx_response([(_("Maandreeks"), rows)], name)

    group = form.group()
    label = next(g["label"] for g in groups if g["code"] == group)
    sections = _chart_sections(shown["series"][group])
    query = request.GET.copy()
    query.pop("download", None)
    return render(
        request,
        "monitor/series.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "group_label": label,
            "sections": sections,
            "chart_data": _chart_data(shown["months"], sections),
            "suppress": suppress,
            "suppress_forced": form.forced,
            "no_lvvs": codes == [],
            "query": query.urlencode(),
            "monitor_tab": "series",
        },
    )


@policy(Action.MONITOR_DRILLDOWN, Activity.MONITOR)
def drilldown(request: HttpRequest) -> HttpResponse:
    """The cases behind one figure of one of the user's own LVVs (personal data: logged)."""
    user = request.user
    form = DrilldownForm(request.GET)
    if not form.is_valid():
        raise Http404(_("Deze pagina bestaat niet."))
    day = form.cleaned_data["peildatum"]
    figure = form.cleaned_data["cijfer"]
    lvv = Lvv.objects.filter(code=form.cleaned_data["lvv"].strip().upper()).first()
    if lvv is None or not may_in_lvv(user, Action.MONITOR_DRILLDOWN, lvv):
        log_denied(user, activity=Activity.MONITOR, resource=request.get_full_path())
        raise CaseNotFound()
    ids = figure_case_ids(
        day, lvv.code, figure, cases=cases_visible_to(user, Action.MONITOR_DRILLDOWN)
    )
    page = Paginator(ids, DRILLDOWN_PAGE_SIZE).get_page(form.cleaned_data.get("pagina") or 1)
    cases = list(
        Case.objects.filter(pk__in=list(page.object_list))
        .select_related("person", "lvv")
        .order_by("pk")
    )
    log_cases_read(
        user,
        cases,
        activity=Activity.MONITOR,
        resource=f"monitor:{lvv.code}:{figure}:{day.isoformat()}"[:100],
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    categories = dict(OutflowCategory.choices)
    return render(
        request,
        "monitor/drilldown.html",
        {
            "lvv": lvv,
            "reference_date": day,
            "figure": figure,
            "figure_label": figure_labels()[figure],
            "count": len(ids),
            "persons": figure in ("sheltered", "present"),
            "page": page,
            "cases": [
                {"case": case, "outflow_label": categories.get(case.outflow_category, "")}
                for case in cases
            ],
            "query": query.urlencode(),
            "back": reverse("monitor:figures") + "?" + urlencode({"peildatum": day.isoformat()}),
            "monitor_tab": "figures",
        },
    )
