"""Benchmark: importing a 100,000-row caseload and computing the monitor, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/monitor_bench.py [--cases 100000] [--seed 1] [--skip-postgres]

For each database the script (in a child process, because the database is chosen when Django
starts) creates an empty database, migrates it, writes a synthetic caseload CSV, imports it
with the real import (``lvv.imports``: validation, transition checks, bulk writes, processing
log) and times ``monitor_figures`` for all LVVs at one reference date. It then exports the
same caseload (one row per stay: the projection columns the monitor reads) as CSV and lets
DuckDB compute the same figures from that file, checks that DuckDB's figures equal ours, and
reports the ratio. Targets: monitor <= 1 s, import <= 60 s. Synthetic data only.

PostgreSQL: ``--postgres-url`` (default ``postgres://postgres@127.0.0.1:5432/lvv_bench``);
the database is dropped and created, so never point it at a database you need.
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

from lvv.imports.parser import COLUMNS  # noqa: E402 - after the path is set

REFERENCE_DATE = dt.date(2023, 6, 30)
LVVS = ["AMS", "GRN", "UTR", "EHV", "RTM"]
OUTFLOW = [
    ("residence_granted", 10),
    ("departure_origin", 12),
    ("onward_migration", 2),
    ("asylum_reception", 30),
    ("art64_postponement", 5),
    ("unknown_destination", 18),
    ("back_to_bbb", 2),
    ("forced_termination", 15),
    ("other", 6),
]


def write_caseload(path: Path, cases: int, seed: int) -> None:
    """A synthetic caseload: one stay per person, spread over 2019-04 .. 2024-10."""
    rng = random.Random(seed)
    start = dt.date(2019, 4, 1)
    span = (dt.date(2024, 10, 1) - start).days
    categories = [c for c, _w in OUTFLOW]
    weights = [w for _c, w in OUTFLOW]
    day = dt.timedelta(days=1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for n in range(cases):
            referral = start + rng.randrange(span) * day
            v_number = f"{9_000_000_000 + n:010d}" if rng.random() < 0.7 else ""
            row = {
                "lvv": rng.choice(LVVS),
                "v_number": v_number,
                "person_ref": "" if v_number else f"BENCH-{n:07d}",
                "birth_year": str(rng.randrange(1950, 2005)),
                "sex": rng.choice("MFX"),
                "nationality": rng.choice(["ERI", "NGA", "IRQ", "MAR", "DZA", "SOM", "AFG"]),
                "referral_date": referral.isoformat(),
            }
            kind = rng.random()
            if kind < 0.02:  # pending
                writer.writerow([row.get(c, "") for c in COLUMNS])
                continue
            admission = referral + rng.randrange(0, 10) * day
            row["admission_date"] = admission.isoformat()
            if kind < 0.05:
                row["admission_decision"] = "refused"
                writer.writerow([row.get(c, "") for c in COLUMNS])
                continue
            row["admission_decision"] = "admitted"
            row["within_target_group"] = "no" if rng.random() < 0.05 else "yes"
            intake = admission + rng.randrange(0, 5) * day
            row["intake_date"] = intake.isoformat()
            last = intake
            if rng.random() < 0.9:
                dossier = intake + rng.randrange(5, 60) * day
                row["dossier_date"] = dossier.isoformat()
                last = dossier
                if rng.random() < 0.75:
                    scenario_date = dossier + rng.randrange(0, 40) * day
                    row["scenario"] = rng.choice(["departure", "residence"])
                    row["scenario_date"] = scenario_date.isoformat()
                    last = max(last, scenario_date)
                if rng.random() < 0.05:
                    mrt = dossier + rng.randrange(20, 200) * day
                    row["mrt_date"] = mrt.isoformat()
                    last = max(last, mrt)
            if rng.random() < 0.6:
                outflow = last + rng.randrange(0, 500) * day
                row["outflow_category"] = rng.choices(categories, weights)[0]
                row["outflow_date"] = outflow.isoformat()
            writer.writerow([row.get(c, "") for c in COLUMNS])


# --- the child: one database ---------------------------------------------------------------


def _fresh_postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _export_caseload(path: Path) -> int:
    """The stays as the monitor reads them (pseudonymised: no V-number, no name)."""
    from lvv.cases.models import Case

    columns = [
        "lvv__code",
        "person__pseudonym",
        "within_target_group",
        "intake_date",
        "outflow_date",
        "outflow_category",
        "first_scenario_date",
        "scenario_date",
        "scenario",
        "mrt_referral_count",
        "mrt_referral_date",
    ]
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([c.replace("__", "_") for c in columns])
        for values in Case.objects.values_list(*columns).iterator(chunk_size=5000):
            writer.writerow(["" if v is None else v for v in values])
            count += 1
    return count


DUCKDB_SQL = """
WITH base AS (
    SELECT * FROM caseload
    WHERE within_target_group AND intake_date <= DATE '{d}'
), tagged AS (
    SELECT *, (outflow_date IS NULL OR outflow_date > DATE '{d}') AS present FROM base
)
SELECT lvv_code,
       COUNT(DISTINCT person_pseudonym) AS sheltered,
       COUNT(DISTINCT person_pseudonym) FILTER (WHERE present) AS present,
       COUNT(*) FILTER (WHERE present) AS present_stays,
       COUNT(*) FILTER (WHERE mrt_referral_count >= 1 AND mrt_referral_date <= DATE '{d}')
           AS mrt_cases,
       COUNT(*) FILTER (WHERE present AND first_scenario_date <= DATE '{d}'
                        AND scenario_date <= DATE '{d}' AND scenario = 'departure') AS departure,
       COUNT(*) FILTER (WHERE present AND first_scenario_date <= DATE '{d}'
                        AND scenario_date <= DATE '{d}' AND scenario = 'residence') AS residence
       {outflow}
