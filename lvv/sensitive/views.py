from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.access.decorators import policy
from lvv.access.policy import Action, may
from lvv.access.selectors import access_case
from lvv.cases.services import ConflictError
from lvv.inputs import InputLimitsMixin
from lvv.sensitive.models import SectionKind, SensitiveSection
from lvv.sensitive.selectors import current_sections
from lvv.sensitive.services import sensitive_section_record


class SectionForm(InputLimitsMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort gegeven"), choices=SectionKind.choices)
    content = forms.CharField(
        label=gettext_lazy("Inhoud"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": gettext_lazy("Vul de inhoud in.")},
    )
    # The newest section on the page when it was opened: a version recorded after it by
    # someone else is shown before this one is stored (see ``sensitive_section_record``).
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


def newest_section(case) -> int:
    return SensitiveSection.objects.filter(case=case).aggregate(top=Max("pk"))["top"] or 0


@policy(Action.SENSITIVE_VIEW)
def sections(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.SENSITIVE_VIEW)
    can_edit = may(request.user, Action.SENSITIVE_EDIT, case)
    form = None
    if can_edit:
        form = SectionForm(request.POST or None, initial={"seen": newest_section(case)})
    new_since = None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            sensitive_section_record(
                case=case,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                content=form.cleaned_data["content"],
                seen=form.cleaned_data["seen"],
            )
        except ConflictError as conflict:
            form.add_error(None, str(conflict))
            new_since = form.cleaned_data["seen"]
            data = form.data.copy()
            data["seen"] = str(newest_section(case))
            form.data = data
        else:
            messages.success(request, _("De nieuwe versie is vastgelegd."))
            return redirect("sensitive:sections", case_id=case.pk)
    context = {
        "case": case,
        "sections": [
            (SectionKind(kind).label, section)
            for kind, section in (current_sections(request.user, case) or {}).items()
        ],
        "form": form,
        "new_since": new_since,
    }
    return render(request, "sensitive/sections.html", context)
