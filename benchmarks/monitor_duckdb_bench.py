"""Benchmark: the monitor against an independent DuckDB query over the event history.

    .venv/bin/python benchmarks/monitor_duckdb_bench.py [--cases 100000] [--seed 1]
        [--postgres-url postgres://postgres@127.0.0.1:5432/lvv_i13mon_bench] [--skip-postgres]

In one run, for SQLite and for PostgreSQL (each in a child process, since Django picks its
database when it starts), the script:

1. creates an empty database and migrates it;
2. generates the caseload with ``lvv generate --cases N --seed S`` (every event through the
   transition table), then, through the ordinary case services, adds what the generator does
   not make: transfers to another LVV (a tenth of them into an exception), corrections
   (outflow and intake dates moved, outflows voided, outflow categories changed) and second
   MRT referrals - so that both sides have to read corrections, transfers and repeated
   referrals;
3. times our monitor for a reference date D: ``monitor_figures``, ``further_figures``,
   ``cohort_figures`` and the whole figures page with suppression (``page_figures``);
4. exports the **event history** (every ``CaseEvent``: case, sequence, type, effective date,
   data, corrected sequence), the stays (case, LVV, person pseudonym), the persons
   (pseudonym, sex, date/year of birth, first nationality) and the transfers as CSV;
5. lets DuckDB compute the same figures from those files alone - corrections resolved,
   the state on D folded, in SQL written from docs/monitor.md, not from our code - and
   compares every figure.

Synthetic data only. The PostgreSQL database is dropped and created: never point
``--postgres-url`` at a database you need. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HORIZONS = (3, 6, 12, 18)
MONTH_DAYS = 365.25 / 12
OUTFLOW = [
    "residence_granted",
    "departure_origin",
    "onward_migration",
    "asylum_reception",
    "art64_postponement",
    "unknown_destination",
    "back_to_bbb",
    "forced_termination",
    "other",
]


def dates(today: dt.date) -> dict[str, dt.date]:
    """The reference date and periods, relative to the day the generator ran (its "today"):
    D a month before it; the period from 1 January of D's year; the cohort of the six
    calendar months that began two years before D."""
    day = today - dt.timedelta(days=30)
    first = dt.date(day.year - 2, day.month, 1)
    after = first.year * 12 + first.month - 1 + 6
    last = dt.date(after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)
    return {
        "reference_date": day,
        "period_start": dt.date(day.year, 1, 1),
        "cohort_first": first,
        "cohort_last": last,
    }


# --- the child: one database -------------------------------------------------------------------


def _fresh_postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def perturb(seed: int, day: dt.date) -> dict[str, int]:
    """Transfers, corrections and second MRT referrals, through the case services."""
    from lvv.access.system import system_actor
    from lvv.cases import services
    from lvv.cases.events import EventType
    from lvv.cases.models import Case
    from lvv.cases.services._core import today as today_
    from lvv.cases.workflow import TransitionRefused
    from lvv.organisations.models import Lvv

    rng = random.Random(seed)
    actor = system_actor()
    lvvs = list(Lvv.objects.all())
    today = today_()
    done = {"transfers": 0, "corrections": 0, "mrt_again": 0, "refused": 0}

    def attempt(action) -> bool:
        try:
            action()
            return True
        except TransitionRefused:
            done["refused"] += 1
            return False

    def on(case, before: dt.date) -> dt.date:
        start = case.last_effective_date + dt.timedelta(days=1)
        end = max(start, min(before, today))
        return start + dt.timedelta(days=rng.randrange(0, (end - start).days + 1))

    open_ids = list(
        Case.objects.filter(
            within_target_group=True,
            outflow_date__isnull=True,
            intake_date__isnull=False,
            last_effective_date__lt=day - dt.timedelta(days=2),
            transfer_in__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in rng.sample(open_ids, min(300, len(open_ids))):
        case = Case.objects.get(pk=pk)
        to = rng.choice([lvv for lvv in lvvs if lvv.pk != case.lvv_id])
        exception = "humanitaire redenen" if rng.random() < 0.1 else ""

        def move(case=case, to=to, exception=exception):
            proposal = services.transfer_propose(actor=actor, case=case, to_lvv=to)
            try:
                services.transfer_accept(
                    actor=actor,
                    transfer=proposal,
                    effective_date=on(case, day - dt.timedelta(days=1)),
                    exception_reason=exception,
                )
            except TransitionRefused:
                services.transfer_reject(actor=actor, transfer=proposal, reason="bench")
                raise

        done["transfers"] += attempt(move)

    outflowed = list(
        Case.objects.filter(outflow_date__isnull=False, outflow_date__lt=day)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in rng.sample(outflowed, min(300, len(outflowed))):
        case = Case.objects.get(pk=pk)
        outflow = case.events.filter(type=EventType.OUTFLOW_REGISTERED).first()
        intake = case.events.filter(type=EventType.INTAKE_REGISTERED).first()
        if outflow is None or intake is None:
            continue
        kind = rng.random()
        if kind < 0.35:
            action = lambda c=case, e=outflow: services.event_correct(  # noqa: E731
                case=c,
                actor=actor,
                event=e,
                reason="bench",
                effective_date=min(today, e.effective_date + dt.timedelta(days=rng.randint(1, 20))),
            )
        elif kind < 0.55:
            action = lambda c=case, e=outflow: services.event_correct(  # noqa: E731
                case=c, actor=actor, event=e, reason="bench", void=True
            )
        elif kind < 0.8:
            category = rng.choice([c for c in OUTFLOW if c != case.outflow_category])
            action = lambda c=case, e=outflow, k=category: services.event_correct(  # noqa: E731
                case=c, actor=actor, event=e, reason="bench", data={"category": k}
            )
        else:
            action = lambda c=case, e=intake: services.event_correct(  # noqa: E731
                case=c,
                actor=actor,
                event=e,
                reason="bench",
                effective_date=e.effective_date + dt.timedelta(days=rng.randint(1, 3)),
            )
        done["corrections"] += attempt(action)

    advised = list(
        Case.objects.filter(mrt_status="advised", outflow_date__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in rng.sample(advised, min(200, len(advised))):
        case = Case.objects.get(pk=pk)
        done["mrt_again"] += attempt(
            lambda c=case: services.mrt_refer(
                case=c, actor=actor, question="opnieuw", effective_date=on(c, day)
            )
        )
    return done


def export(workdir: Path, database: str) -> dict[str, Path]:
    """The event history and what it refers to, as CSV (pseudonymised: no name, no V-number)."""
    from lvv.cases.models import Case, CaseEvent, CaseTransfer, Person

    paths = {
        name: workdir / f"{database}-{name}.csv"
        for name in ("events", "cases", "persons", "transfers")
    }

    def write(name: str, header: list[str], rows) -> None:
        with paths[name].open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])

    sequence_of = {}

    def events():
        last_case = None
        for pk, case_id, sequence, type_, day, data, corrects_id in (
            CaseEvent.objects.order_by("case_id", "sequence")
            .values_list(
                "pk", "case_id", "sequence", "type", "effective_date", "data", "corrects_id"
            )
            .iterator(chunk_size=20_000)
        ):
            if case_id != last_case:
                sequence_of.clear()
                last_case = case_id
            sequence_of[pk] = sequence
            corrects = sequence_of.get(corrects_id) if corrects_id else None
            yield case_id, sequence, type_, day, json.dumps(data or {}), corrects

    write("events", ["case_id", "sequence", "type", "effective_date", "data", "corrects"], events())
    write(
        "cases",
        ["case_id", "lvv", "pseudonym"],
        Case.objects.values_list("pk", "lvv__code", "person__pseudonym").iterator(
            chunk_size=20_000
        ),
    )
    write(
        "persons",
        ["pseudonym", "sex", "birth_date", "birth_year", "nationality"],
        (
            (p, sex, bd, by, (nat[0] if isinstance(nat, list) and nat else ""))
            for p, sex, bd, by, nat in Person.objects.values_list(
                "pseudonym", "sex", "birth_date", "birth_year", "nationalities"
            ).iterator(chunk_size=20_000)
        ),
    )
    write(
        "transfers",
        ["case_id", "new_case_id", "status"],
        CaseTransfer.objects.values_list("case_id", "new_case_id", "status"),
    )
    return paths


# --- DuckDB: the same definitions, from the exported history alone --------------------------------

LOAD_SQL = """
CREATE TABLE events AS SELECT * FROM read_csv('{events}', header=true, types={{
    'case_id': 'BIGINT', 'sequence': 'INTEGER', 'type': 'VARCHAR', 'effective_date': 'DATE',
    'data': 'VARCHAR', 'corrects': 'INTEGER'}});
