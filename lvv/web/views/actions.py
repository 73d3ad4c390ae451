"""Case actions: one form page per action, offered only when workflow and policy allow it.

Every action view re-checks the policy for this case (``access_case`` with the action's
policy), calls exactly one service with the version the form was read at, and on a refusal
shows the service's reasons in the error summary (HTTP 200, nothing stored).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.access.decorators import policy
from lvv.access.policy import EVENT_ACTION, Action, may
from lvv.access.selectors import CaseNotFound, access_case, log_denied
from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import Case
from lvv.cases.rules import AdmissionFacts
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import DossierPart, Phase
from lvv.cases.workflow import available
from lvv.web.forms import actions as forms
from lvv.web.forms.base import CaseActionForm
from lvv.web.service_call import call_service, require_exception_grant
from lvv.web.templatetags.lvv_web import datum

Perform = Callable[[Case, object, CaseActionForm], object]


@dataclass(frozen=True)
class ActionSpec:
    slug: str
    event_type: str
    action: Action
    form_class: type[CaseActionForm]
    title: str
    perform: Perform
    fixed: dict = field(default_factory=dict)  # payload fields this page fixes (``part``)
    intro: str = ""

    @property
    def url_name(self) -> str:
        return f"case_action_{self.slug.replace('-', '_')}"


def _common(case, user, form) -> dict:
    return {
        "case": case,
        "actor": user,
        "effective_date": form.cleaned_data["effective_date"],
        "expected_version": form.cleaned_data["version"],
    }


def _admission_check(case, user, form):
    data = form.cleaned_data
    facts = AdmissionFacts(
        entry_ban_years=data["entry_ban_years"],
        **{name: bool(data.get(name)) for name in forms.AdmissionCheckForm.fact_fields},
    )
    return services.admission_check(facts=facts, **_common(case, user, form))


def _admission_decide(case, user, form):
    data = form.cleaned_data
    require_exception_grant(user, data["exception_reason"], case=case)
    return services.admission_decide(
        outcome=data["outcome"],
        grounds=data["grounds"],
        exception_reason=data["exception_reason"],
        **_common(case, user, form),
    )


def _dossier_part(part: str) -> Perform:
    def perform(case, user, form):
        return services.dossier_part_deliver(
            part=part, summary=form.cleaned_data["summary"], **_common(case, user, form)
        )

    return perform


def _lso(case, user, form):
    data = form.cleaned_data
    return services.lso_discuss(
        perspective=data["perspective"],
        scenario=form.cleaned_data["scenario"],
        phase=data["phase"],
        cooperation=form.cleaned_data["cooperation"],
        agreed=data["agreed"],
        dissenting_organisations=data["dissenting_organisations"],
        notes=form.cleaned_data["notes"],
        **_common(case, user, form),
    )


ACTIONS: list[ActionSpec] = [
    ActionSpec(
        "toelatingstoets",
        EventType.ADMISSION_CHECKED,
        Action.ADMISSION_CHECK,
        forms.AdmissionCheckForm,
        gettext_lazy("Toelatingstoets uitvoeren"),
        _admission_check,
        intro=gettext_lazy(
            "Vink aan wat op de persoon van toepassing is. De toets noemt elke "
            "uitsluitingsgrond die volgt uit de landelijke regels en de instellingen van de LVV."
        ),
    ),
    ActionSpec(
        "besluit",
        EventType.ADMISSION_DECIDED,
        Action.ADMISSION_DECIDE,
        forms.AdmissionDecideForm,
        gettext_lazy("Besluit over toelating nemen"),
        _admission_decide,
        intro=gettext_lazy(
            "Een besluit onder mandaat namens de staatssecretaris. Tegen een afwijzing staat "
            "bezwaar open (6 weken)."
        ),
    ),
    ActionSpec(
        "intake",
        EventType.INTAKE_REGISTERED,
        Action.INTAKE_REGISTER,
        forms.DateOnlyForm,
        gettext_lazy("Intake registreren (start opvang)"),
        lambda case, user, form: services.intake_register(**_common(case, user, form)),
    ),
    ActionSpec(
        "dossier-opvragen",
        EventType.DOSSIER_REQUESTED,
        Action.DOSSIER_REQUEST,
        forms.DateOnlyForm,
        gettext_lazy("Dossier opvragen bij IND en DT&V"),
        lambda case, user, form: services.dossier_request(**_common(case, user, form)),
    ),
    ActionSpec(
        "dossier-ind",
        EventType.DOSSIER_PART_DELIVERED,
        Action.DOSSIER_DELIVER_IND,
        forms.DossierPartForm,
        gettext_lazy("IND-deel van het dossier leveren"),
        _dossier_part(DossierPart.IND),
        fixed={"part": DossierPart.IND},
    ),
    ActionSpec(
        "dossier-dtv",
        EventType.DOSSIER_PART_DELIVERED,
        Action.DOSSIER_DELIVER_DTV,
        forms.DossierPartForm,
        gettext_lazy("DT&V-deel van het dossier leveren"),
        _dossier_part(DossierPart.DTV),
        fixed={"part": DossierPart.DTV},
    ),
    ActionSpec(
        "lso-bespreking",
        EventType.LSO_DISCUSSED,
        Action.LSO_DISCUSS,
        forms.LsoDiscussForm,
        gettext_lazy("LSO-bespreking vastleggen"),
        _lso,
    ),
    ActionSpec(
        "fase",
        EventType.PHASE_CHANGED,
        Action.LSO_DISCUSS,
        forms.PhaseChangeForm,
        gettext_lazy("Naar de opvangfase"),
        lambda case, user, form: services.phase_change(
            phase=Phase.RECEPTION, reason=form.cleaned_data["reason"], **_common(case, user, form)
        ),
    ),
    ActionSpec(
        "kwartaalbespreking",
        EventType.REVIEW_HELD,
        Action.LSO_DISCUSS,
        forms.ReviewForm,
        gettext_lazy("Kwartaalbespreking vastleggen"),
        lambda case, user, form: services.review_hold(
            cooperation=form.cleaned_data["cooperation"],
            notes=form.cleaned_data["notes"],
            **_common(case, user, form),
        ),
    ),
    ActionSpec(
        "actie-toevoegen",
        EventType.ACTION_ITEM_ADDED,
        Action.ACTION_ITEM_ADD,
        forms.ActionItemAddForm,
        gettext_lazy("Actie toevoegen aan het plan van aanpak"),
        lambda case, user, form: services.action_item_add(
            description=form.cleaned_data["description"],
            owner_organisation=form.cleaned_data["owner_organisation"],
            due_date=form.cleaned_data["due_date"],
            **_common(case, user, form),
        ),
    ),
    ActionSpec(
        "mrt-voorleggen",
        EventType.MRT_REFERRED,
        Action.MRT_REFER,
        forms.MrtReferForm,
        gettext_lazy("Casus aan het MRT voorleggen"),
        lambda case, user, form: services.mrt_refer(
            question=form.cleaned_data["question"],
            positions=form.positions(),
            **_common(case, user, form),
        ),
    ),
    ActionSpec(
        "mrt-advies",
        EventType.MRT_ADVISED,
        Action.MRT_ADVISE,
        forms.MrtAdviseForm,
        gettext_lazy("MRT-advies vastleggen"),
        lambda case, user, form: services.mrt_advise(
            advice=form.cleaned_data["advice"], **_common(case, user, form)
        ),
    ),
    ActionSpec(
        "scenario",
        EventType.SCENARIO_CHANGED,
        Action.SCENARIO_CHANGE,
        forms.ScenarioChangeForm,
        gettext_lazy("Scenario wijzigen"),
        lambda case, user, form: services.scenario_change(
            scenario=form.cleaned_data["scenario"],
            reason=form.cleaned_data["reason"],
            **_common(case, user, form),
        ),
    ),
    ActionSpec(
        "uitstroom",
        EventType.OUTFLOW_REGISTERED,
        Action.OUTFLOW_REGISTER,
        forms.OutflowForm,
        gettext_lazy("Uitstroom registreren"),
        lambda case, user, form: services.outflow_register(
            category=form.cleaned_data["category"],
            notes=form.cleaned_data["notes"],
            **_common(case, user, form),
        ),
        intro=gettext_lazy(
            "Beëindiging tegen de wil van de persoon (gedwongen beëindiging) is een besluit "
            "onder mandaat; daartegen staat bezwaar open."
        ),
    ),
]


BY_SLUG = {spec.slug: spec for spec in ACTIONS}


def available_actions(user, case: Case, state: CaseState) -> list[dict]:
    """The actions this user may take on this case now: workflow x policy, nothing else."""
    result = []
    for spec in ACTIONS:
        if not available(state, spec.event_type, **spec.fixed):
            continue
        if spec.event_type != EventType.DOSSIER_PART_DELIVERED:
            assert EVENT_ACTION[spec.event_type] == spec.action  # noqa: S101  # nosec B101  # one source
        if may(user, spec.action, case):
            result.append(
                {"title": spec.title, "url": reverse(f"web:{spec.url_name}", args=[case.pk])}
            )
    return result


def render_form(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


def _action_view(spec: ActionSpec):
    @policy(spec.action)
    def view(request: HttpRequest, case_id: int) -> HttpResponse:
        case = access_case(request.user, case_id, spec.action)
        form = spec.form_class(request.POST or None, case=case, user=request.user)
        state = case.to_state()
        possible = available(state, spec.event_type, **spec.fixed)
        if request.method == "POST":
            if form.is_valid():
                done, _result = call_service(
                    form, lambda: spec.perform(case, request.user, form), case=case
                )
                if done:
                    messages.success(request, _("Vastgelegd: %(what)s.") % {"what": spec.title})
                    return redirect(reverse("web:case_detail", args=[case.pk]) + "#tijdlijn")
        elif not possible:
            messages.warning(
                request,
                _("Deze handeling is nu niet mogelijk voor deze casus: %(what)s.")
                % {"what": spec.title},
            )
            return redirect("web:case_detail", case.pk)
        return render_form(
            request,
            "web/case_action.html",
            {"case": case, "person": case.person, "form": form, "spec": spec},
        )

    view.__name__ = f"case_action_{spec.slug.replace('-', '_')}"
    return view


@policy(Action.ACTION_ITEM_COMPLETE)
def action_item_complete(request: HttpRequest, case_id: int, number: int) -> HttpResponse:
    """Own organisation's items only (a case director: every item of the LVV)."""
    case = access_case(request.user, case_id, Action.CASE_VIEW)
    item = case.action_items.filter(number=number).first()
    if item is None:
        raise Http404(_("Deze actie bestaat niet."))
    if not may(
        request.user, Action.ACTION_ITEM_COMPLETE, case, item_owner=item.owner_organisation_id
    ):
        log_denied(
            request.user,
            activity=services._core.ACTIVITY_OF_EVENT[EventType.ACTION_ITEM_COMPLETED],
            resource=f"case:{case.pk}:action:{number}",
            subject=case.person.pseudonym,
        )
        raise CaseNotFound()
    form = forms.DateOnlyForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        done, _result = call_service(
            form,
            lambda: services.action_item_complete(
                case=case,
                actor=request.user,
                number=number,
                effective_date=form.cleaned_data["effective_date"],
                expected_version=form.cleaned_data["version"],
            ),
            case=case,
        )
        if done:
            messages.success(request, _("De actie is afgerond."))
            return redirect(reverse("web:case_detail", args=[case.pk]) + "#plan-van-aanpak")
    return render_form(
        request,
        "web/case_action.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "spec": {"title": _("Actie afronden"), "intro": item.description},
        },
    )


