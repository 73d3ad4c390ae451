"""Due dates stored with each case: written with every event, recomputed when settings change."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from lvv.cases import services
from lvv.cases.deadlines import DUE_COLUMNS, STORED_KINDS, add_months, due_column, due_dates
from lvv.cases.models import Case
from lvv.cases.rules import AdmissionFacts, LvvRules
from lvv.cases.selectors import rebuild_state
from lvv.cases.vocabulary import Stage
from lvv.organisations.models import Lvv
from lvv.testing.builders import build_case

pytestmark = pytest.mark.django_db


def stored(case: Case) -> dict:
    case.refresh_from_db()
    return {column: getattr(case, column) for column in DUE_COLUMNS}


def computed(case: Case) -> dict:
    dues = due_dates(rebuild_state(case), LvvRules.of(Lvv.objects.get(pk=case.lvv_id)))
    return {due_column(kind): dues[kind] for kind in STORED_KINDS}


@pytest.mark.parametrize("stage", [Stage.REFUSED, Stage.REST_PERIOD, Stage.GUIDANCE])
def test_the_stored_due_dates_are_those_of_the_history_after_every_service(actor, stage):
    case = build_case(stage, lvv="RTM", facts=AdmissionFacts(safe_country_national=True))
    assert stored(case) == computed(case)
    if stage == Stage.REFUSED:
        assert stored(case)["due_objection_period"] == case.decision_date + dt.timedelta(weeks=6)
        return
    day = case.last_lso_date or case.dossier_complete_date
    services.lso_discuss(
        case=case, actor=actor, effective_date=day, scenario=case.scenario or "departure"
    )
    assert stored(case) == computed(case)
    assert stored(case)["due_review"] == add_months(day, 3)
    assert stored(case)["due_first_scenario"] is None
    services.outflow_register(
        case=case, actor=actor, effective_date=case.last_lso_date, category="forced_termination"
    )
    assert stored(case) == computed(case)
    assert stored(case) == {
        **dict.fromkeys(DUE_COLUMNS),
        "due_objection_period": case.outflow_date + dt.timedelta(weeks=6),
    }


def test_a_corrected_intake_date_moves_the_maximum_stay(actor):
    case = build_case(Stage.GUIDANCE, lvv="AMS")  # Amsterdam: 18 months at most
    intake = case.events.get(type="intake_registered")
    services.event_correct(
        case=case,
        actor=actor,
        event=intake,
        reason="datum",
        effective_date=intake.effective_date + dt.timedelta(days=3),
    )
    assert stored(case)["due_max_stay"] == add_months(case.intake_date, 18)
    assert stored(case) == computed(case)


def test_changing_the_settings_recomputes_the_open_stays_of_that_lvv_only(actor):
    rotterdam = Lvv.objects.get(code="RTM")
    open_stay = build_case(
        Stage.GUIDANCE, lvv="RTM", facts=AdmissionFacts(safe_country_national=True)
    )
    closed = build_case(
        Stage.OUTFLOWED, lvv="RTM", facts=AdmissionFacts(safe_country_national=True)
    )
    elsewhere = build_case(Stage.GUIDANCE, lvv="AMS")
    before = {case.pk: stored(case) for case in (closed, elsewhere)}
    assert stored(open_stay)["due_safe_country_limit"] == add_months(
        open_stay.intake_date, rotterdam.safe_country_limit_months
    )

    rotterdam.safe_country_limit_months = 9
    rotterdam.max_stay_months = 24
    assert services.lvv_settings_save(lvv=rotterdam) == 1

    assert stored(open_stay)["due_safe_country_limit"] == add_months(open_stay.intake_date, 9)
    assert stored(open_stay)["due_max_stay"] == add_months(open_stay.intake_date, 24)
    assert stored(open_stay) == computed(open_stay)
    assert {case.pk: stored(case) for case in (closed, elsewhere)} == before
    assert services.deadlines_recompute(lvv=rotterdam) == 0  # nothing left to change


def test_the_administration_saves_lvv_settings_through_the_service(client):
    from django.urls import reverse

    from lvv.testing.builders import make_user
    from lvv.testing.web import login_verified

    case = build_case(Stage.GUIDANCE, lvv="UTR")
    utrecht = Lvv.objects.get(code="UTR")
    login_verified(client, make_user("beheerder", ["administrator"], "PROGRAMMA"))
    data = {
        "settings": "1",
        "name": utrecht.name,
        "municipality": utrecht.municipality,
        "start_date": utrecht.start_date.isoformat(),
        "regional_ties_required": "on" if utrecht.regional_ties_required else "",
        "safe_country_policy": utrecht.safe_country_policy,
        "safe_country_limit_months": utrecht.safe_country_limit_months or "",
        "max_stay_months": "6",
    }
    response = client.post(reverse("web:admin_lvv_edit", args=[utrecht.pk]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert stored(case)["due_max_stay"] == add_months(case.intake_date, 6)


def test_the_migration_fills_the_due_dates_of_existing_stays(actor):
    cases = [
        build_case(Stage.GUIDANCE, lvv="RTM", facts=AdmissionFacts(safe_country_national=True)),
        build_case(Stage.REST_PERIOD, lvv="AMS"),
        build_case(Stage.REFUSED, lvv="UTR"),
        build_case(Stage.OUTFLOWED, lvv="GRN", outflow_category="forced_termination"),
        build_case(Stage.REFERRED, lvv="EHV"),
    ]
    expected = {case.pk: stored(case) for case in cases}
    Case.objects.update(**dict.fromkeys(DUE_COLUMNS))  # as before the migration

    migration = importlib.import_module("lvv.cases.migrations.0011_deadline_columns")
    migration.fill(apps, None)

    assert {case.pk: stored(case) for case in cases} == expected