CREATE TABLE cases AS SELECT * FROM read_csv('{cases}', header=true, types={{
    'case_id': 'BIGINT', 'lvv': 'VARCHAR', 'pseudonym': 'VARCHAR'}});
CREATE TABLE persons AS SELECT * FROM read_csv('{persons}', header=true, types={{
    'pseudonym': 'VARCHAR', 'sex': 'VARCHAR', 'birth_date': 'DATE', 'birth_year': 'INTEGER',
    'nationality': 'VARCHAR'}});
CREATE TABLE transfers AS SELECT * FROM read_csv('{transfers}', header=true, types={{
    'case_id': 'BIGINT', 'new_case_id': 'BIGINT', 'status': 'VARCHAR'}});
"""

# 1. Corrections: a correction names the sequence of the event it corrects. The latest
#    correction decides whether the event is void; the date and each data field come from the
#    latest non-void correction that sets them, else from the event itself.
# 2. The state of every stay on D: only (corrected) events effective on or before D, folded.
STATE_SQL = """
CREATE OR REPLACE TABLE resolved AS
WITH corr AS (
    SELECT case_id, corrects AS target, sequence,
           coalesce(TRY_CAST(json_extract(data, '$.void') AS BOOLEAN), false) AS void,
           json_extract_string(data, '$.effective_date') AS new_date,
           json_extract(data, '$.data') AS new_data
    FROM events WHERE type = 'event_corrected'
), last_any AS (
    SELECT case_id, target, arg_max(void, sequence) AS voided FROM corr GROUP BY ALL
), fields AS (
    SELECT case_id, target,
        arg_max(new_date, sequence) FILTER (WHERE NOT void AND new_date IS NOT NULL) AS new_date,
        arg_max(json_extract_string(new_data, '$.category'), sequence)
            FILTER (WHERE NOT void AND json_extract_string(new_data, '$.category') IS NOT NULL)
            AS category,
        arg_max(json_extract_string(new_data, '$.scenario'), sequence)
            FILTER (WHERE NOT void AND json_extract_string(new_data, '$.scenario') IS NOT NULL)
            AS scenario,
        arg_max(json_extract_string(new_data, '$.phase'), sequence)
            FILTER (WHERE NOT void AND json_extract_string(new_data, '$.phase') IS NOT NULL)
            AS phase,
        arg_max(json_extract_string(new_data, '$.outcome'), sequence)
            FILTER (WHERE NOT void AND json_extract_string(new_data, '$.outcome') IS NOT NULL)
            AS outcome,
        arg_max(json_extract_string(new_data, '$.exception_reason'), sequence)
            FILTER (WHERE NOT void
                    AND json_extract_string(new_data, '$.exception_reason') IS NOT NULL)
            AS exception_reason
    FROM corr GROUP BY ALL
)
SELECT e.case_id, e.sequence, e.type,
       coalesce(CAST(f.new_date AS DATE), e.effective_date) AS effective_date,
       coalesce(f.category, json_extract_string(e.data, '$.category')) AS category,
       coalesce(f.scenario, json_extract_string(e.data, '$.scenario')) AS scenario,
       coalesce(f.phase, json_extract_string(e.data, '$.phase')) AS phase,
       coalesce(f.outcome, json_extract_string(e.data, '$.outcome')) AS outcome,
       coalesce(f.exception_reason, json_extract_string(e.data, '$.exception_reason'))
           AS exception_reason