FROM tagged GROUP BY lvv_code ORDER BY lvv_code
"""


def _duckdb(path: Path, day: dt.date) -> tuple[dict, float, float]:
    """DuckDB's figures from the exported CSV: time with and without reading the file."""
    import duckdb

    from lvv.cases.vocabulary import OutflowCategory

    outflow = "".join(
        f",\n       COUNT(*) FILTER (WHERE outflow_date <= DATE '{day}' "
        f"AND outflow_category = '{code}') AS \"outflow.{code}\""
        for code in OutflowCategory.values
    )
    sql = DUCKDB_SQL.format(d=day.isoformat(), outflow=outflow)
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(
        f"CREATE TABLE caseload AS SELECT * FROM read_csv('{path}', header=true, "
        "types={'within_target_group': 'BOOLEAN', 'mrt_referral_count': 'INTEGER'})"
    )
    rows = con.execute(sql).fetchall()
    with_load = time.perf_counter() - started
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        rows = con.execute(sql).fetchall()
        timings.append(time.perf_counter() - started)
    names = [d[0] for d in con.description]
    return (
        {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in rows},
        with_load,
        min(timings),
    )


def child(database: str, cases: int, seed: int, workdir: Path) -> dict:
    import django

    # Generated data, keys from the data directory: the embedded mode (lvv/config.py).
    os.environ.setdefault("LVV_EMBEDDED", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvv.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lvv.access.system import system_actor
    from lvv.imports.parser import read_file
    from lvv.imports.services import caseload_import
    from lvv.monitor.figures import monitor_figures, monitor_figures_reference

    call_command("migrate", verbosity=0)
    caseload = workdir / f"caseload-{cases}-{seed}.csv"
    if not caseload.exists():
        write_caseload(caseload, cases, seed)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rows = read_file(caseload)
    parsed = time.perf_counter() - started
    result = caseload_import(rows, actor=system_actor())
    import_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        figures = monitor_figures(REFERENCE_DATE)
        timings.append(time.perf_counter() - started)
    exact = cases <= 20_000 and figures == monitor_figures_reference(REFERENCE_DATE)

    export = workdir / f"export-{database}.csv"
    exported = _export_caseload(export)
    duck, duck_with_load, duck_query = _duckdb(export, REFERENCE_DATE)
    same = all(
        duck[code]["sheltered"] == figures["figures"][code]["sheltered"]
        and duck[code]["present"] == figures["figures"][code]["present"]
        and duck[code]["mrt_cases"] == figures["figures"][code]["mrt_cases"]
        and duck[code]["departure"] == figures["figures"][code]["scenario"]["departure"]
        and duck[code]["residence"] == figures["figures"][code]["scenario"]["residence"]
        and all(
            duck[code][f"outflow.{k}"] == v for k, v in figures["figures"][code]["outflow"].items()
        )
        for code in duck
    )
    return {
        "database": database,
        "load_average_1min_before_import": round(load_before, 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "cases": cases,
        "import_rows": result.rows,
        "import_seconds": round(import_seconds, 2),
        "parse_seconds": round(parsed, 2),
        "monitor_first_seconds": round(timings[0], 4),
        "monitor_median_seconds": round(statistics.median(timings), 4),
        "monitor_min_seconds": round(min(timings), 4),
        "reference_check": exact if cases <= 20_000 else "skipped (> 20,000 cases)",
        "exported_stays": exported,
        "duckdb_with_csv_load_seconds": round(duck_with_load, 4),
        "duckdb_query_seconds": round(duck_query, 4),
        "duckdb_same_figures": same,
        "ratio_monitor_to_duckdb_query": round(statistics.median(timings) / duck_query, 1),
        "ratio_monitor_to_duckdb_with_load": round(statistics.median(timings) / duck_with_load, 2),
        "total_national": {
            k: figures["figures"]["total"][k] for k in ("sheltered", "present", "mrt_cases")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/lvv_bench")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "lvv-bench"))
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
        print(f"[{database}] {args.cases} stays ...", file=sys.stderr)
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            raise SystemExit(f"{database}: benchmark failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
