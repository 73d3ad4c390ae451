"""Recording the outcome of one agenda item, and the MRT referral it may lead to."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.access.selectors import access_case
from lvv.cases.services import ConflictError
from lvv.cases.workflow import TransitionRefused
from lvv.meetings import services
from lvv.meetings.forms import (
    ActionItemFormSet,
    MrtReferralForm,
    OutcomeForm,
    error_entries,
)
from lvv.meetings.models import AgendaReason
from lvv.meetings.selectors.meetings import (
    last_positions,
    organisation_names,
    partner_organisations,
)
from lvv.meetings.selectors.minutes import item_views
from lvv.meetings.views.conflict import prepare_resubmit
from lvv.meetings.views.meetings import _item
from lvv.processing_log.activities import Activity


def _outcome_input(form: OutcomeForm, formset) -> services.OutcomeInput:
    data = form.cleaned_data
    actions = tuple(
        services.ActionItemInput(
            description=row["description"].strip(),
            owner_organisation=row["owner_organisation"],
            due_date=row.get("due_date"),
        )
        for row in (f.cleaned_data for f in formset.forms)
        if row and (row.get("description") or "").strip()
    )
    return services.OutcomeInput(
        perspective=data["perspective"],
        scenario=data["scenario"],
        scenario_change_reason=data["scenario_change_reason"],
        phase=data["phase"],
        cooperation=data["cooperation"],
        is_review=data["is_review"],
        agreed=data["agreed"],
        dissenting_organisations=tuple(data["dissenting_organisations"])
        if data["agreed"] is False
        else (),
        positions=form.positions(),
        notes=data["notes"],
        action_items=actions,
    )


def _item_view(request, meeting, item):
    for view in item_views(request.user, meeting):
        if view.item.pk == item.pk:
            return view
    return None


@policy(Action.LSO_DISCUSS, Activity.LSO_CASE_DISCUSSION)
def item_outcome(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = _item(request, meeting_id, item_id)
    case = item.case
    partners = partner_organisations(meeting.lvv)
    form = OutcomeForm(
        request.POST or None,
        case=case,
        partners=partners,
        review_due=AgendaReason.REVIEW_DUE in item.reasons,
    )
    formset = ActionItemFormSet(
        request.POST or None, prefix="actie", form_kwargs={"partners": partners}
    )
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.outcome_record(
                item=item,
                actor=request.user,
                outcome=_outcome_input(form, formset),
                expected_version=form.cleaned_data["expected_version"],
            )
        except TransitionRefused as refused:
            refusals = _at_fields(form, refused)
        except ConflictError:
            refusals = prepare_resubmit(form, case)
        else:
            if form.cleaned_data["agreed"] is False:
                messages.warning(
                    request,
                    _(
                        "De bespreking is vastgelegd. De partners zijn het niet eens: u kunt "
                        "de casus nu aan het MRT voorleggen."
                    ),
                )
                return redirect("meetings:item_mrt_refer", meeting.pk, item.pk)
            messages.success(request, _("De bespreking is vastgelegd."))
            return redirect("meetings:meeting_detail", meeting.pk)
    errors = error_entries(form, formset) if form.is_bound else []
    return render(
        request,
        "meetings/item_outcome.html",
        {
            "meeting": meeting,
            "item": item,
            "view": _item_view(request, meeting, item),
            "case": case,
            "form": form,
            "formset": formset,
            "errors": errors,
            "refusals": refusals,
            "in_future": meeting.date > timezone.localdate(),
            "open_actions": list(
                case.action_items.filter(done_date__isnull=True).select_related(
                    "owner_organisation"
                )
            ),
        },
        status=400 if (errors or refusals) else 200,
    )


def _draft_question(dissenting: list[str]) -> str:
    if dissenting:
        return _(
            "De partners in het LSO zijn het niet eens over de bestendige oplossing voor deze "
            "casus (niet eens: %(partners)s). Welke oplossing adviseert het MRT?"
        ) % {"partners": ", ".join(dissenting)}
    return _("De casus zit vast. Welke bestendige oplossing adviseert het MRT?")


def _at_fields(form, refused: TransitionRefused) -> list[str]:
    """A reason that names a field of ``form`` is shown at that field (the transition table
    says which field a rule is about); the others are returned for the summary."""
    rest = []
    for reason in refused.reasons:
        name = getattr(reason, "field", "")
        if name and name in form.fields:
            form.add_error(name, str(reason))
        else:
            rest.append(str(reason))
    return rest


def _refer(request, *, case, lvv, positions, dissenting, default_date, item=None, back_url):
    partners = partner_organisations(lvv)
    form = MrtReferralForm(
        request.POST or None,
        case=case,
        partners=partners,
        positions=positions,
        default_date=default_date,
        initial={"question": _draft_question(dissenting)},
    )
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.mrt_referral_record(
                case=case,
                actor=request.user,
                effective_date=form.cleaned_data["effective_date"],
                question=form.cleaned_data["question"],
                positions=form.positions(),
                item=item,
                expected_version=form.cleaned_data["expected_version"],
            )
        except TransitionRefused as refused:
            refusals = refused.reasons
        except ConflictError:
            refusals = prepare_resubmit(form, case)
        else:
            messages.success(request, _("De casus is aan het MRT voorgelegd."))
            return redirect(back_url)
    errors = error_entries(form) if form.is_bound else []
    return render(
        request,
        "meetings/mrt_refer.html",
        {
            "case": case,
            "item": item,
            "form": form,
            "errors": errors,
            "refusals": refusals,
            "back_url": back_url,
        },
        status=400 if (errors or refusals) else 200,
    )


@policy(Action.MRT_REFER, Activity.MRT_REVIEW)
def item_mrt_refer(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = _item(request, meeting_id, item_id, Action.MRT_REFER)
    names = organisation_names()
    today = timezone.localdate()
    return _refer(
        request,
        case=item.case,
        lvv=meeting.lvv,
        positions=item.positions,
        dissenting=[names.get(code, code) for code in item.dissenting_organisations],
        default_date=min(meeting.date, today),
        item=item,
        back_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
    )


@policy(Action.MRT_REFER, Activity.MRT_REVIEW)
def case_mrt_refer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.MRT_REFER, activity=Activity.MRT_REVIEW)
    return _refer(
        request,
        case=case,
        lvv=case.lvv,
        positions=last_positions(case),
        dissenting=[],
        default_date=timezone.localdate(),
        back_url=reverse("web:case_detail", args=[case.pk]),
    )
