"""The worklist: what asks for this user's attention now."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lvv.access.decorators import authenticated
from lvv.access.policy import Action, may
from lvv.access.selectors import log_cases_read
from lvv.web.worklist import build_worklist


@authenticated
def home(request: HttpRequest) -> HttpResponse:
    worklist = None
    if may(request.user, Action.CASE_VIEW):
        worklist = build_worklist(request.user, timezone.localdate())
        log_cases_read(request.user, worklist.cases_shown(), resource="worklist")
    return render(
        request,
        "web/home.html",
        {
            "worklist": worklist,
            "may_refer": may(request.user, Action.REFERRAL_REGISTER),
        },
    )
