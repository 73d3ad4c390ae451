"""Merging two person records that turn out to be the same person (case director)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.access.selectors import CaseNotFound, access_case
from lvv.cases import services
from lvv.web.forms.actions import PersonMergeForm
from lvv.web.service_call import call_service


@policy(Action.EVENT_CORRECT)
def person_merge(request: HttpRequest, case_id: int) -> HttpResponse:
    """Both cases must be within the director's reach (``event.correct`` on each)."""
    case = access_case(request.user, case_id, Action.EVENT_CORRECT)
    form = PersonMergeForm(request.POST or None)
    other = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            other = access_case(request.user, data["other_case"], Action.EVENT_CORRECT)
        except CaseNotFound:
            form.add_error(
                "other_case", _("Deze casus bestaat niet of u heeft er geen toegang toe.")
            )
        else:
            keep, remove = case.person, other.person
            if data["keep"] == PersonMergeForm.KEEP_OTHER:
                keep, remove = remove, keep
            done, _result = call_service(
                form,
                lambda: services.person_merge(
                    actor=request.user, keep=keep, remove=remove, reason=data["reason"]
                ),
            )
            if done:
                messages.success(request, _("De persoonsregistraties zijn samengevoegd."))
                return redirect("web:case_detail", case.pk)
    return render(
        request,
        "web/case_action.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "spec": {
                "title": _("Dubbele persoonsregistratie samenvoegen"),
                "intro": _(
                    "Gebruik dit als twee persoonsregistraties dezelfde persoon zijn. De "
                    "casussen van de ene persoon gaan naar de andere; een persoon houdt ten "
                    "hoogste één lopende casus. Dit wordt vastgelegd in de tijdlijn van elke "
                    "verplaatste casus en in het verwerkingenlogboek."
                ),
            },
        },
    )
