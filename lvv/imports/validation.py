"""Checking every row of a caseload file before anything is written, and planning its events.

:func:`validate` returns every problem of the whole file at once (line, column, reason - never
a cell's value, which may be a V-number), or, when there are none, a plan: the persons to
create and, per row, the events to append. The plan is checked against the same transition
table the case services use (``workflow.check``), starting from the stay's stored state for a
stay that already exists, so the writer will not be refused half-way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lvv import crypto, inputs
from lvv.access.policy import Action, may_in_lvv
from lvv.cases import payloads, workflow
from lvv.cases.events import EventType, PlannedEvent
from lvv.cases.models import Case, Person
from lvv.cases.models.person import Sex
from lvv.cases.state import CaseState
from lvv.cases.vocabulary import (
    CLOSED_STAGES,
    DecisionOutcome,
    DossierPart,
    OutflowCategory,
    Scenario,
    Stage,
)
from lvv.imports.parser import RawRow, RowError
from lvv.organisations.models import Lvv

REFERRED_BY = "import"
EXCEPTION_REASON = "uitzondering, geïmporteerd"
REFUSAL_GROUNDS = "geïmporteerd"
MRT_QUESTION = "geïmporteerd"
IMPORT_NOTE = "geïmporteerd"
SCENARIO_CHANGE_REASON = "scenario gewijzigd volgens import"
LOCAL_REFERENCE_MAX = 50
_CHUNK = 900

# Events of one day are written in process order.
_RANK = {
    EventType.REFERRAL_REGISTERED: 0,
    EventType.ADMISSION_CHECKED: 1,
    EventType.ADMISSION_DECIDED: 2,
    EventType.INTAKE_REGISTERED: 3,
    EventType.DOSSIER_REQUESTED: 4,
    EventType.DOSSIER_PART_DELIVERED: 5,
    EventType.LSO_DISCUSSED: 6,
    EventType.SCENARIO_CHANGED: 6,
    EventType.MRT_REFERRED: 7,
    EventType.OUTFLOW_REGISTERED: 8,
}

_SEXES = frozenset(Sex.values)
_DECISIONS = tuple(DecisionOutcome.values)
_SCENARIOS = tuple(Scenario.values)
_OUTFLOWS = tuple(OutflowCategory.values)

PersonKey = tuple[str, object]  # ("p", pk) existing, ("v", blind index) or ("r", ref) new


@dataclass
class Step:
    """One event to write, and the column it comes from (for error messages)."""

    column: str
    event: PlannedEvent


@dataclass
class Row:
    line: int
    lvv: Lvv
    v_number: str
    person_ref: str
    birth_year: int | None
    sex: str
    nationality: str
    referral_date: dt.date
    decision: str
    admission_date: dt.date | None
    within_target_group: bool | None
    intake_date: dt.date | None
    dossier_date: dt.date | None
    scenario: str
    scenario_date: dt.date | None
    mrt_date: dt.date | None
    outflow_category: str
    outflow_date: dt.date | None
    person_key: PersonKey | None = None
    case: Case | None = None  # the stored stay this row describes, if any
    steps: list[Step] = field(default_factory=list)
    final_stage: str = ""


@dataclass
class Plan:
    """What the writer does: create ``new_persons``, then write every row's ``steps``."""

    rows: list[Row]
    new_persons: dict[PersonKey, Row]  # the first row that names each new person


