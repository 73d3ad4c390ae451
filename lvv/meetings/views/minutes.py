"""The minutes of a meeting: HTML print view and PDF, rendered per reader."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.access.selectors import log_cases_read
from lvv.meetings import pdf
from lvv.meetings.selectors.meetings import access_meeting
from lvv.meetings.selectors.minutes import item_views
from lvv.processing_log.activities import Activity, Operation

LSO = Activity.LSO_CASE_DISCUSSION


def _context(request, meeting) -> dict:
    views = item_views(request.user, meeting)
    return {
        "meeting": meeting,
        "items": views,
        "organisations": list(meeting.attending_organisations.order_by("kind", "code")),
        "attendees": list(meeting.attendees.select_related("organisation")),
        "reader": request.user,
    }


@policy(Action.LSO_CONTRIBUTE, LSO)
def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    context = _context(request, meeting)
    log_cases_read(
        request.user,
        [view.case for view in context["items"]],
        activity=LSO,
        resource=f"minutes:{meeting.pk}",
    )
    context["pdf_available"] = pdf.pdf_available()
    context["pdf_unavailable_message"] = (
        "" if context["pdf_available"] else pdf.unavailable_message()
    )
    return render(request, "meetings/minutes.html", context)


@policy(Action.LSO_CONTRIBUTE, LSO)
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    context = _context(request, meeting)
    html = render_to_string("meetings/minutes_pdf.html", context, request=request)
    try:
        content = pdf.render_pdf(html, Path(finders.find("meetings/minutes-pdf.css")))
    except pdf.PdfUnavailable as missing:
        return render(
            request,
            "meetings/pdf_unavailable.html",
            {"meeting": meeting, "message": str(missing)},
            status=503,
        )
    log_cases_read(
        request.user,
        [view.case for view in context["items"]],
        activity=LSO,
        operation=Operation.EXPORT,
        resource=f"minutes-pdf:{meeting.pk}",
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"notulen-lso-{meeting.lvv.code.lower()}-{meeting.date.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
