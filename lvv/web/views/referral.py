"""Registering a referral, with the duplicate check before a new person is created."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action, may, may_in_lvv
from lvv.cases import services
from lvv.cases.services import TransitionRefused
from lvv.organisations.models import Lvv
from lvv.processing_log.activities import Activity
from lvv.web.duplicates import DuplicateCheck, duplicate_check
from lvv.web.forms.referral import NEW_PERSON, ReferralForm


def referral_lvvs(user):
    ids = [lvv.pk for lvv in user.lvvs.all() if may_in_lvv(user, Action.REFERRAL_REGISTER, lvv)]
    return Lvv.objects.filter(pk__in=ids).order_by("name")


def _candidates(user, data) -> DuplicateCheck:
    return duplicate_check(
        user,
        v_number=data.get("v_number") or "",
        local_reference=data.get("local_reference") or "",
        given_names=data.get("given_names") or "",
        family_name=data.get("family_name") or "",
        birth_year=data.get("birth_year"),
        nationalities=data.get("nationalities") or [],
    )


def _person_kwargs(data) -> dict:
    return {
        "v_number": data.get("v_number") or "",
        "local_reference": data.get("local_reference") or "",
        "given_names": data.get("given_names") or "",
        "family_name": data.get("family_name") or "",
        "birth_year": data.get("birth_year"),
        "sex": data.get("sex"),
        "nationalities": data.get("nationalities") or [],
    }


def sees_all_cases_of(user, lvv) -> bool:
    """Does the user see a case of this LVV whoever guides it (a counsellor does not)?"""
    return may_in_lvv(user, Action.CASE_VIEW, lvv, guiding_organisation_id=None)


def stays_in_sight(user, lvv, guiding_organisation) -> bool:
    """Would the user still see a case of ``lvv`` guided by ``guiding_organisation``?"""
    return may_in_lvv(
        user,
        Action.CASE_VIEW,
        lvv,
        guiding_organisation_id=getattr(guiding_organisation, "pk", None),
    )


@policy(Action.REFERRAL_REGISTER, Activity.REFERRAL)
def referral_register(request: HttpRequest) -> HttpResponse:
    user = request.user
    lvvs = referral_lvvs(user)
    own = user.organisation if not any(sees_all_cases_of(user, lvv) for lvv in lvvs) else None
    form = ReferralForm(request.POST or None, lvvs=lvvs, own_organisation=own)
    check = DuplicateCheck([], [])
    needs_choice = False
    out_of_sight = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = data["person_choice"]
        check = _candidates(user, data)  # through the policy, logged
        chosen = None
        if choice and choice != NEW_PERSON:
            # Only a candidate inside the user's scope can be chosen.
            chosen = next((c.person for c in check.within if str(c.person.pk) == choice), None)
            if chosen is None:
                form.add_error(None, _("Kies een van de gevonden personen of een nieuwe persoon."))
        needs_choice = bool(check) and not choice
        out_of_sight = not stays_in_sight(user, data["lvv"], data["guiding_organisation"])
        confirmed = not out_of_sight or data["out_of_sight_confirmed"]
        if not needs_choice and confirmed and not form.errors:
            try:
                with transaction.atomic():
                    person = chosen or services.person_create(actor=user, **_person_kwargs(data))
                    case = services.referral_register(
                        actor=user,
                        person=person,
                        lvv=data["lvv"],
                        effective_date=data["effective_date"],
                        referred_by=data["referred_by"],
                        guiding_organisation=data["guiding_organisation"],
                    )
            except TransitionRefused as refused:
                for reason in refused.reasons:
                    form.add_error(None, str(reason))
            except ValidationError as invalid:
                for name, errors in invalid.message_dict.items():
                    target = name if name in form.fields else None
                    for error in errors:
                        form.add_error(target, error)
            else:
                messages.success(
                    request,
                    _("De aanmelding is geregistreerd als casus %(ref)s.")
                    % {"ref": case.reference},
                )
                if may(user, Action.CASE_VIEW, case):
                    return redirect("web:case_detail", case.pk)
                messages.info(
                    request,
                    _(
                        "U kunt deze casus niet inzien: uw organisatie begeleidt hem niet. De "
                        "regisseur van de LVV ziet de aanmelding op de werkvoorraad."
                    ),
                )
                return redirect("web:home")
    return render(
        request,
        "web/referral.html",
        {
            "form": form,
            "candidates": check.within,
            "outside_matches": check.outside,
            "any_match": bool(check),
            "needs_choice": needs_choice,
            "out_of_sight": out_of_sight,
            "own_organisation": user.organisation,
            "new_person": NEW_PERSON,
        },
    )