class ImportRefused(Exception):
    """The file has problems; nothing was stored. ``errors`` names every one."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.line, _column_order(e.column)))
        super().__init__("; ".join(str(error) for error in self.errors))


def _column_order(column: str) -> int:
    from lvv.imports.parser import COLUMNS

    return COLUMNS.index(column) if column in COLUMNS else -1


# --- one row on its own -------------------------------------------------------------------


class _Cells:
    """Parses the cells of one row, collecting a problem per bad cell."""

    def __init__(self, raw: RawRow, today: dt.date, errors: list[RowError]):
        self.raw = raw
        self.today = today
        self.errors = errors
        self.ok = True
        self.bad: set[str] = set()  # columns already reported: no follow-up errors on them

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.bad.add(column)
        self.errors.append(RowError(self.raw.line, column, str(message)))

    def text(self, column: str) -> str:
        return (self.raw.values.get(column) or "").strip()

    def date(self, column: str) -> dt.date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            day = dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            self.error(column, _("Geen geldige datum; gebruik JJJJ-MM-DD."))
            return None
        if day > self.today:
            self.error(column, _("De datum ligt in de toekomst; dat kan niet."))
        return day

    def choice(self, column: str, choices: Sequence[str], message: str) -> str:
        value = self.text(column).lower()
        if value and value not in choices:
            self.error(column, message)
            return ""
        return value


# --- the shared input limits (lvv/inputs.py): the same as for the forms and the API ---------

_DATE_COLUMNS = (
    "referral_date",
    "admission_date",
    "intake_date",
    "dossier_date",
    "scenario_date",
    "mrt_date",
    "outflow_date",
)


def _shared_input_limits(raw: RawRow, today: dt.date, cells: _Cells) -> None:
    """Length and control characters of every cell; no case event before 1 April 2019."""
    for column, value in raw.values.items():
        problem = inputs.check_text(
            value or "", max_length=inputs.IMPORT_CELL_MAX, single_line=True
        )
        if problem:
            cells.error(column, problem)
    for column in _DATE_COLUMNS:
        value = (raw.values.get(column) or "").strip()
        try:
            day = dt.date.fromisoformat(value) if len(value) == 10 else None  # noqa: PLR2004
        except ValueError:
            day = None
        if day is not None and day < inputs.PROGRAMME_START and column not in cells.bad:
            cells.error(column, inputs.check_event_date(day, today))


def _parse(raw: RawRow, lvvs: dict[str, Lvv], today: dt.date, errors: list[RowError]):
    cells = _Cells(raw, today, errors)
    _shared_input_limits(raw, today, cells)
    if raw.extra_cells:
        cells.error("", _("Deze regel heeft meer cellen dan er kolommen zijn."))
    lvv = lvvs.get(cells.text("lvv").upper())
    if lvv is None:
        cells.error("lvv", _("Onbekende LVV-code."))
    v_number = cells.text("v_number")
    if v_number and not (len(v_number) == 10 and v_number.isdigit()):
        cells.error("v_number", _("Een V-nummer bestaat uit precies 10 cijfers."))
    person_ref = cells.text("person_ref")
    if not v_number and not person_ref:
        cells.error("v_number", _("Geef een V-nummer, of een lokale referentie in person_ref."))
    if len(person_ref) > LOCAL_REFERENCE_MAX:
        cells.error(
            "person_ref",
            _("Een lokale referentie is hoogstens %(max)s tekens.") % {"max": LOCAL_REFERENCE_MAX},
        )
    birth_year = None
    if cells.text("birth_year"):
        try:
            birth_year = int(cells.text("birth_year"))
        except ValueError:
            birth_year = -1
        if not 1900 <= birth_year <= today.year:
            cells.error("birth_year", _("Geen geldig geboortejaar."))
            birth_year = None
    sex = cells.text("sex").upper()
    if sex not in _SEXES:
        cells.error("sex", _("Kies M, F of X."))
    nationality = cells.text("nationality").upper()
    if nationality and not (len(nationality) == 3 and nationality.isalpha()):
        cells.error("nationality", _("Geen ISO 3166-1 alpha-3 landcode (drie letters)."))
    referral_date = cells.date("referral_date")
    if cells.text("referral_date") == "":
        cells.error("referral_date", _("De aanmelddatum is verplicht."))
    decision = cells.choice("admission_decision", _DECISIONS, _lazy("Kies admitted of refused."))
    admission_date = cells.date("admission_date")
    within = cells.choice("within_target_group", ("yes", "no"), _lazy("Kies yes of no."))
    intake_date = cells.date("intake_date")
    dossier_date = cells.date("dossier_date")
    scenario = cells.choice("scenario", _SCENARIOS, _lazy("Kies departure of residence."))
    scenario_date = cells.date("scenario_date")
    mrt_date = cells.date("mrt_date")
    outflow_category = cells.choice(
        "outflow_category", _OUTFLOWS, _lazy("Geen bekende uitstroomcategorie.")
    )
    outflow_date = cells.date("outflow_date")
    if lvv is None or referral_date is None:
        return None
    row = Row(
        line=raw.line,
        lvv=lvv,
        v_number=v_number,
        person_ref=person_ref,
        birth_year=birth_year,
        sex=sex,
        nationality=nationality,
        referral_date=referral_date,
        decision=decision,
        admission_date=admission_date,
        within_target_group={"yes": True, "no": False}.get(within),
        intake_date=intake_date,
        dossier_date=dossier_date,
        scenario=scenario,
        scenario_date=scenario_date,
        mrt_date=mrt_date,
        outflow_category=outflow_category,
        outflow_date=outflow_date,
    )
    return row if _check_order(row, cells) and cells.ok else None


def _check_order(row: Row, cells: _Cells) -> bool:
    """The process order of the issue: every date after the step it depends on.

    A check that involves a cell already reported as invalid is skipped, so one bad cell
    gives one message, while every other problem of the row is still reported.
    """
    ok_before = cells.ok

    def needs(column: str, value, earlier_column: str, earlier, what: str) -> None:
        if value is None or value == "" or {column, earlier_column} & cells.bad:
            return
        if earlier is None or earlier == "":
            cells.error(column, what)

    def not_before(column: str, value, earlier_column: str, earlier) -> None:
        if value is not None and earlier is not None and value < earlier:
            cells.error(
                column,
                _("Deze datum ligt vóór %(earlier)s; dat kan niet.") % {"earlier": earlier_column},
            )

    def not_after(column: str, value, later_column: str, later) -> None:
        if value is not None and later is not None and value > later:
            cells.error(
                column,
                _("Deze datum ligt na %(later)s; dat kan niet.") % {"later": later_column},
            )

    if bool(row.decision) != (row.admission_date is not None):
        column = "admission_date" if row.decision else "admission_decision"
        if not {"admission_decision", "admission_date"} & cells.bad:
            cells.error(
                column,
                _("Besluit en besluitdatum horen bij elkaar: vul beide of geen van beide in."),
            )
    if (
        row.decision == DecisionOutcome.ADMITTED
        and row.within_target_group is None
        and "within_target_group" not in cells.bad
    ):
        cells.error(
            "within_target_group",
            _("Geef bij een toelating aan of de persoon binnen de doelgroep valt (yes of no)."),
        )
    if row.decision == DecisionOutcome.REFUSED and row.intake_date is not None:
        cells.error("intake_date", _("Na een afwijzing volgt geen intake."))
    needs(
        "intake_date",
        row.intake_date,
        "admission_date",
        row.admission_date,
        _lazy("Een intake vraagt eerst een toelating (admission_decision en admission_date)."),
    )
    needs(
        "dossier_date",
        row.dossier_date,
        "intake_date",
        row.intake_date,
        _lazy("Een dossier vraagt eerst een intake."),
    )
    needs(
        "scenario_date",
        row.scenario_date,
        "dossier_date",
        row.dossier_date,
        _lazy("Een scenario wordt pas vastgesteld als het dossier er is (dossier_date)."),
    )
    needs(
        "mrt_date",
        row.mrt_date,
        "dossier_date",
        row.dossier_date,
        _lazy("Voorleggen aan het MRT kan pas als het dossier er is (dossier_date)."),
    )
    needs(
        "outflow_date",
        row.outflow_date,
        "intake_date",
        row.intake_date,
        _lazy("Uitstroom vraagt eerst een intake."),
    )
    if bool(row.scenario) != (row.scenario_date is not None):
        column = "scenario_date" if row.scenario else "scenario"
        if not {"scenario", "scenario_date"} & cells.bad:
            cells.error(
                column,
                _("Scenario en scenariodatum horen bij elkaar: vul beide of geen van beide in."),
            )
    if bool(row.outflow_category) != (row.outflow_date is not None):
        column = "outflow_date" if row.outflow_category else "outflow_category"
        if not {"outflow_category", "outflow_date"} & cells.bad:
            cells.error(
                column,
                _(
                    "Uitstroomcategorie en uitstroomdatum horen bij elkaar: vul beide of geen "
                    "van beide in."
                ),
            )
    not_before("admission_date", row.admission_date, "referral_date", row.referral_date)
    not_before("intake_date", row.intake_date, "admission_date", row.admission_date)
    not_before("dossier_date", row.dossier_date, "intake_date", row.intake_date)
    not_before("scenario_date", row.scenario_date, "dossier_date", row.dossier_date)
    not_before("mrt_date", row.mrt_date, "dossier_date", row.dossier_date)
    not_before("outflow_date", row.outflow_date, "intake_date", row.intake_date)
    not_after("dossier_date", row.dossier_date, "outflow_date", row.outflow_date)
    not_after("scenario_date", row.scenario_date, "outflow_date", row.outflow_date)
    not_after("mrt_date", row.mrt_date, "outflow_date", row.outflow_date)
    return cells.ok and ok_before


# --- the events of a row ------------------------------------------------------------------


def _step(column: str, day: dt.date, payload: payloads.Payload, reason: str = "") -> Step:
    return Step(column, PlannedEvent(day, payload, reason))


def _decision_steps(row: Row, with_check: bool) -> list[Step]:
    admitted = row.decision == DecisionOutcome.ADMITTED
    steps = []
    if with_check:
        # the import records no exclusion facts
        steps.append(_step("admission_date", row.admission_date, payloads.AdmissionChecked()))
    steps.append(
        _step(
            "admission_decision",
            row.admission_date,
            payloads.AdmissionDecided(
                outcome=row.decision,
                grounds="" if admitted else REFUSAL_GROUNDS,
                exception_reason=(
                    EXCEPTION_REASON if admitted and row.within_target_group is False else ""
                ),
            ),
        )
    )
    return steps


def _dossier_steps(row: Row, state: CaseState) -> list[Step]:
    steps = []
    if state.dossier_requested_date is None:
        steps.append(_step("dossier_date", row.dossier_date, payloads.DossierRequested()))
    for part, delivered in (
        (DossierPart.IND, state.dossier_ind_date),
        (DossierPart.DTV, state.dossier_dtv_date),
    ):
        if delivered is None:
            steps.append(
                _step(
                    "dossier_date", row.dossier_date, payloads.DossierPartDelivered(part=part.value)
                )
            )
    return steps


def _lso_step(row: Row) -> Step:
    return _step(
        "scenario_date",
        row.scenario_date,
        payloads.LsoDiscussed(scenario=row.scenario, notes=IMPORT_NOTE),
    )


def _mrt_step(row: Row) -> Step:
    return _step("mrt_date", row.mrt_date, payloads.MrtReferred(question=MRT_QUESTION))


def _outflow_step(row: Row) -> Step:
    return _step(
        "outflow_date",
        row.outflow_date,
        payloads.OutflowRegistered(category=row.outflow_category, notes=IMPORT_NOTE),
    )


def _ordered(steps: list[Step]) -> list[Step]:
    return sorted(steps, key=lambda s: (s.event.effective_date, _RANK[s.event.type]))


def new_stay_steps(row: Row) -> list[Step]:
    """Every event of a stay the system does not know yet, in date and process order."""
    steps = [
        _step(
            "referral_date", row.referral_date, payloads.ReferralRegistered(referred_by=REFERRED_BY)
        )
    ]
    if row.decision:
        steps.extend(_decision_steps(row, with_check=True))
    if row.intake_date:
        steps.append(_step("intake_date", row.intake_date, payloads.IntakeRegistered()))
    if row.dossier_date:
        steps.extend(_dossier_steps(row, CaseState()))
    if row.scenario:
        steps.append(_lso_step(row))
    if row.mrt_date:
        steps.append(_mrt_step(row))
    if row.outflow_date:
        steps.append(_outflow_step(row))
    return _ordered(steps)


def missing_steps(row: Row, state: CaseState, errors: list[RowError]) -> list[Step]:
    """The events a new version of a row adds to a stored stay; a differing value is an error.

    An empty cell means "not in this file", never "delete": the import only appends.
    """
    problems: list[str] = []
    steps: list[Step] = []

    def conflict(column: str) -> None:
        problems.append(column)

    if row.decision:
        if not state.decision_outcome:
            steps.extend(_decision_steps(row, with_check=state.stage == Stage.REFERRED))
        elif state.decision_outcome != row.decision:
            conflict("admission_decision")
        elif state.decision_date != row.admission_date:
            conflict("admission_date")
        elif row.decision == DecisionOutcome.ADMITTED and (
            state.within_target_group != row.within_target_group
        ):
            conflict("within_target_group")
    if row.intake_date:
        if state.intake_date is None:
            steps.append(_step("intake_date", row.intake_date, payloads.IntakeRegistered()))
        elif state.intake_date != row.intake_date:
            conflict("intake_date")
    if row.dossier_date:
        if state.dossier_complete_date is None:
            delivered = [d for d in (state.dossier_ind_date, state.dossier_dtv_date) if d]
            if any(day > row.dossier_date for day in delivered):
                conflict("dossier_date")
            else:
                steps.extend(_dossier_steps(row, state))
        elif state.dossier_complete_date != row.dossier_date:
            conflict("dossier_date")
    if row.scenario:
        if not state.scenario:
            steps.append(_lso_step(row))
        elif state.scenario == row.scenario:
            if row.scenario_date not in (state.scenario_date, state.first_scenario_date):
                conflict("scenario_date")
        elif state.scenario_date is not None and row.scenario_date > state.scenario_date:
            steps.append(
                _step(
                    "scenario",
                    row.scenario_date,
                    payloads.ScenarioChanged(scenario=row.scenario),
                    SCENARIO_CHANGE_REASON,
                )
            )
        else:
            conflict("scenario")
    if row.mrt_date:
        if state.mrt_referral_count == 0:
            steps.append(_mrt_step(row))
        elif row.mrt_date != state.mrt_referral_date and not (
            state.mrt_referral_count > 1 and row.mrt_date < state.mrt_referral_date
        ):
            conflict("mrt_date")
    if row.outflow_date:
        if state.outflow_date is None:
            steps.append(_outflow_step(row))
        elif state.outflow_date != row.outflow_date:
            conflict("outflow_date")
        elif state.outflow_category != row.outflow_category:
            conflict("outflow_category")
    for column in problems:
        errors.append(
            RowError(
                row.line,
                column,
                _(
                    "Wijkt af van wat voor dit verblijf al is vastgelegd. De import vult alleen "
                    "aan; corrigeer de casus zelf."
                ),
            )
        )
    return _ordered(steps) if not problems else []


def simulate(
    state: CaseState, steps: list[Step], line: int, today: dt.date, errors: list[RowError]
) -> str | None:
    """The steps through ``workflow.fold``: the final stage, or None when refused (with the
    refusal reported at the refused step's line and column)."""
    folded = workflow.fold([step.event for step in steps], today=today, state=state)
    if not folded.ok:
        column = steps[folded.refused].column
        errors.append(RowError(line, column, " ".join(str(p) for p in folded.problems)))
        return None
    return folded.state.stage


def _final_stage(row: Row) -> str:
    """The stage a new stay ends in, read from its row (the order checks have passed)."""
    if row.outflow_date:
        return Stage.OUTFLOWED
    if row.decision == DecisionOutcome.REFUSED:
        return Stage.REFUSED
    if row.decision:
        return Stage.ADMITTED if row.intake_date is None else Stage.SHELTERED
    return Stage.REFERRED


# --- rows together, and against the database ---------------------------------------------


def _chunks(values: list, size: int = _CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _resolve_persons(rows: list[Row], errors: list[RowError]) -> dict[PersonKey, Row]:
    """Give every row a person key; return the new persons (first row naming each)."""
    indexes = {row.line: crypto.blind_index(row.v_number) for row in rows if row.v_number}
    by_index: dict[str, int] = {}
    for chunk in _chunks(sorted(set(indexes.values()))):
        by_index.update(
            Person.objects.filter(v_number_index__in=chunk).values_list("v_number_index", "pk")
        )
    refs = sorted({row.person_ref for row in rows if row.person_ref})
    by_ref: dict[str, int] = {}
    for chunk in _chunks(refs):
        by_ref.update(
            Person.objects.filter(local_reference__in=chunk).values_list("local_reference", "pk")
        )

    alias: dict[str, tuple[PersonKey, int]] = {}  # person_ref -> key of a row with a V-number
    for row in rows:
        if not (row.v_number and row.person_ref):
            continue
        index = indexes[row.line]
        key: PersonKey = ("p", by_index[index]) if index in by_index else ("v", index)
        known = by_ref.get(row.person_ref)
        if known is not None and key != ("p", known):
            errors.append(
                RowError(
                    row.line,
                    "person_ref",
                    _("Deze lokale referentie hoort al bij een andere persoon in het systeem."),
                )
            )
            continue
        earlier = alias.get(row.person_ref)
        if earlier is not None and earlier[0] != key:
            errors.append(
                RowError(
                    row.line,
                    "person_ref",
                    _("Regel %(line)s geeft deze lokale referentie aan een ander V-nummer.")
                    % {"line": earlier[1]},
                )
            )
            continue
        alias.setdefault(row.person_ref, (key, row.line))

    new_persons: dict[PersonKey, Row] = {}
    refs_of_new: dict[PersonKey, str] = {}
    for row in rows:
        if row.v_number:
            index = indexes[row.line]
            key = ("p", by_index[index]) if index in by_index else ("v", index)
        elif row.person_ref in by_ref:
            key = ("p", by_ref[row.person_ref])
        elif row.person_ref in alias:
            key = alias[row.person_ref][0]
        else:
            key = ("r", row.person_ref)
        row.person_key = key
        if key[0] == "p":
            continue
        first = new_persons.setdefault(key, row)
        if first is not row:
            for column, mine, theirs in (
                ("birth_year", row.birth_year, first.birth_year),
                ("sex", row.sex, first.sex),
                ("nationality", row.nationality, first.nationality),
            ):
                if mine != theirs:
                    errors.append(
                        RowError(
                            row.line,
                            column,
                            _("Wijkt af van regel %(line)s over dezelfde persoon.")
                            % {"line": first.line},
                        )
                    )
        if row.person_ref:
            ref = refs_of_new.setdefault(key, row.person_ref)
            if ref != row.person_ref:
                errors.append(
                    RowError(
                        row.line,
                        "person_ref",
                        _("Regel %(line)s geeft dezelfde persoon een andere lokale referentie.")
                        % {"line": first.line},
                    )
                )
    return new_persons


def _stored_cases(rows: list[Row]) -> dict[int, list[Case]]:
    person_ids = sorted({row.person_key[1] for row in rows if row.person_key[0] == "p"})
    cases: dict[int, list[Case]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        for case in Case.objects.filter(person_id__in=chunk).prefetch_related("action_items"):
            cases[case.person_id].append(case)
    return cases


def validate(raw_rows: Sequence[RawRow], *, actor, today: dt.date) -> Plan:
    """Every problem of the file, or the plan to write it. Reads, never writes."""
    errors: list[RowError] = []
    lvvs = {lvv.code: lvv for lvv in Lvv.objects.all()}
    allowed = {lvv.pk for lvv in lvvs.values() if may_in_lvv(actor, Action.CASELOAD_IMPORT, lvv)}
    rows: list[Row] = []
    for raw in raw_rows:
        row = _parse(raw, lvvs, today, errors)
        if row is None:
            continue
        if row.lvv.pk not in allowed:
            errors.append(
                RowError(row.line, "lvv", _("U mag geen caseload importeren voor deze LVV."))
            )
            continue
        rows.append(row)

    new_persons = _resolve_persons(rows, errors)
    stored = _stored_cases(rows)
    seen: dict[tuple, int] = {}
    for row in rows:
        stay = (row.lvv.pk, row.person_key, row.referral_date)
        if stay in seen:
            errors.append(
                RowError(
                    row.line,
                    "",
                    _("Dit verblijf (LVV, persoon, aanmelddatum) staat ook op regel %(line)s.")
                    % {"line": seen[stay]},
                )
            )
            continue
        seen[stay] = row.line
        if row.person_key[0] == "p":
            row.case = next(
                (
                    case
                    for case in stored.get(row.person_key[1], ())
                    if case.lvv_id == row.lvv.pk and case.referral_date == row.referral_date
                ),
                None,
            )
        if row.case is None:
            # Checked against the transition table by cases_bulk_create (which maps a refusal
            # back to its column with simulate()); the final stage is all we need here.
            row.steps = new_stay_steps(row)
            row.final_stage = _final_stage(row)
        else:
            state = row.case.to_state()
            row.steps = missing_steps(row, state, errors)
            row.final_stage = simulate(state, row.steps, row.line, today, errors) or state.stage
    _check_open_stays(rows, stored, errors)
    if errors:
        raise ImportRefused(errors)
    return Plan(rows=rows, new_persons=new_persons)


def _check_open_stays(
    rows: list[Row], stored: dict[int, list[Case]], errors: list[RowError]
) -> None:
    """A person has at most one stay not closed (refused or outflowed), as in the services."""
    in_file = {row.case.pk for row in rows if row.case is not None}
    open_rows: dict[PersonKey, list[Row]] = defaultdict(list)
    for row in rows:
        if row.final_stage and row.final_stage not in CLOSED_STAGES:
            open_rows[row.person_key].append(row)
    for key, candidates in open_rows.items():
        stored_open = key[0] == "p" and any(
            case.pk not in in_file and case.stage not in CLOSED_STAGES
            for case in stored.get(key[1], ())
        )
        candidates.sort(key=lambda r: r.referral_date)
        wrong = candidates if stored_open else candidates[1:]
        for row in wrong:
            errors.append(
                RowError(
                    row.line,
                    "outflow_date",
                    _(
                        "Deze persoon zou meer dan één lopend verblijf hebben; een eerder "
                        "verblijf moet eerst zijn afgesloten met een uitstroom of afwijzing."
                    ),
                )
            )
