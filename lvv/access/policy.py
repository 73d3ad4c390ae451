"""The access policy: who may do what on which cases. The only place that decides it.

``MATRIX`` is the role x action table, written once as data; ``docs/access.md`` is rendered
from it (``lvv access-matrix``) and the test suite generates one test per cell from it.

A scope says *which* cases (or objects) a grant covers:

- ``lvv``          cases of the LVVs the user works for
- ``guided``       cases of the user's LVVs guided by the user's own organisation (the NGO)
- ``mrt_open``     cases referred to the MRT and not yet advised, stay not ended (any LVV)
- ``own_items``    like ``lvv``, and only action items owned by the user's organisation
- ``global``       not about one case (monitor, lookup, log, administration)

Everything not granted is refused. There is no superuser path: ``is_superuser`` and
``is_staff`` mean nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lvv.roles import Role


class Action(models.TextChoices):
    CASE_VIEW = "case.view", _("casus inzien (lijst, zoeken, casuspagina)")
    REFERRAL_REGISTER = "referral.register", _("aanmelding registreren")
    DUPLICATE_CHECK = (
        "duplicate.check",
        _("bij aanmelding een mogelijk al bekende persoon inzien (daarbuiten: alleen welke LVV)"),
    )
    ADMISSION_CHECK = "admission.check", _("toelatingstoets uitvoeren")
    ADMISSION_DECIDE = "admission.decide", _("besluit over toelating nemen")
    ADMISSION_EXCEPTION = (
        "admission.exception",
        _("als uitzondering toelaten (ondanks uitsluitingsgrond of buiten de doelgroep)"),
    )
    INTAKE_REGISTER = "intake.register", _("intake registreren")
    DOSSIER_REQUEST = "dossier.request", _("dossier opvragen")
    DOSSIER_DELIVER_IND = "dossier.deliver_ind", _("IND-deel van het dossier leveren")
    DOSSIER_DELIVER_DTV = "dossier.deliver_dtv", _("DT&V-deel van het dossier leveren")
    LSO_DISCUSS = "lso.discuss", _("LSO-bespreking, fase en kwartaalbespreking vastleggen")
    LSO_CONTRIBUTE = "lso.contribute", _("inbreng leveren voor het LSO")
    COOPERATION_REPORT = "cooperation.report", _("medewerking rapporteren")
    ACTION_ITEM_ADD = "action_item.add", _("actie toevoegen aan plan van aanpak")
    ACTION_ITEM_COMPLETE = "action_item.complete", _("actie afronden")
    SCENARIO_CHANGE = "scenario.change", _("scenario wijzigen")
    MRT_REFER = "mrt.refer", _("casus aan het MRT voorleggen")
    MRT_ADVISE = "mrt.advise", _("MRT-advies geven")
    OUTFLOW_REGISTER = "outflow.register", _("uitstroom registreren")
    EVENT_CORRECT = "event.correct", _("gebeurtenis corrigeren")
    CASE_EXPORT = "case.export", _("casus exporteren (volledige geschiedenis, inzageverzoek)")
    SENSITIVE_VIEW = "sensitive.view", _("bijzondere persoonsgegevens inzien")
    SENSITIVE_EDIT = "sensitive.edit", _("bijzondere persoonsgegevens vastleggen")
    CASELOAD_IMPORT = "caseload.import", _("caseload importeren")
    PARTICIPANT_LOOKUP = "participant.lookup", _("deelname aan LVV opzoeken (V-nummer)")
    MONITOR_VIEW = "monitor.view", _("landelijke monitor inzien")
    MONITOR_DRILLDOWN = "monitor.drilldown", _("van monitorcijfer naar casussen")
    PROCESSING_LOG_VIEW = "processing_log.view", _("verwerkingenlogboek inzien")
    ADMINISTRATION = "administration", _("gebruikers, organisaties en LVV-instellingen beheren")
    TWO_FACTOR_RESET = "two_factor.reset", _("tweestapsverificatie van een ander herstellen")
    ADMINISTRATION_LOG_VIEW = "administration_log.view", _("beheerlogboek inzien")
    API_CREDENTIALS = (
        "api.credentials",
        _("koppelingen van partnersystemen en hun API-sleutels beheren"),
    )


class Scope(models.TextChoices):
    LVV = "lvv", _("casussen van de eigen LVV's")
    GUIDED = "guided", _("casussen van de eigen LVV's die de eigen organisatie begeleidt")
    MRT_OPEN = (
        "mrt_open",
        _("casussen die bij het MRT liggen (van voorlegging tot advies, tijdens het verblijf)"),
    )
    OWN_ITEMS = "own_items", _("acties van de eigen organisatie in casussen van de eigen LVV's")
    GLOBAL = "global", _("niet casusgebonden")


A, S = Action, Scope

MATRIX: dict[Role, dict[Action, Scope]] = {
    Role.CASE_DIRECTOR: {
        **{
            action: S.LVV
            for action in A
            if action
            not in {
                A.PARTICIPANT_LOOKUP,
                A.MONITOR_VIEW,
                A.MONITOR_DRILLDOWN,
                A.PROCESSING_LOG_VIEW,
                A.ADMINISTRATION,
                A.TWO_FACTOR_RESET,
                A.ADMINISTRATION_LOG_VIEW,
                A.API_CREDENTIALS,
                A.MRT_ADVISE,
                A.DOSSIER_DELIVER_IND,
                A.DOSSIER_DELIVER_DTV,
            }
        },
        A.MONITOR_VIEW: S.LVV,
        A.MONITOR_DRILLDOWN: S.LVV,
    },
    Role.COUNSELLOR: {
        A.CASE_VIEW: S.GUIDED,
        A.REFERRAL_REGISTER: S.LVV,
        A.DUPLICATE_CHECK: S.GUIDED,
        A.INTAKE_REGISTER: S.GUIDED,
        A.COOPERATION_REPORT: S.GUIDED,
        A.LSO_CONTRIBUTE: S.GUIDED,
        A.ACTION_ITEM_ADD: S.GUIDED,
        A.ACTION_ITEM_COMPLETE: S.OWN_ITEMS,
        A.SENSITIVE_VIEW: S.GUIDED,
        A.SENSITIVE_EDIT: S.GUIDED,
    },
    Role.IND_OFFICER: {
        A.CASE_VIEW: S.LVV,
        A.DOSSIER_DELIVER_IND: S.LVV,
        A.LSO_CONTRIBUTE: S.LVV,
        A.ACTION_ITEM_COMPLETE: S.OWN_ITEMS,
    },
    Role.DTV_OFFICER: {
        A.CASE_VIEW: S.LVV,
        A.DOSSIER_DELIVER_DTV: S.LVV,
        A.LSO_CONTRIBUTE: S.LVV,
        A.ACTION_ITEM_COMPLETE: S.OWN_ITEMS,
    },
    Role.MRT_MEMBER: {
        A.CASE_VIEW: S.MRT_OPEN,
        A.MRT_ADVISE: S.MRT_OPEN,
        A.SENSITIVE_VIEW: S.MRT_OPEN,
    },
    Role.POLICE_OFFICER: {A.PARTICIPANT_LOOKUP: S.GLOBAL},
    Role.PROGRAMME_ANALYST: {A.MONITOR_VIEW: S.GLOBAL},
    Role.ADMINISTRATOR: {
        A.ADMINISTRATION: S.GLOBAL,
        A.TWO_FACTOR_RESET: S.GLOBAL,
        A.ADMINISTRATION_LOG_VIEW: S.GLOBAL,
        A.API_CREDENTIALS: S.GLOBAL,
    },
    Role.PRIVACY_OFFICER: {A.PROCESSING_LOG_VIEW: S.GLOBAL, A.ADMINISTRATION_LOG_VIEW: S.GLOBAL},
}

# The system actor (``lvv.access.system``) is who a command run by an operator on the server
# acts as: the caseload import and the demo. It holds no role; these grants are its own row
# of the policy, for every LVV - the operator already has the whole database.
SYSTEM_GRANTS: dict[Action, Scope] = {
    A.CASELOAD_IMPORT: S.GLOBAL,
    A.ADMISSION_EXCEPTION: S.GLOBAL,
}

# Roles that see personal data of cases: they must use two-factor authentication.
PERSONAL_DATA_ROLES = frozenset(
    role
    for role, grants in MATRIX.items()
    if A.CASE_VIEW in grants or A.PARTICIPANT_LOOKUP in grants or A.PROCESSING_LOG_VIEW in grants
)

# Actions a case page offers per event type (the workflow says *when*, this says *who*).
EVENT_ACTION = {
    "admission_checked": A.ADMISSION_CHECK,
    "admission_decided": A.ADMISSION_DECIDE,
    "intake_registered": A.INTAKE_REGISTER,
    "dossier_requested": A.DOSSIER_REQUEST,
    "lso_discussed": A.LSO_DISCUSS,
    "phase_changed": A.LSO_DISCUSS,
    "review_held": A.LSO_DISCUSS,
    "action_item_added": A.ACTION_ITEM_ADD,
    "action_item_completed": A.ACTION_ITEM_COMPLETE,
    "mrt_referred": A.MRT_REFER,
    "mrt_advised": A.MRT_ADVISE,
    "scenario_changed": A.SCENARIO_CHANGE,
    "outflow_registered": A.OUTFLOW_REGISTER,
    "event_corrected": A.EVENT_CORRECT,
}


@dataclass(frozen=True)
class Grant:
    role: Role | None  # None: the system actor's own grant (SYSTEM_GRANTS)
    action: Action
    scope: Scope


def grants(user, action: Action) -> list[Grant]:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    if getattr(user, "is_system", False):
        scope = SYSTEM_GRANTS.get(action)
        return [Grant(None, action, scope)] if scope is not None else []
    result = []
    for role in user.roles or []:
        try:
            scope = MATRIX.get(Role(role), {}).get(action)
        except ValueError:  # an unknown role grants nothing
            continue
        if scope is not None:
            result.append(Grant(Role(role), action, scope))
    return result


def _lvv_ids(user) -> list[int]:
    cached = getattr(user, "_lvv_ids_cache", None)
    if cached is None:
        cached = list(user.lvvs.values_list("pk", flat=True))
        user._lvv_ids_cache = cached
    return cached


def user_lvv_ids(user) -> list[int]:
    """The LVVs the user works for (read once per request, kept on the user object)."""
    return _lvv_ids(user)


def scope_filter(user, scope: Scope) -> Q | None:
    """The cases a scope covers for this user, as a filter; None = no cases."""
    if scope in (Scope.LVV, Scope.OWN_ITEMS):
        return Q(lvv_id__in=_lvv_ids(user))
    if scope == Scope.GUIDED:
        if user.organisation_id is None:
            return None
        return Q(lvv_id__in=_lvv_ids(user), guiding_organisation_id=user.organisation_id)
    if scope == Scope.MRT_OPEN:
        return Q(mrt_status="referred") & ~Q(stage="outflowed")
    return None


def case_filter(user, action: Action) -> Q | None:
    filters = [scope_filter(user, grant.scope) for grant in grants(user, action)]
    filters = [f for f in filters if f is not None]
    if not filters:
        return None
    combined = filters[0]
    for extra in filters[1:]:
        combined |= extra
    return combined


def case_filter_key(user, action: Action = Action.CASE_VIEW) -> tuple:
    """Everything ``case_filter(user, action)`` depends on, as a hashable value.

    Two users with the same key see exactly the same cases, so a query built from
    ``restrict`` may be compiled once for the key and reused (see ``lvv.web.prepared``).
    """
    scopes = tuple(sorted({str(grant.scope) for grant in grants(user, action)}))
    return (scopes, tuple(sorted(_lvv_ids(user))), getattr(user, "organisation_id", None))


def may(user, action: Action, case=None, *, item_owner: str | None = None) -> bool:
    """May ``user`` do ``action`` (on ``case``; for action items, on an item of ``item_owner``)?"""
    for grant in grants(user, action):
        if grant.scope == Scope.GLOBAL:
            return True
        if case is None:
            # "may this user do this on some case" (e.g. to show a menu item)
            return True
        if _in_scope(user, grant.scope, case, item_owner):
            return True
    return False


def may_in_lvv(user, action: Action, lvv, guiding_organisation_id: int | None = None) -> bool:
    """For actions before a case exists (a referral): as if on a case of ``lvv``."""
    probe = _Probe(lvv_id=lvv.pk, guiding_organisation_id=guiding_organisation_id)
    return may(user, action, probe)


@dataclass(frozen=True)
class _Probe:
    lvv_id: int
    guiding_organisation_id: int | None = None
    mrt_status: str = "none"


def _in_scope(user, scope: Scope, case, item_owner: str | None) -> bool:
    if scope == Scope.LVV:
        return case.lvv_id in _lvv_ids(user)
    if scope == Scope.GUIDED:
        return (
            case.lvv_id in _lvv_ids(user)
            and user.organisation_id is not None
            and case.guiding_organisation_id == user.organisation_id
        )
    if scope == Scope.MRT_OPEN:
        return case.mrt_status == "referred" and getattr(case, "stage", "") != "outflowed"
    if scope == Scope.OWN_ITEMS:
        organisation = getattr(user, "organisation", None)
        return (
            case.lvv_id in _lvv_ids(user)
            and organisation is not None
            and item_owner == organisation.code
        )
    return False


def restrict(queryset: QuerySet, user, action: Action = Action.CASE_VIEW) -> QuerySet:
    condition = case_filter(user, action)
    return queryset.none() if condition is None else queryset.filter(condition)
