"""The functional administration (/beheer/): accounts, LVV settings, organisations, the log.

Dutch pages in the style of the rest (NL Design System), behind the policy's
``administration`` action (and, like every role that needs it, a verified second factor).
Administrators never see case content, never see or set a password, and cannot change their
own access; the rules live in ``lvv.access.services``, every change lands in the
append-only administration log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from lvv.access import services
from lvv.access.decorators import policy
from lvv.access.models import AdministrationKind, AdministrationLogEntry, User
from lvv.access.policy import PERSONAL_DATA_ROLES, Action, may
from lvv.cases.services import lvv_settings_save
from lvv.organisations.models import CapacityPeriod, Lvv, Organisation
from lvv.roles import Role
from lvv.web.forms.administration import (
    CapacityForm,
    LvvForm,
    OrganisationForm,
    UserFilterForm,
    UserForm,
)

ROLE_LABELS = dict(Role.choices)
PERSONAL = {str(role) for role in PERSONAL_DATA_ROLES}
USERS_PER_PAGE = 50
LOG_PER_PAGE = 100


@policy(Action.ADMINISTRATION)
def administration_home(request: HttpRequest) -> HttpResponse:
    counts = {
        "users": User.objects.filter(is_system=False, is_active=True).count(),
        "lvvs": Lvv.objects.count(),
        "organisations": Organisation.objects.count(),
    }
    return render(
        request,
        "web/beheer/home.html",
        {"counts": counts, "may_see_log": may(request.user, Action.ADMINISTRATION_LOG_VIEW)},
    )


# --- accounts -------------------------------------------------------------------------------


def _user_rows(users) -> list[dict]:
    rows = []
    for user in users:
        roles = [str(role) for role in (user.roles or [])]
        rows.append(
            {
                "user": user,
                "roles": [ROLE_LABELS.get(role, role) for role in roles],
                "personal_data": bool(set(roles) & PERSONAL),
                "lvvs": [lvv.code for lvv in user.lvvs.all()],
                "two_factor": user_has_device(user, confirmed=True),
            }
        )
    return rows


@policy(Action.ADMINISTRATION)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    users = (
        User.objects.filter(is_system=False)
        .select_related("organisation")
        .prefetch_related("lvvs")
        .order_by("username")
    )
    if form.is_valid():
        query = form.cleaned_data.get("q", "").strip()
        if query:
            users = users.filter(
                Q(username__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
            )
        if form.cleaned_data.get("actief") in ("ja", "nee"):
            users = users.filter(is_active=form.cleaned_data["actief"] == "ja")
        role = form.cleaned_data.get("rol")
        if role:  # roles are a JSON list: filtered here (a few hundred accounts at most)
            users = [user for user in users if user.has_role(role)]
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "web/beheer/user_list.html",
        {
            "form": form,
            "page": page,
            "rows": _user_rows(page.object_list),
            "page_numbers": page.paginator.get_elided_page_range(page.number),
        },
    )


def _save_user(form: UserForm, actor: User, user: User | None) -> User:
    data = form.cleaned_data
    if user is None:
        return services.user_create(
            actor=actor,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            organisation=data["organisation"],
            roles=data["roles"],
            lvvs=data["lvvs"],
        )
    return services.user_change(
        actor=actor,
        user=user,
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        organisation=data["organisation"],
        roles=data["roles"],
        lvvs=data["lvvs"],
        is_active=data["is_active"],
    )


@policy(Action.ADMINISTRATION)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = _save_user(form, request.user, None)
                secret = services.password_reset_link_create(actor=request.user, user=user)
        except services.AdministrationRefused as refused:
            form.add_error(None, str(refused))
        else:
            return _show_reset_link(request, user, secret, created=True)
    return render(request, "web/beheer/user_form.html", {"form": form, "account": None})


@policy(Action.ADMINISTRATION)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User, pk=user_id, is_system=False)
    form = UserForm(request.POST or None, user=account, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _save_user(form, request.user, account)
        except services.AdministrationRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("Account %(name)s is opgeslagen.") % {"name": account.username}
            )
            return redirect("web:admin_users")
    history = AdministrationLogEntry.objects.filter(subject_id=account.pk)[:20]
    return render(
        request,
        "web/beheer/user_form.html",
        {
            "form": form,
            "account": account,
            "own_account": form.own_account,
            "two_factor": user_has_device(account, confirmed=True),
            "has_password": account.has_usable_password(),
            "history": history,
            "may_reset_two_factor": may(request.user, Action.TWO_FACTOR_RESET)
            and account.pk != request.user.pk,
        },
    )


def _show_reset_link(request, user: User, secret: str, *, created: bool) -> HttpResponse:
    link = request.build_absolute_uri(reverse("web:password_reset_confirm")) + f"?sleutel={secret}"
    return render(
        request,
        "web/beheer/reset_link.html",
        {"account": user, "link": link, "created": created},
    )


@require_POST
@policy(Action.ADMINISTRATION)
def user_reset_link(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User, pk=user_id, is_system=False, is_active=True)
    try:
        secret = services.password_reset_link_create(actor=request.user, user=account)
    except services.AdministrationRefused as refused:
        messages.error(request, str(refused))
        return redirect("web:admin_user_edit", account.pk)
    return _show_reset_link(request, account, secret, created=False)


@policy(Action.TWO_FACTOR_RESET)
def user_two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User, pk=user_id, is_system=False)
    error = None
    if request.method == "POST":
        try:
            services.two_factor_reset(actor=request.user, user=account)
        except services.AdministrationRefused as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _(
                    "De tweestapsverificatie van %(name)s is hersteld. Bij de volgende keer "
                    "inloggen stelt %(name)s een nieuwe authenticator-app in."
                )
                % {"name": account.username},
            )
            return redirect("web:admin_user_edit", account.pk)
    return render(
        request,
        "web/beheer/two_factor_reset.html",
        {
            "account": account,
            "error": error,
            "own_account": account.pk == request.user.pk,
            "two_factor": user_has_device(account, confirmed=True),
        },
    )


# --- LVV settings and organisations ----------------------------------------------------------


@policy(Action.ADMINISTRATION)
def lvv_list(request: HttpRequest) -> HttpResponse:
    lvvs = Lvv.objects.prefetch_related("capacity_periods").order_by("name")
    return render(request, "web/beheer/lvv_list.html", {"lvvs": lvvs})


def _lvv_settings(lvv: Lvv) -> dict:
    return {name: str(getattr(lvv, name)) for name in LvvForm.FIELDS}


@policy(Action.ADMINISTRATION)
def lvv_edit(request: HttpRequest, lvv_id: int) -> HttpResponse:
    lvv = get_object_or_404(Lvv, pk=lvv_id)
    initial = {name: getattr(lvv, name) for name in LvvForm.FIELDS}
    posted = request.POST if request.method == "POST" else None
    form = LvvForm(posted if posted and "settings" in posted else None, initial=initial)
    capacity = CapacityForm(
        posted if posted and "capacity" in posted else None, lvv=lvv, prefix="capaciteit"
    )
    if form.is_bound and form.is_valid():
        before = _lvv_settings(lvv)
        with transaction.atomic():
            for name in LvvForm.FIELDS:
                setattr(lvv, name, form.cleaned_data[name])
            # Through the case service: the stored due dates of the LVV's open stays follow.
            lvv_settings_save(lvv=lvv)
            services.administration_record(
                kind=AdministrationKind.SETTINGS_CHANGED,
                actor=request.user,
                before=before,
                after=_lvv_settings(lvv),
                detail=f"LVV {lvv.code}",
            )
        messages.success(
            request, _("De instellingen van %(lvv)s zijn opgeslagen.") % {"lvv": lvv.name}
        )
        return redirect("web:admin_lvv_edit", lvv.pk)
    if capacity.is_bound and capacity.is_valid():
        with transaction.atomic():
            period = CapacityPeriod.objects.create(lvv=lvv, **capacity.cleaned_data)
            services.administration_record(
                kind=AdministrationKind.SETTINGS_CHANGED,
                actor=request.user,
                after={"valid_from": str(period.valid_from), "places": period.places},
                detail=f"LVV {lvv.code}: capaciteit",
            )
        messages.success(request, _("De capaciteitsperiode is toegevoegd."))
        return redirect("web:admin_lvv_edit", lvv.pk)
    return render(
        request,
        "web/beheer/lvv_form.html",
        {
            "lvv": lvv,
            "form": form,
            "capacity": capacity,
            "periods": lvv.capacity_periods.order_by("valid_from"),
        },
    )


@policy(Action.ADMINISTRATION)
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.select_related("lvv").order_by("code")
    return render(request, "web/beheer/organisation_list.html", {"organisations": organisations})


@policy(Action.ADMINISTRATION)
def organisation_edit(request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id) if organisation_id else None
    form = OrganisationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        before = (
            {"name": organisation.name, "kind": organisation.kind, "lvv": organisation.lvv_id}
            if organisation
            else {}
        )
        with transaction.atomic():
            target = organisation or Organisation(code=data["code"])
            target.name, target.kind, target.lvv = data["name"], data["kind"], data["lvv"]
            target.save()
            services.administration_record(
                kind=AdministrationKind.SETTINGS_CHANGED,
                actor=request.user,
                before=before,
                after={"name": target.name, "kind": target.kind, "lvv": target.lvv_id},
                detail=f"organisatie {target.code}",
            )
        messages.success(request, _("Organisatie %(code)s is opgeslagen.") % {"code": target.code})
        return redirect("web:admin_organisations")
    return render(
        request,
        "web/beheer/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


# --- the administration log --------------------------------------------------------------


@policy(Action.ADMINISTRATION_LOG_VIEW)
def administration_log(request: HttpRequest) -> HttpResponse:
    entries = AdministrationLogEntry.objects.all()
    only_grants = request.GET.get("persoonsgegevens") == "1"
    if only_grants:
        entries = entries.filter(grants_personal_data=True)
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "web/beheer/log.html",
        {
            "page": page,
            "only_grants": only_grants,
            "role_labels": ROLE_LABELS,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
        },
    )
