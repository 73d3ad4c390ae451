"""Light rows for lists: what a list shows and logs, read as plain values.

Lists read ``values()`` rather than model instances: building a Case, a Person and an LVV
per row cost more than the query itself. The properties that the templates use are the
models' own (``Person.display_name``, ``Case.reference``), so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lvv.cases.models import Case, Person
from lvv.cases.vocabulary import Phase, Scenario, Stage, choice_label
from lvv.organisations.models import Lvv

PERSON_FIELDS = ("pseudonym", "given_names", "family_name", "local_reference")


@dataclass(slots=True)
class PersonRow:
    """The part of a person a list shows and logs."""

    pseudonym: str
    given_names: str
    family_name: str
    local_reference: str

    display_name = property(Person.display_name.fget)


@dataclass(slots=True)
class CaseRow:
    """A case as a list shows it: reference, name, stage, phase, scenario and dates."""

    pk: int
    lvv: Lvv
    stage: str
    referral_date: dt.date | None
    mrt_advice_date: dt.date | None
    person: PersonRow
    phase: str = ""
    scenario: str = ""
    intake_date: dt.date | None = None

    reference = property(Case.reference.fget)

    def get_stage_display(self) -> str:
        return choice_label(Stage, self.stage)

    def get_phase_display(self) -> str:
        return choice_label(Phase, self.phase)

    def get_scenario_display(self) -> str:
        return choice_label(Scenario, self.scenario)

    @classmethod
    def of(cls, row: dict, lvv_by_pk: dict[int, Lvv], prefix: str = "") -> CaseRow:
        return cls(
            pk=row[f"{prefix}id"],
            lvv=lvv_by_pk[row[f"{prefix}lvv_id"]],
            stage=row[f"{prefix}stage"],
            referral_date=row[f"{prefix}referral_date"],
            mrt_advice_date=row[f"{prefix}mrt_advice_date"],
            person=PersonRow(*(row[f"{prefix}person__{name}"] for name in PERSON_FIELDS)),
            phase=row.get(f"{prefix}phase", ""),
            scenario=row.get(f"{prefix}scenario", ""),
            intake_date=row.get(f"{prefix}intake_date"),
        )