@policy(Action.EVENT_CORRECT)
def event_correct(request: HttpRequest, case_id: int, sequence: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.EVENT_CORRECT)
    event = case.events.filter(sequence=sequence).first()
    if event is None:
        raise Http404(_("Deze gebeurtenis bestaat niet."))
    form = forms.EventCorrectForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, _result = call_service(
            form,
            lambda: services.event_correct(
                case=case,
                actor=request.user,
                event=event,
                reason=form.cleaned_data["reason"],
                effective_date=data["new_date"],
                void=data["void"],
                expected_version=data["version"],
            ),
            case=case,
        )
        if done:
            messages.success(request, _("De correctie is vastgelegd."))
            return redirect(reverse("web:case_detail", args=[case.pk]) + "#tijdlijn")
    return render_form(
        request,
        "web/case_action.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "spec": {
                "title": _("Gebeurtenis corrigeren"),
                "intro": _("Te corrigeren: %(event)s van %(date)s (gebeurtenis %(n)d).")
                % {
                    "event": event.get_type_display(),
                    "date": datum(event.effective_date),
                    "n": event.sequence,
                },
            },
        },
    )


def urlpatterns() -> list:
    patterns = [
        path(f"casussen/<int:case_id>/{spec.slug}/", _action_view(spec), name=spec.url_name)
        for spec in ACTIONS
    ]
    patterns += [
        path(
            "casussen/<int:case_id>/acties/<int:number>/afronden/",
            action_item_complete,
            name="action_item_complete",
        ),
        path(
            "casussen/<int:case_id>/gebeurtenissen/<int:sequence>/corrigeren/",
            event_correct,
            name="event_correct",
        ),
    ]
    return patterns
