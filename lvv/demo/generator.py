"""Many synthetic cases, fast, for benchmarks: ``lvv generate``.

The stays are planned by the same ``planner`` as the demo and written by
``services.persons_bulk_create`` / ``services.cases_bulk_create``, which validate every
event with ``workflow.check`` - so generated data obeys the same rules as entered data, it
is only written in bulk. Each batch is one transaction: an interrupted run leaves whole
batches, never half a case.

Deterministic for a seed: every random choice comes from one ``random.Random(seed)`` and
nothing depends on the database (except that local references continue after existing
persons, and V-numbers already in use are skipped).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connections, router, transaction

from lvv.access.system import system_actor
from lvv.cases import services
from lvv.cases.events import EventType
from lvv.cases.models import ActionItem, Case, CaseEvent, Person
from lvv.cases.rules import LvvRules
from lvv.cases.services.bulk import CaseHistory
from lvv.cases.vocabulary import OutflowCategory
from lvv.demo import planner
from lvv.demo.synthetic import VNumberSource, Weighted, draw_person, synthetic_uuid
from lvv.organisations.models import Lvv, Organisation
from lvv.processing_log.activities import Activity
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry

PROGRAMME_START = dt.date(2019, 4, 1)
DEFAULT_BATCH = 5000
V_NUMBER_SHARE = 0.8
SECOND_STAY_SHARE = 0.15  # of the stays that end in a category people return from
_RETURNING = {
    OutflowCategory.UNKNOWN_DESTINATION,
    OutflowCategory.FORCED_TERMINATION,
    OutflowCategory.BACK_TO_BBB,
    OutflowCategory.OTHER,
    OutflowCategory.ASYLUM_RECEPTION,
}

Progress = Callable[[int, int, float], None]  # (cases done, cases wanted, seconds so far)


@dataclass
class GenerateResult:
    cases: int = 0
    persons: int = 0
    events: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


# The tables a bulk load fills; their planner statistics are refreshed afterwards.
_LOADED_MODELS = (Person, Case, CaseEvent, ActionItem, ProcessingLogEntry, AuditRecord)


def refresh_statistics() -> None:
    """After a bulk load: planner statistics, and on PostgreSQL the visibility map.

    Without them the planner guesses the sizes of tables that grew from nothing to millions
    of rows (the pages then pick poor plans until autovacuum - if enabled - catches up), and
    PostgreSQL cannot answer counts from an index alone. ``VACUUM`` cannot run inside a
    transaction; there (in tests, say) ``ANALYZE`` alone is done.
    """
    connection = connections[router.db_for_write(Person)]
    qn = connection.ops.quote_name
    tables = [qn(model._meta.db_table) for model in _LOADED_MODELS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{verb} {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


class Generator:
    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        lvv_codes: Sequence[str] = (),
        batch_size: int = DEFAULT_BATCH,
    ):
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311  # reproducible synthetic data, no secrets
        self.seed = seed
        self.today = today
        self.batch_size = batch_size
        lvvs = Lvv.objects.all()
        if lvv_codes:
            lvvs = lvvs.filter(code__in=[code.upper() for code in lvv_codes])
        self.lvvs = {lvv.code: lvv for lvv in lvvs}
        if not self.lvvs:
            raise ValueError("no LVV matches")
        self.codes = sorted(self.lvvs)
        self.lvv_pick = Weighted(
            {code: self.lvvs[code].capacity_on(today) or 1 for code in self.codes}
        )
        self.rules = {code: LvvRules.of(lvv) for code, lvv in self.lvvs.items()}
        self.ngos = {
            org.lvv.code: org
            for org in Organisation.objects.filter(kind="ngo", lvv__in=self.lvvs.values())
            .select_related("lvv")
            .order_by("code")
        }
        self.span = (today - PROGRAMME_START).days
        self.v_numbers = VNumberSource(self.rng)
        self.existing_persons = Person.objects.count()
        self.serial = self.existing_persons

    def run(self, cases: int, progress: Progress | None = None) -> GenerateResult:
        actor = system_actor()
        result = GenerateResult()
        started = time.perf_counter()
        while result.cases < cases:
            persons, histories = self._batch(min(self.batch_size, cases - result.cases))
            if self.existing_persons:
                self._skip_v_numbers_in_use(persons)
            with transaction.atomic():
                services.persons_bulk_create(
                    actor=actor, persons=persons, activity=Activity.DEMO_DATA
                )
                services.cases_bulk_create(
                    actor=actor, histories=histories, activity=Activity.DEMO_DATA, on=self.today
                )
            result.cases += len(histories)
            result.persons += len(persons)
            result.events += sum(len(history.events) for history in histories)
            result.seconds = time.perf_counter() - started
            if progress is not None:
                progress(result.cases, cases, result.seconds)
        refresh_statistics()
        result.seconds = time.perf_counter() - started
        return result

    def _batch(self, size: int) -> tuple[list[Person], list[CaseHistory]]:
        persons: list[Person] = []
        histories: list[CaseHistory] = []
        rng = self.rng
        while len(histories) < size:
            code = self.lvv_pick.pick(rng)
            safe = rng.random() < (0.2 if code == "RTM" else 0.01)
            referral = PROGRAMME_START + dt.timedelta(days=rng.randint(0, self.span))
            events = self._plan(code, safe, referral)
            person = self._person(safe)
            persons.append(person)
            histories.append(CaseHistory(person, self.lvvs[code], events, self.ngos.get(code)))
            last = events[-1]
            if (
                len(histories) < size
                and len(self.codes) > 1
                and last.type == EventType.OUTFLOW_REGISTERED
                and last.data["category"] in _RETURNING
                and rng.random() < SECOND_STAY_SHARE
            ):
                again = last.effective_date + dt.timedelta(days=rng.randint(30, 365))
                other = rng.choice([c for c in self.codes if c != code])
                if again <= self.today:
                    events = self._plan(other, safe, again)
                    histories.append(
                        CaseHistory(person, self.lvvs[other], events, self.ngos.get(other))
                    )
        return persons, histories

    def _plan(self, code: str, safe: bool, referral: dt.date) -> list:
        rules = self.rules[code]
        traits = planner.draw_traits(self.rng, rules=rules, safe_country=safe)
        return planner.plan_stay(
            self.rng,
            traits=traits,
            rules=rules,
            lvv_code=code,
            referral_date=referral,
            today=self.today,
        )

    def _person(self, safe: bool) -> Person:
        rng = self.rng
        facts = draw_person(rng, safe_country=safe, tag="Gen", today_year=self.today.year)
        person = Person(
            uuid=synthetic_uuid(rng, salt=self.existing_persons),
            given_names=facts.given_names,
            family_name=facts.family_name,
            birth_year=facts.birth_year,
            sex=facts.sex,
            nationalities=facts.nationalities,
            languages=facts.languages,
            identity_doubt=facts.identity_doubt,
            nationality_doubt=facts.nationality_doubt,
        )
        self.serial += 1
        if rng.random() < V_NUMBER_SHARE:
            person.set_v_number(self.v_numbers.next())
        else:
            person.local_reference = f"GEN{self.seed}-{self.serial:07d}"
        return person

    def _skip_v_numbers_in_use(self, persons: list[Person]) -> None:
        """On a database that already has persons, draw again for a V-number in use."""
        while True:
            by_index = {p.v_number_index: p for p in persons if p.v_number_index}
            taken = set(
                Person.objects.filter(v_number_index__in=list(by_index)).values_list(
                    "v_number_index", flat=True
                )
            )
            if not taken:
                return
            for index in taken:
                by_index[index].set_v_number(self.v_numbers.next())
