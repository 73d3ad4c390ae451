"""Building caseload rows in code: for tests, the benchmark and the Kamerbrief reproduction.

Synthetic data only. A row is the dict of one line of an import file; :func:`import_rows`
sends a list of them through the real import (validation, services, processing log).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from lvv.imports.parser import COLUMNS, RawRow


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def stay_row(
    lvv: str,
    person_ref: str,
    referral: dt.date,
    *,
    v_number: str = "",
    decision: str = "admitted",
    admission: dt.date | None = None,
    within: bool = True,
    intake: dt.date | None = None,
    dossier: dt.date | None = None,
    scenario: str = "",
    scenario_date: dt.date | None = None,
    mrt: dt.date | None = None,
    outflow: str = "",
    outflow_date: dt.date | None = None,
    birth_year: int = 1990,
    sex: str = "M",
    nationality: str = "ERI",
) -> dict[str, str]:
    """One stay; the decision defaults to the day after the referral."""
    if decision and admission is None:
        admission = referral + dt.timedelta(days=1)
    return {
        "lvv": lvv,
        "v_number": v_number,
        "person_ref": person_ref,
        "birth_year": str(birth_year) if birth_year else "",
        "sex": sex,
        "nationality": nationality,
        "referral_date": _iso(referral),
        "admission_decision": decision,
        "admission_date": _iso(admission) if decision else "",
        "within_target_group": ("yes" if within else "no") if decision == "admitted" else "",
        "intake_date": _iso(intake),
        "dossier_date": _iso(dossier),
        "scenario": scenario or "",
        "scenario_date": _iso(scenario_date),
        "mrt_date": _iso(mrt),
        "outflow_category": outflow or "",
        "outflow_date": _iso(outflow_date),
    }


def raw_rows(rows: Sequence[dict[str, str]]) -> list[RawRow]:
    """As the parser would return them: line 2 onwards (the header is line 1)."""
    return [
        RawRow(line, {column: row.get(column, "") for column in COLUMNS})
        for line, row in enumerate(rows, start=2)
    ]


def import_rows(rows: Sequence[dict[str, str]], *, actor=None):
    from lvv.access.system import system_actor
    from lvv.imports.services import caseload_import

    return caseload_import(raw_rows(rows), actor=actor or system_actor())


def to_csv(rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
