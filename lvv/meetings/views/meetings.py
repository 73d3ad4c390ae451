"""Meeting list, planning a meeting, the agenda page and its editing by the case director."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lvv.access.decorators import policy
from lvv.access.policy import Action, may_in_lvv
from lvv.access.selectors import CaseNotFound, access_case, log_cases_read
from lvv.cases.workflow import TransitionRefused
from lvv.meetings import services
from lvv.meetings.forms import AttendanceForm, CaseReferenceForm, MeetingForm, error_entries
from lvv.meetings.models import AgendaItem, MeetingProgress
from lvv.meetings.selectors.meetings import (
    access_meeting,
    lvvs_for,
    meetings_visible_to,
    partner_organisations,
)
from lvv.meetings.selectors.minutes import item_views
from lvv.processing_log.activities import Activity

LSO = Activity.LSO_CASE_DISCUSSION


def may_direct(user, meeting) -> bool:
    return may_in_lvv(user, Action.LSO_DISCUSS, meeting.lvv)


@policy(Action.LSO_CONTRIBUTE, LSO)
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Planned, in progress (their day has come, not closed yet) and held: three tables."""
    today = timezone.localdate()
    meetings = list(
        meetings_visible_to(request.user).select_related("lvv").order_by("-date", "lvv__code")
    )
    by_progress: dict[str, list] = {progress: [] for progress in MeetingProgress}
    for meeting in meetings:
        by_progress[meeting.progress_on(today)].append(meeting)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "planned": sorted(by_progress[MeetingProgress.PLANNED], key=lambda m: m.date),
            "in_progress": sorted(by_progress[MeetingProgress.IN_PROGRESS], key=lambda m: m.date),
            "held": by_progress[MeetingProgress.HELD],
            "may_plan": bool(lvvs_for(request.user, Action.LSO_DISCUSS)),
        },
    )


@policy(Action.LSO_DISCUSS, LSO)
def meeting_create(request: HttpRequest) -> HttpResponse:
    lvvs = lvvs_for(request.user, Action.LSO_DISCUSS)
    form = MeetingForm(request.POST or None, lvvs=lvvs)
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, lvv=form.cleaned_data["lvv"], date=form.cleaned_data["date"]
            )
        except TransitionRefused as refused:
            refusals = refused.reasons
        else:
            messages.success(request, _("Het overleg is gepland; de agenda is voorgesteld."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "errors": error_entries(form) if form.is_bound else [],
            "refusals": refusals,
        },
    )


def _detail(request, meeting, *, add_form=None, refusals=(), status=200) -> HttpResponse:
    views = item_views(request.user, meeting)
    log_cases_read(
        request.user,
        [view.case for view in views],
        activity=LSO,
        resource=f"meeting:{meeting.pk}",
    )
    directing = may_direct(request.user, meeting)
    add_form = add_form or CaseReferenceForm()
    progress = meeting.progress
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": views,
            "directing": directing,
            "planned": not meeting.is_held,
            "progress": progress,
            "may_close": directing and progress == MeetingProgress.IN_PROGRESS,
            "organisations": list(meeting.attending_organisations.order_by("kind", "code")),
            "attendees": list(meeting.attendees.select_related("organisation")),
            "add_form": add_form,
            "errors": error_entries(add_form) if add_form.is_bound else [],
            "refusals": list(refusals),
            "in_future": meeting.date > timezone.localdate(),
        },
        status=status,
    )


@policy(Action.LSO_CONTRIBUTE, LSO)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    return _detail(request, meeting)


@policy(Action.LSO_DISCUSS, LSO)
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, Action.LSO_DISCUSS)
    partners = partner_organisations(meeting.lvv)
    initial = {
        "organisations": list(meeting.attending_organisations.all()),
        "attendees": list(meeting.attendees.all()),
    }
    form = AttendanceForm(request.POST or None, initial=initial, meeting=meeting, partners=partners)
    if request.method == "POST" and form.is_valid():
        services.meeting_set_attendance(
            meeting=meeting,
            actor=request.user,
            organisations=form.cleaned_data["organisations"],
            attendees=form.cleaned_data["attendees"],
        )
        messages.success(request, _("De aanwezigheid is opgeslagen."))
        return redirect("meetings:meeting_detail", meeting.pk)
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "form": form, "errors": error_entries(form) if form.is_bound else []},
    )


@policy(Action.LSO_DISCUSS, LSO)
@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, Action.LSO_DISCUSS)
    form = CaseReferenceForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, add_form=form, status=400)
    try:
        case = access_case(
            request.user, form.cleaned_data["reference"], Action.LSO_DISCUSS, activity=LSO
        )
    except CaseNotFound:
        form.add_error("reference", _("Deze casus bestaat niet of u heeft er geen toegang toe."))
        return _detail(request, meeting, add_form=form, status=400)
    try:
        services.agenda_add_case(meeting=meeting, case=case, actor=request.user)
    except TransitionRefused as refused:
        return _detail(request, meeting, add_form=form, refusals=refused.reasons, status=400)
    messages.success(request, _("De casus staat op de agenda."))
    return redirect("meetings:meeting_detail", meeting.pk)


@policy(Action.LSO_DISCUSS, LSO)
@require_POST
def agenda_refresh(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, Action.LSO_DISCUSS)
    added = services.agenda_sync(meeting=meeting, actor=request.user)
    if added:
        message = ngettext(
            "De agenda is bijgewerkt: %(count)s casus toegevoegd.",
            "De agenda is bijgewerkt: %(count)s casussen toegevoegd.",
            len(added),
        ) % {"count": len(added)}
    else:
        message = _("De agenda is bijgewerkt: geen nieuwe casussen.")
    messages.success(request, message)
    return redirect("meetings:meeting_detail", meeting.pk)


def _item(request, meeting_id: int, item_id: int, action: Action = Action.LSO_DISCUSS):
    meeting = access_meeting(request.user, meeting_id, action)
    item = get_object_or_404(AgendaItem.objects.select_related("case"), meeting=meeting, pk=item_id)
    case = access_case(request.user, item.case_id, action, activity=LSO)
    item.case = case
    item.meeting = meeting
    return meeting, item


@policy(Action.LSO_DISCUSS, LSO)
@require_POST
def agenda_item_remove(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = _item(request, meeting_id, item_id)
    try:
        services.agenda_remove_item(item=item, actor=request.user)
    except TransitionRefused as refused:
        return _detail(request, meeting, refusals=refused.reasons, status=400)
    messages.success(request, _("Het agendapunt is van de agenda gehaald."))
    return redirect("meetings:meeting_detail", meeting.pk)


@policy(Action.LSO_DISCUSS, LSO)
@require_POST
def agenda_item_move(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = _item(request, meeting_id, item_id)
    direction = "up" if request.POST.get("richting") == "omhoog" else "down"
    services.agenda_move_item(item=item, actor=request.user, direction=direction)
    return redirect(reverse("meetings:meeting_detail", args=[meeting.pk]) + f"#punt-{item.pk}")


@policy(Action.LSO_DISCUSS, LSO)
@require_POST
def meeting_close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The chair closes the meeting: held, agenda and outcomes fixed."""
    meeting = access_meeting(request.user, meeting_id, Action.LSO_DISCUSS)
    try:
        services.meeting_close(meeting=meeting, actor=request.user)
    except TransitionRefused as refused:
        return _detail(request, meeting, refusals=refused.reasons, status=400)
    messages.success(
        request, _("Het overleg is afgesloten; de agenda en de uitkomsten liggen nu vast.")
    )
    return redirect("meetings:meeting_detail", meeting.pk)