FROM events e
LEFT JOIN last_any a ON a.case_id = e.case_id AND a.target = e.sequence
LEFT JOIN fields f ON f.case_id = e.case_id AND f.target = e.sequence
WHERE e.type <> 'event_corrected' AND NOT coalesce(a.voided, false);

CREATE OR REPLACE TABLE scen AS
SELECT case_id, sequence, effective_date, scenario,
       scenario IS DISTINCT FROM lag(scenario) OVER (PARTITION BY case_id ORDER BY sequence)
           AS changed
FROM resolved
WHERE type IN ('lso_discussed', 'scenario_changed') AND coalesce(scenario, '') <> ''
  AND effective_date <= DATE '{d}';

CREATE OR REPLACE TABLE s AS
WITH folded AS (
    SELECT r.case_id,
        arg_max(r.outcome, r.sequence) FILTER (WHERE r.type = 'admission_decided') AS outcome,
        arg_max(r.exception_reason, r.sequence) FILTER (WHERE r.type = 'admission_decided')
            AS exception_reason,
        max(r.effective_date) FILTER (WHERE r.type = 'intake_registered') AS intake,
        max(r.effective_date) FILTER (WHERE r.type = 'outflow_registered') AS outflow,
        arg_max(r.category, r.sequence) FILTER (WHERE r.type = 'outflow_registered')
            AS category,
        bool_or((r.type = 'phase_changed' OR r.type = 'lso_discussed') AND r.phase = 'reception')
            AS reception,
        bool_or(r.type = 'lso_discussed') AS any_lso,
        count(*) FILTER (WHERE r.type = 'mrt_referred') AS referrals,
        bool_or(r.type = 'mrt_referred' AND r.effective_date >= DATE '{p}') AS referred_p,
        bool_or(r.type = 'mrt_advised' AND r.effective_date >= DATE '{p}') AS advised_p,
        arg_max(r.type, r.sequence) FILTER (WHERE r.type IN ('mrt_referred', 'mrt_advised'))
            AS mrt_last
    FROM resolved r WHERE r.effective_date <= DATE '{d}' GROUP BY r.case_id
), scenario AS (
    SELECT case_id, arg_max(scenario, sequence) AS scenario,
           arg_max(effective_date, sequence) FILTER (WHERE changed) AS scenario_set
    FROM scen GROUP BY case_id
)
SELECT c.case_id, c.lvv, c.pseudonym, f.*  EXCLUDE (case_id), sc.scenario, sc.scenario_set,
       f.outcome = 'admitted' AND coalesce(f.exception_reason, '') = '' AS within,
       f.outcome = 'admitted' AND coalesce(f.exception_reason, '') <> '' AS exception
