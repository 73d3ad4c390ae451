"""One test per cell of the role x action matrix, generated from the matrix itself.

For every role and every action the test builds the situations that decide a grant - a case
in the user's own LVV guided by the user's own organisation, the same case once referred to
the MRT, and a case in another LVV - and checks the policy's answer against what the cell's
scope means. A role that lacks the action must be refused everywhere.
"""

from __future__ import annotations

import pytest

from lvv.access.policy import MATRIX, Action, Scope, may
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Organisation
from lvv.roles import Role
from lvv.testing.builders import build_case, make_user

ORGANISATION_OF_ROLE = {
    Role.CASE_DIRECTOR: "GEM-AMS",
    Role.COUNSELLOR: "NGO-AMS",
    Role.IND_OFFICER: "IND",
    Role.DTV_OFFICER: "DTV",
    Role.POLICE_OFFICER: "AVIM",
    Role.MRT_MEMBER: "MRT",
    Role.PROGRAMME_ANALYST: "PROGRAMMA",
    Role.ADMINISTRATOR: "PROGRAMMA",
    Role.PRIVACY_OFFICER: "PROGRAMMA",
}

CELLS = [(role, action) for role in Role for action in Action]


def _expected(scope: Scope | None, situation: str, owner_is_own: bool) -> bool:
    if scope is None:
        return False
    if scope == Scope.GLOBAL:
        return True
    own_lvv = situation in {"own", "own_mrt"}
    return {
        Scope.LVV: own_lvv,
        Scope.GUIDED: own_lvv,  # the own-LVV cases here are guided by NGO-AMS
        Scope.OWN_ITEMS: own_lvv and owner_is_own,
        Scope.MRT_OPEN: situation in {"own_mrt", "other_mrt"},
    }[scope]


@pytest.fixture(scope="module")
def situations(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        own = build_case(Stage.GUIDANCE, lvv="AMS")
        own_mrt = build_case(Stage.GUIDANCE, lvv="AMS")
        other = build_case(Stage.GUIDANCE, lvv="RTM")
        other_mrt = build_case(Stage.GUIDANCE, lvv="RTM")
        from lvv.access.system import system_actor
        from lvv.cases import services

        for case in (own_mrt, other_mrt):
            services.mrt_refer(
                case=case, actor=system_actor(), effective_date=case.last_lso_date, question="?"
            )
            case.refresh_from_db()
        yield {"own": own, "own_mrt": own_mrt, "other": other, "other_mrt": other_mrt}
        transaction.set_rollback(True)  # the module's cases leave nothing behind
        atomic.__exit__(None, None, None)


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{r.value}-{a.value}" for r, a in CELLS])
def test_matrix_cell(role, action, db, situations):
    user = make_user(f"u-{role.value}", [role], ORGANISATION_OF_ROLE[role], ["AMS"])
    scope = MATRIX.get(role, {}).get(action)
    own_org = Organisation.objects.get(code=ORGANISATION_OF_ROLE[role]).code
    for name, case in situations.items():
        for owner in (own_org, "NOT-MINE"):
            expected = _expected(scope, name, owner == own_org)
            assert may(user, action, case, item_owner=owner) is expected, (name, owner)
    assert may(user, action) is (scope is not None)


def test_unknown_or_missing_roles_grant_nothing(db, situations):
    user = make_user("nobody", ["superhero"], "GEM-AMS", ["AMS"])
    user.is_superuser = True
    user.is_staff = True
    assert not any(may(user, action, situations["own"]) for action in Action)


def test_inactive_user_is_refused_everything(db, situations):
    user = make_user("gone", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    user.is_active = False
    assert not any(may(user, action, situations["own"]) for action in Action)


def test_counsellor_does_not_see_cases_guided_by_another_organisation(db):
    other_ngo = Organisation.objects.create(code="NGO-AMS-2", name="Tweede ngo", kind="ngo")
    other_ngo.lvv_id = Organisation.objects.get(code="NGO-AMS").lvv_id
    other_ngo.save()
    user = make_user("begeleider", [Role.COUNSELLOR], "NGO-AMS-2", ["AMS"])
    case = build_case(Stage.GUIDANCE, lvv="AMS")  # guided by NGO-AMS
    assert not may(user, Action.CASE_VIEW, case)


def test_mrt_member_loses_access_once_advice_is_given(db):
    from lvv.access.system import system_actor
    from lvv.cases import services

    user = make_user("mrt", [Role.MRT_MEMBER], "MRT")
    case = build_case(Stage.GUIDANCE, lvv="UTR")
    assert not may(user, Action.CASE_VIEW, case)
    services.mrt_refer(
        case=case, actor=system_actor(), effective_date=case.last_lso_date, question="?"
    )
    assert may(user, Action.CASE_VIEW, case)
    services.mrt_advise(
        case=case, actor=system_actor(), effective_date=case.last_lso_date, advice="a"
    )
    assert not may(user, Action.CASE_VIEW, case)


def test_mrt_member_loses_access_when_the_stay_ends_before_advice(db):
    from lvv.access.selectors import cases_visible_to
    from lvv.access.system import system_actor
    from lvv.cases import services

    user = make_user("mrt", [Role.MRT_MEMBER], "MRT")
    case = build_case(Stage.GUIDANCE, lvv="UTR")
    services.mrt_refer(
        case=case, actor=system_actor(), effective_date=case.last_lso_date, question="?"
    )
    assert cases_visible_to(user).filter(pk=case.pk).exists()
    services.outflow_register(
        case=case, actor=system_actor(), effective_date=case.last_lso_date, category="other"
    )
    assert not may(user, Action.CASE_VIEW, case)
    assert not cases_visible_to(user).filter(pk=case.pk).exists()


def test_the_system_actor_has_its_own_grants_and_nothing_else(db, situations):
    from lvv.access.policy import SYSTEM_GRANTS
    from lvv.access.system import system_actor

    actor = system_actor()
    assert not actor.roles
    for action in Action:
        assert may(actor, action, situations["other"]) is (action in SYSTEM_GRANTS), action
    assert may(actor, Action.CASELOAD_IMPORT) and may(actor, Action.ADMISSION_EXCEPTION)


def test_a_user_flagged_as_system_but_inactive_is_refused_everything(db, situations):
    from lvv.access.system import system_actor

    actor = system_actor()
    actor.is_active = False
    assert not any(may(actor, action, situations["own"]) for action in Action)
