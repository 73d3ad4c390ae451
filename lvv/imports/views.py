"""The caseload import in the browser: the same all-or-nothing import as ``lvv import-caseload``.

A case director uploads a CSV or XLSX file for the LVV(s) they direct cases for. The file goes
through the very same parser and service as the command (``read_bytes``, ``caseload_import``):
every row is checked first, and one wrong row means nothing is stored. A row for an LVV the
director does not work for is one of those errors. The report lists every problem as line,
column and reason - never a cell's value, so no V-number appears on the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lvv.access.decorators import policy
from lvv.access.policy import Action, may_in_lvv
from lvv.imports.forms import CaseloadUploadForm
from lvv.imports.parser import COLUMNS, FileRefused, read_bytes
from lvv.imports.services import ImportRefused, caseload_import
from lvv.organisations.models import Lvv
from lvv.processing_log.activities import Activity

SESSION_RESULT = "lvv_import_result"
SHOWN_ERRORS = 1000


def _import_lvvs(user) -> list[Lvv]:
    return [
        lvv
        for lvv in Lvv.objects.filter(pk__in=user.lvvs.values("pk")).order_by("code")
        if may_in_lvv(user, Action.CASELOAD_IMPORT, lvv)
    ]


@policy(Action.CASELOAD_IMPORT, Activity.CASELOAD_IMPORT)
def caseload_import_view(request: HttpRequest) -> HttpResponse:
    post = request.method == "POST"
    form = CaseloadUploadForm(request.POST, request.FILES) if post else CaseloadUploadForm()
    errors = []
    if post and form.is_valid():
        upload = form.cleaned_data["bestand"]
        try:
            content = b"".join(upload.chunks())
            result = caseload_import(read_bytes(content, upload.name), actor=request.user)
        except (FileRefused, ImportRefused) as exc:
            errors = list(exc.errors)
            form.add_error(
                "bestand",
                ngettext(
                    "Het bestand bevat %(count)s fout; er is niets opgeslagen.",
                    "Het bestand bevat %(count)s fouten; er is niets opgeslagen.",
                    len(errors),
                )
                % {"count": len(errors)},
            )
        else:
            # Counts only (no personal data), shown once on the next page (post/redirect/get).
            request.session[SESSION_RESULT] = {
                "rows": result.rows,
                "persons_created": result.persons_created,
                "stays_created": result.stays_created,
                "stays_extended": result.stays_extended,
                "events_added": result.events_added,
                "stays_unchanged": result.stays_unchanged,
            }
            messages.success(request, _("De import is voltooid."))
            return redirect("imports:caseload_import")
    return render(
        request,
        "imports/caseload_import.html",
        {
            "form": form,
            "errors": errors[:SHOWN_ERRORS],
            "error_count": len(errors),
            "errors_hidden": max(0, len(errors) - SHOWN_ERRORS),
            "result": request.session.pop(SESSION_RESULT, None)
            if request.method == "GET"
            else None,
            "lvvs": _import_lvvs(request.user),
            "columns": COLUMNS,
        },
    )