FROM cases c JOIN folded f USING (case_id) LEFT JOIN scenario sc USING (case_id);

-- Transfers that are no national outflow: accepted, the old stay left ('other') on or
-- before D, the new stay was admitted within the target group.
CREATE OR REPLACE TABLE tr AS
SELECT t.case_id AS old_id, t.new_case_id AS new_id, o.lvv AS old_lvv, n.lvv AS new_lvv
FROM transfers t
JOIN s o ON o.case_id = t.case_id
JOIN s n ON n.case_id = t.new_case_id
WHERE t.status = 'accepted' AND o.within AND o.intake IS NOT NULL AND o.outflow IS NOT NULL
  AND o.category = 'other' AND n.within;

CREATE OR REPLACE TABLE counted AS
SELECT *, outflow IS NULL AS present, case_id IN (SELECT old_id FROM tr) AS transferred
FROM s WHERE within AND intake IS NOT NULL;
"""

MAIN_SQL = """
SELECT lvv,
       count(DISTINCT pseudonym) AS sheltered,
       count(DISTINCT pseudonym) FILTER (WHERE present) AS present,
       count(*) FILTER (WHERE referrals >= 1) AS mrt_cases,
       count(*) FILTER (WHERE transferred) AS transfers,
       {outflow},
       count(*) FILTER (WHERE present AND scenario = 'departure') AS "scenario.departure",
       count(*) FILTER (WHERE present AND scenario = 'residence') AS "scenario.residence",
       count(*) FILTER (WHERE present AND scenario IS NULL) AS "scenario.none"
