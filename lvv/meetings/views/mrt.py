"""The MRT members' worklist and their advice; partners' requests to discuss a case."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.access.selectors import CaseNotFound, access_case, log_cases_read
from lvv.cases.services import ConflictError
from lvv.cases.workflow import TransitionRefused
from lvv.meetings import services
from lvv.meetings.forms import DiscussionRequestForm, MrtAdviceForm, error_entries
from lvv.meetings.selectors.meetings import latest_referrals, mrt_worklist, organisation_names
from lvv.meetings.views.conflict import prepare_resubmit
from lvv.processing_log.activities import Activity

MRT = Activity.MRT_REVIEW


def _referral_view(case, event, names):
    data = event.data if event else {}
    return {
        "case": case,
        "question": data.get("question", ""),
        "positions": [
            (names.get(code, code), text) for code, text in (data.get("positions") or {}).items()
        ],
        "referred_on": event.effective_date if event else case.mrt_referral_date,
    }


@policy(Action.MRT_ADVISE, MRT)
def mrt_list(request: HttpRequest) -> HttpResponse:
    cases = list(mrt_worklist(request.user))
    referrals = latest_referrals(cases)
    names = organisation_names()
    log_cases_read(request.user, cases, activity=MRT, resource="mrt-worklist")
    return render(
        request,
        "meetings/mrt_list.html",
        {"rows": [_referral_view(case, referrals.get(case.pk), names) for case in cases]},
    )


@policy(Action.MRT_ADVISE, MRT)
def mrt_advice(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.MRT_ADVISE, activity=MRT)
    referral = latest_referrals([case]).get(case.pk)
    form = MrtAdviceForm(request.POST or None, case=case)
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            _event, item = services.mrt_advice_record(
                case=case,
                actor=request.user,
                effective_date=form.cleaned_data["effective_date"],
                advice=form.cleaned_data["advice"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except TransitionRefused as refused:
            refusals = refused.reasons
        except ConflictError:
            refusals = prepare_resubmit(form, case)
        else:
            if item is not None:
                messages.success(
                    request,
                    _("Het advies is vastgelegd en staat op de agenda van het LSO van %(date)s.")
                    % {"date": date_format(item.meeting.date, "j F Y")},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Het advies is vastgelegd. Het komt op de agenda van het eerstvolgende "
                        "LSO-overleg zodra dat gepland is."
                    ),
                )
            return redirect("meetings:mrt_list")
    errors = error_entries(form) if form.is_bound else []
    return render(
        request,
        "meetings/mrt_advice.html",
        {
            "row": _referral_view(case, referral, organisation_names()),
            "case": case,
            "form": form,
            "errors": errors,
            "refusals": refusals,
        },
        status=400 if (errors or refusals) else 200,
    )


@policy(Action.LSO_CONTRIBUTE, Activity.LSO_CASE_DISCUSSION)
def discussion_request(request: HttpRequest, case_id: int | None = None) -> HttpResponse:
    initial = {}
    if case_id is not None and request.method != "POST":
        case = access_case(
            request.user, case_id, Action.LSO_CONTRIBUTE, activity=Activity.LSO_CASE_DISCUSSION
        )
        initial["reference"] = case.reference
    form = DiscussionRequestForm(request.POST or None, initial=initial)
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            case = access_case(
                request.user,
                form.cleaned_data["reference"],
                Action.LSO_CONTRIBUTE,
                activity=Activity.LSO_CASE_DISCUSSION,
            )
        except CaseNotFound:
            form.add_error(
                "reference", _("Deze casus bestaat niet of u heeft er geen toegang toe.")
            )
        else:
            try:
                services.discussion_request_create(
                    case=case, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except TransitionRefused as refused:
                refusals = refused.reasons
            else:
                messages.success(
                    request,
                    _("Uw verzoek is vastgelegd; de casus komt op de agenda van het volgende LSO."),
                )
                return redirect("meetings:meeting_list")
    errors = error_entries(form) if form.is_bound else []
    return render(
        request,
        "meetings/discussion_request.html",
        {"form": form, "errors": errors, "refusals": refusals},
        status=400 if (errors or refusals) else 200,
    )
