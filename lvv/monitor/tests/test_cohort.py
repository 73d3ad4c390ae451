"""The cohort view: status of the persons admitted in a period after 3, 6, 12 and 18 months."""

import datetime as dt

from lvv.cases import services
from lvv.cases.models import Case
from lvv.cases.projection import project_as_of
from lvv.imports.testing import import_rows, stay_row
from lvv.monitor.cohort import HORIZONS, STATUS_KEYS, add_months, cohort_figures
from lvv.monitor.history import event_histories
from lvv.monitor.tests.test_figures import random_history
from lvv.monitor.tests.test_transfers import transfer

DAY = dt.timedelta(days=1)
FIRST, LAST = dt.date(2020, 1, 1), dt.date(2020, 3, 31)
D = dt.date(2021, 3, 1)


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert add_months(dt.date(2020, 1, 15), 3) == dt.date(2020, 4, 15)
    assert add_months(dt.date(2020, 8, 31), 6) == dt.date(2021, 2, 28)
    assert add_months(dt.date(2019, 11, 30), 3) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2020, 12, 1), 18) == dt.date(2022, 6, 1)


def test_cohort_follows_each_stay_and_the_total_follows_the_person(db, system_user):
    def stay(lvv, ref, referral, **kwargs):
        return stay_row(lvv, ref, referral, intake=referral + 7 * DAY, **kwargs)

    jan = dt.date(2020, 1, 6)  # intake 13 January
    import_rows(
        [
            stay("AMS", "stays", jan),
            stay("AMS", "leaves", jan, outflow="departure_origin", outflow_date=jan + 120 * DAY),
            stay("AMS", "moves", jan, dossier=jan + 20 * DAY),
            stay("AMS", "late", dt.date(2020, 3, 20)),  # intake 27 March 2020
            stay("AMS", "before", dt.date(2019, 12, 1)),  # intake 8 December 2019: not in it
            stay("AMS", "exception", jan, within=False),
        ]
    )
    new = transfer(system_user, "moves", "RTM", day=jan + 60 * DAY)
    services.outflow_register(
        case=new, actor=system_user, category="residence_granted", effective_date=jan + 250 * DAY
    )
    result = cohort_figures(FIRST, LAST, D)
    assert result["horizons"] == list(HORIZONS)
    assert result["statuses"] == list(STATUS_KEYS)
    ams, rtm, total = (result["groups"][code] for code in ("AMS", "RTM", "total"))
    assert ams["size"] == total["size"] == 4
    assert rtm["size"] == 0  # a transfer continues a stay: nobody new admitted
    assert _nonzero(ams["horizons"]["3"]) == {"sheltered": 3, "transferred": 1}
    assert _nonzero(ams["horizons"]["6"]) == {
        "sheltered": 2,
        "departure_origin": 1,
        "transferred": 1,
    }
    assert _nonzero(total["horizons"]["3"]) == {"sheltered": 4}
    # 27 March 2020 + 12 months = 27 March 2021, after D: not reached yet
    assert _nonzero(total["horizons"]["12"]) == {
        "sheltered": 1,
        "departure_origin": 1,
        "residence_granted": 1,
        "not_reached": 1,
    }
    assert _nonzero(total["horizons"]["18"]) == {"not_reached": 4}
    assert ams["horizons"]["12"]["not_reached"] == 1
    for group in result["groups"].values():
        for statuses in group["horizons"].values():
            assert sum(statuses.values()) == group["size"]
    # A case director's total over AMS alone: the transferred person left that total.
    own = cohort_figures(FIRST, LAST, D, ["AMS"])["groups"]
    assert own["AMS"] == ams
    assert own["total"]["horizons"]["12"]["transferred"] == 1


def _nonzero(statuses):
    return {key: n for key, n in statuses.items() if n}


def test_cohort_equals_folding_every_history_on_a_random_history(db, system_user):
    random_history(system_user)
    first, last, day = dt.date(2019, 6, 1), dt.date(2020, 2, 29), dt.date(2020, 11, 1)
    result = cohort_figures(first, last, day)["groups"]
    cases = list(Case.objects.values_list("pk", "lvv__code"))
    histories = event_histories(pk for pk, _code in cases)
    expected = {code: {str(h): {} for h in HORIZONS} for code in result}
    sizes = dict.fromkeys(result, 0)
    for pk, code in cases:
        state = project_as_of(histories[pk], day)
        if state.within_target_group is not True or state.intake_date is None:
            continue
        if not first <= state.intake_date <= last:
            continue
        for group in (code, "total"):
            sizes[group] += 1
        for horizon in HORIZONS:
            on = add_months(state.intake_date, horizon)
            if on > day:
                key = "not_reached"
            else:
                then = project_as_of(histories[pk], on)
                key = then.outflow_category if then.outflow_date else "sheltered"
            for group in (code, "total"):
                bucket = expected[group][str(horizon)]
                bucket[key] = bucket.get(key, 0) + 1
    assert sum(sizes.values()) > 20
    for group, block in result.items():
        assert block["size"] == sizes[group]
        for horizon, statuses in block["horizons"].items():
            assert _nonzero(statuses) == expected[group][horizon], (group, horizon)