FROM counted GROUP BY GROUPING SETS ((lvv), ()) ORDER BY lvv NULLS LAST
"""

PRESENT_PERSONS_SQL = """
WITH p AS (
    SELECT DISTINCT c.lvv, c.pseudonym, coalesce(pe.sex, 'X') AS sex,
        coalesce(pe.birth_date, make_date(pe.birth_year, 7, 1)) AS born,
        coalesce(nullif(upper(trim(pe.nationality)), ''), 'unknown') AS nationality
    FROM counted c JOIN persons pe USING (pseudonym) WHERE c.present
), aged AS (
    SELECT *, year(DATE '{d}') - year(born)
        - CASE WHEN month(DATE '{d}') * 100 + day(DATE '{d}') < month(born) * 100 + day(born)
          THEN 1 ELSE 0 END AS age
    FROM p
)
SELECT lvv, pseudonym, sex, nationality,
    CASE WHEN age IS NULL OR age < 0 THEN 'unknown' WHEN age <= 17 THEN '0-17'
         WHEN age <= 24 THEN '18-24' WHEN age <= 34 THEN '25-34' WHEN age <= 44 THEN '35-44'
         WHEN age <= 54 THEN '45-54' WHEN age <= 64 THEN '55-64' ELSE '65+' END AS age
FROM aged
"""

DURATION_SQL = """
SELECT lvv, transferred, scenario, outflow - scenario_set AS days FROM counted
WHERE outflow IS NOT NULL AND scenario IS NOT NULL
"""

COHORT_SQL = """
WITH RECURSIVE members AS (
    SELECT c.case_id, c.lvv, c.intake, h.k,
           CAST(c.intake + to_months(h.k) AS DATE) AS on_day
    FROM counted c, (SELECT unnest([{horizons}]) AS k) h
    WHERE c.intake BETWEEN DATE '{first}' AND DATE '{last}'
      AND c.case_id NOT IN (SELECT new_id FROM tr)
), chain AS (
    SELECT m.case_id AS member, m.k, m.on_day, m.case_id AS cur, 0 AS depth FROM members m
    UNION ALL
    SELECT ch.member, ch.k, ch.on_day, t.new_id, ch.depth + 1
    FROM chain ch JOIN tr t ON t.old_id = ch.cur JOIN counted s ON s.case_id = ch.cur
    WHERE s.outflow <= ch.on_day AND ch.depth < 20
), last AS (
    SELECT member, k, arg_max(cur, depth) AS cur FROM chain GROUP BY member, k
)
SELECT m.lvv, m.k,
    CASE WHEN m.on_day > DATE '{d}' THEN 'not_reached'
         WHEN own.outflow <= m.on_day AND own.transferred THEN 'transferred'
         WHEN own.outflow <= m.on_day THEN own.category ELSE 'sheltered' END AS own_status,
    CASE WHEN m.on_day > DATE '{d}' THEN 'not_reached'
         WHEN cur.outflow <= m.on_day AND cur.transferred THEN 'transferred'
         WHEN cur.outflow <= m.on_day THEN cur.category ELSE 'sheltered' END AS total_status
