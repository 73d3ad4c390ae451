"""Handing a case over to another LVV: proposal by the case director, decision by the
receiving LVV's case director."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action, may, may_in_lvv
from lvv.access.selectors import CaseNotFound, access_case, log_denied
from lvv.cases import services
from lvv.cases.models import CaseTransfer, TransferStatus
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record
from lvv.web.forms.actions import TransferDecideForm, TransferProposeForm
from lvv.web.service_call import call_service, require_exception_grant


@policy(Action.OUTFLOW_REGISTER, Activity.OUTFLOW)
def transfer_propose(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.OUTFLOW_REGISTER, activity=Activity.OUTFLOW)
    form = TransferProposeForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, _result = call_service(
            form,
            lambda: services.transfer_propose(
                actor=request.user,
                case=case,
                to_lvv=data["to_lvv"],
                motivation=data["motivation"],
                expected_version=data["version"],
            ),
            case=case,
        )
        if done:
            messages.success(
                request,
                _("Het voorstel tot overdracht aan LVV %(lvv)s is verstuurd.")
                % {"lvv": data["to_lvv"].name},
            )
            return redirect("web:case_detail", case.pk)
    return render(
        request,
        "web/case_action.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "spec": {
                "title": _("Overdragen aan een andere LVV"),
                "intro": _(
                    "Een regisseur van de ontvangende LVV accepteert of wijst af. Bij "
                    "acceptatie eindigt het verblijf hier (uitstroom 'overig') en begint een "
                    "nieuwe casus in de ontvangende LVV."
                ),
            },
        },
    )


@policy(Action.ADMISSION_DECIDE, Activity.REFERRAL)
def transfer_decide(request: HttpRequest, transfer_id: int) -> HttpResponse:
    user = request.user
    transfer = (
        CaseTransfer.objects.select_related("case__person", "case__lvv", "from_lvv", "to_lvv")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None or not may_in_lvv(user, Action.ADMISSION_DECIDE, transfer.to_lvv):
        log_denied(user, activity=Activity.REFERRAL, resource=f"transfer:{transfer_id}")
        raise CaseNotFound()
    processing_record(
        actor=user,
        operation=Operation.READ,
        activity=Activity.REFERRAL,
        subject_pseudonyms=[transfer.case.person.pseudonym],
        resource=f"transfer:{transfer.pk}",
    )
    form = TransferDecideForm(request.POST or None, to_lvv=transfer.to_lvv)
    if request.method == "POST":
        if transfer.status != TransferStatus.PROPOSED:
            raise Http404(_("Over dit voorstel is al besloten."))
        if form.is_valid():
            data = form.cleaned_data
            if data["decision"] == TransferDecideForm.ACCEPT:
                done, new_case = call_service(
                    form,
                    lambda: (
                        require_exception_grant(user, data["exception_reason"], lvv=transfer.to_lvv)
                        or services.transfer_accept(
                            actor=user,
                            transfer=transfer,
                            effective_date=data["effective_date"],
                            guiding_organisation=data["guiding_organisation"],
                            exception_reason=data["exception_reason"],
                            reason=data["reason"],
                        )
                    ),
                )
            else:
                done, _result = call_service(
                    form,
                    lambda: services.transfer_reject(
                        actor=user, transfer=transfer, reason=data["reason"]
                    ),
                )
                new_case = None
            if done:
                if new_case is not None:
                    messages.success(
                        request,
                        _("De overdracht is geaccepteerd; nieuwe casus %(ref)s.")
                        % {"ref": new_case.reference},
                    )
                    if may(user, Action.CASE_VIEW, new_case):
                        return redirect("web:case_detail", new_case.pk)
                else:
                    messages.success(request, _("Het voorstel tot overdracht is afgewezen."))
                return redirect("web:home")
    return render(request, "web/transfer_decide.html", {"transfer": transfer, "form": form})