FROM members m
JOIN counted own ON own.case_id = m.case_id
JOIN last l ON l.member = m.case_id AND l.k = m.k
JOIN counted cur ON cur.case_id = l.cur
"""


def duckdb_figures(paths: dict[str, Path], when: dict[str, dt.date]) -> tuple[dict, float, float]:
    """The figures from the exported files, and (time to load them, time to compute)."""
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(LOAD_SQL.format(**{k: str(v) for k, v in paths.items()}))
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    day, start = when["reference_date"], when["period_start"]
    con.execute(STATE_SQL.format(d=day.isoformat(), p=start.isoformat()))
    outflow = ",\n       ".join(
        f"count(*) FILTER (WHERE outflow IS NOT NULL AND category = '{c}') AS \"outflow.{c}\""
        for c in OUTFLOW
    )
    main_rows = con.execute(MAIN_SQL.format(outflow=outflow)).fetchall()
    names = [d[0] for d in con.description]
    main = {}
    for row in main_rows:
        values = dict(zip(names, row, strict=True))
        main[values.pop("lvv") or "total"] = values
    internal = con.execute("SELECT count(*) FROM tr").fetchone()[0]
    main["total"]["transfers"] = internal
    main["total"]["outflow.other"] -= internal
    for block in main.values():
        block["sustainable_solutions"] = sum(
            block[f"outflow.{c}"]
            for c in ("residence_granted", "departure_origin", "onward_migration")
        )

    further = _duck_further(con, day, start)
    cohort = _duck_cohort(con, when)
    computed = time.perf_counter() - started
    return {"main": main, "further": further, "cohort": cohort}, loaded, computed


def _groups(rows, key=0):
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def _duck_further(con, day: dt.date, start: dt.date) -> dict:
    from collections import Counter

    persons = con.execute(PRESENT_PERSONS_SQL.format(d=day.isoformat())).fetchall()
    national = Counter()
    seen = {}
    for _lvv, pseudonym, _sex, nationality, _age in persons:
        seen[pseudonym] = nationality
    national = Counter(n for n in seen.values() if n != "unknown")
    top = [code for code, _n in sorted(national.items(), key=lambda i: (-i[1], i[0]))][:10]
    out: dict[str, dict] = {}

    def block(code: str) -> dict:
        return out.setdefault(
            code,
            {
                "sex": Counter(),
                "age": Counter(),
                "nationality": Counter(),
                "phase": Counter(),
                "mrt": Counter(),
                "exceptions": {},
                "durations": {"departure": [], "residence": []},
            },
        )

    for group, rows in [*_groups(persons).items(), ("total", None)]:
        unique = {r[1]: r for r in (persons if rows is None else rows)}
        b = block(group)
        for _lvv, _p, sex, nationality, age in unique.values():
            b["sex"][sex if sex in ("M", "F", "X") else "X"] += 1
            b["age"][age] += 1
            b["nationality"][
                nationality if nationality in top or nationality == "unknown" else "other"
            ] += 1
    for lvv, phase, n in con.execute(
        """SELECT lvv, CASE WHEN reception THEN 'reception' WHEN any_lso THEN 'research'
                  ELSE 'none' END, count(*) FROM counted WHERE present GROUP BY ALL"""
    ).fetchall():
        block(lvv)["phase"][phase] += n
        block("total")["phase"][phase] += n
    for lvv, referred, advised, waiting in con.execute(
        """SELECT lvv, count(*) FILTER (WHERE referred_p), count(*) FILTER (WHERE advised_p),
                  count(*) FILTER (WHERE mrt_last = 'mrt_referred')
           FROM counted GROUP BY lvv"""
    ).fetchall():
        for group in (lvv, "total"):
            b = block(group)
            b["mrt"]["referred"] += referred
            b["mrt"]["advised"] += advised
            b["mrt"]["waiting"] += waiting
    exceptions = con.execute(
        f"""SELECT coalesce(lvv, 'total'), count(DISTINCT pseudonym),
                   count(DISTINCT pseudonym) FILTER (WHERE outflow IS NULL),
                   count(*) FILTER (WHERE intake >= DATE '{start.isoformat()}')
            FROM s WHERE exception AND intake IS NOT NULL
            GROUP BY GROUPING SETS ((lvv), ())"""
    ).fetchall()
    for group, sheltered, present, admitted in exceptions:
        block(group)["exceptions"] = {
            "sheltered": sheltered,
            "present": present,
            "admitted": admitted,
        }
    for lvv, transferred, scenario, days in con.execute(DURATION_SQL).fetchall():
        block(lvv)["durations"][scenario].append(days)
        if not transferred:
            block("total")["durations"][scenario].append(days)
    result = {}
    for group, b in out.items():
        durations = {}
        for scenario, values in b["durations"].items():
            bands = Counter()
            for value in values:
                months = value / MONTH_DAYS
                band = next(
                    name
                    for name, low, high in (
                        ("0-3", 0, 3),
                        ("3-6", 3, 6),
                        ("6-12", 6, 12),
                        ("12-18", 12, 18),
                        ("18-24", 18, 24),
                        ("24+", 24, 10**9),
                    )
                    if low <= months < high
                )
                bands[band] += 1
            durations[scenario] = {
                "stays": len(values),
                "median_months": round(statistics.median(values) / MONTH_DAYS, 1)
                if values
                else None,
                "months": dict(bands),
            }
        result[group] = {
            "sex": dict(b["sex"]),
            "age": dict(b["age"]),
            "nationality": dict(b["nationality"]),
            "phase": dict(b["phase"]),
            "mrt": dict(b["mrt"]),
            "exceptions": b["exceptions"] or {"sheltered": 0, "present": 0, "admitted": 0},
            "scenario_duration": durations,
        }
    return {"nationalities": top, "figures": result}


def _duck_cohort(con, when: dict[str, dt.date]) -> dict:
    from collections import Counter

    rows = con.execute(
        COHORT_SQL.format(
            horizons=", ".join(map(str, HORIZONS)),
            first=when["cohort_first"].isoformat(),
            last=when["cohort_last"].isoformat(),
            d=when["reference_date"].isoformat(),
        )
    ).fetchall()
    counts: dict[str, Counter] = {}
    for lvv, k, own, total in rows:
        counts.setdefault(lvv, Counter())[(k, own)] += 1
        counts.setdefault("total", Counter())[(k, total)] += 1
    return counts


def _nonzero(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v}


def compare(ours: dict, duck: dict) -> list[str]:
    """Every figure both compute; the differences (empty when they agree)."""
    from lvv.monitor.definitions import flatten

    problems = []
    for code, block in ours["main"]["figures"].items():
        flat = flatten(block)
        for key, value in flat.items():
            if key == "capacity":
                continue  # places, not in the event history
            other = duck["main"].get(code, {}).get(key, 0)
            if other != value:
                problems.append(f"main {code} {key}: ours {value}, duckdb {other}")
    if ours["further"]["nationalities"] != duck["further"]["nationalities"]:
        problems.append("further: top nationalities differ")
    for code, block in ours["further"]["figures"].items():
        other = duck["further"]["figures"].get(code)
        if other is None:
            if any(_nonzero(block[p]) for p in ("sex", "phase", "mrt")):
                problems.append(f"further {code}: missing in duckdb")
            continue
        for part in ("sex", "age", "nationality", "phase", "mrt", "exceptions"):
            if _nonzero(block[part]) != _nonzero(other[part]):
                problems.append(f"further {code} {part}: ours {block[part]}, duckdb {other[part]}")
        for scenario, duration in block["scenario_duration"].items():
            theirs = other["scenario_duration"][scenario]
            if (
                duration["stays"] != theirs["stays"]
                or duration["median_months"] != theirs["median_months"]
                or _nonzero(duration["months"]) != _nonzero(theirs["months"])
            ):
                problems.append(f"further {code} duration {scenario}: {duration} / {theirs}")
    for code, block in ours["cohort"]["groups"].items():
        mine = {
            (int(k), status): n
            for k, statuses in block["horizons"].items()
            for status, n in statuses.items()
            if n
        }
        theirs = dict(duck["cohort"].get(code, {}))
        if mine != theirs:
            problems.append(f"cohort {code}: ours {mine}, duckdb {theirs}")
    return problems


def timed(function, runs: int = 5) -> tuple[object, float, float]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return result, round(timings[0], 3), round(statistics.median(timings), 3)


def child(database: str, cases: int, seed: int, workdir: Path) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvv.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from lvv.demo.generator import refresh_statistics
    from lvv.monitor.cohort import cohort_figures
    from lvv.monitor.figures import monitor_figures
    from lvv.monitor.further import further_figures
    from lvv.monitor.publication import page_figures

    call_command("migrate", verbosity=0)
    when = dates(timezone.localdate())
    day, start = when["reference_date"], when["period_start"]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    call_command("generate", cases=cases, seed=seed, stdout=open(os.devnull, "w"))  # noqa: SIM115
    generate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    perturbed = perturb(seed, day)
    perturb_seconds = time.perf_counter() - started
    refresh_statistics()

    main, main_first, main_median = timed(lambda: monitor_figures(day))
    further, further_first, further_median = timed(lambda: further_figures(day, start))
    cohort, cohort_first, cohort_median = timed(
        lambda: cohort_figures(when["cohort_first"], when["cohort_last"], day)
    )
    _page, page_first, page_median = timed(
        lambda: page_figures(day, period_start=start, suppress=True), runs=3
    )
    ours = {"main": main, "further": further, "cohort": cohort}

    started = time.perf_counter()
    paths = export(workdir, database)
    export_seconds = time.perf_counter() - started
    events = sum(1 for _ in paths["events"].open(encoding="utf-8")) - 1
    duck, duck_load, duck_compute = duckdb_figures(paths, when)
    _again, _l, duck_compute_2 = duckdb_figures(paths, when)
    problems = compare(ours, duck)
    return {
        "database": database,
        "vendor": connection.vendor,
        "load_average_1min_at_start": round(load_before, 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "cases": cases,
        "events": events,
        "reference_date": day.isoformat(),
        "period_start": start.isoformat(),
        "cohort": [when["cohort_first"].isoformat(), when["cohort_last"].isoformat()],
        "generate_seconds": round(generate_seconds, 1),
        "perturbed": perturbed,
        "perturb_seconds": round(perturb_seconds, 1),
        "ours_seconds": {
            "monitor_figures": [main_first, main_median],
            "further_figures": [further_first, further_median],
            "cohort_figures": [cohort_first, cohort_median],
            "figures_page_with_suppression": [page_first, page_median],
        },
        "export_seconds": round(export_seconds, 1),
        "duckdb_load_seconds": round(duck_load, 3),
        "duckdb_compute_seconds": [round(duck_compute, 3), round(duck_compute_2, 3)],
        "figures_agree": not problems,
        "differences": problems[:20],
        "national": {
            key: main["figures"]["total"][key]
            for key in ("sheltered", "present", "sustainable_solutions", "mrt_cases", "transfers")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/lvv_i13mon_bench"
    )
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "lvv-duckdb-bench"))
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(child(args.child, args.cases, args.seed, workdir)))
        return

    results = []
    targets = [("sqlite", None)]
    if not args.skip_postgres:
        targets.append(("postgresql", args.postgres_url))
    for database, url in targets:
        env = dict(os.environ, LVV_DATA_DIR=str(workdir / f"data-{database}"))
        if database == "sqlite":
            db_file = workdir / "bench.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{db_file}"
        else:
            _fresh_postgres(url)
            env["DATABASE_URL"] = url
        command = [sys.executable, __file__, "--child", database, "--cases", str(args.cases)]
        command += ["--seed", str(args.seed), "--workdir", str(workdir)]
        print(f"[{database}] {args.cases} cases ...", file=sys.stderr)
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            raise SystemExit(f"{database}: benchmark failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
