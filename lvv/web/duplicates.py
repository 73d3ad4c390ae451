"""The duplicate check before a new person is registered.

A candidate is a person with the same V-number (through the blind index), the same local
reference, or a similar name (difflib ratio on normalised names) with the same birth year
and a shared nationality. The search is national - a person may have stayed in another LVV -
but what the user learns goes through the policy (``Action.DUPLICATE_CHECK``,
:func:`duplicate_check`): a candidate with a stay inside the user's scope is shown and can be
picked; one outside it only as "possibly known at LVV X, contact ...", without name, birth
year or nationality, and cannot be picked. Both are written to the processing log.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from lvv.access.policy import Action, restrict
from lvv.cases.models import Case, Person
from lvv.cases.services.person import person_find_by_v_number
from lvv.cases.vocabulary import CLOSED_STAGES
from lvv.organisations.models import Lvv, Organisation, OrganisationKind
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record

NAME_SIMILARITY = 0.8
MAX_CANDIDATES = 10


def normalise_name(*parts: str) -> str:
    """Lower case, accents off, punctuation out, words sorted (order of names varies)."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return " ".join(sorted(words))


def name_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


@dataclass
class Candidate:
    person: Person
    reasons: list[str] = field(default_factory=list)
    open_case: Case | None = None
    stays: int = 0


def find_duplicates(
    *,
    v_number: str = "",
    local_reference: str = "",
    given_names: str = "",
    family_name: str = "",
    birth_year: int | None = None,
    nationalities: list[str] | tuple[str, ...] = (),
) -> list[Candidate]:
    found: dict[int, Candidate] = {}

    def add(person: Person, reason: str) -> None:
        found.setdefault(person.pk, Candidate(person)).reasons.append(reason)

    if v_number:
        person = person_find_by_v_number(v_number)
        if person is not None:
            add(person, _("zelfde V-nummer"))
    if local_reference:
        person = Person.objects.filter(local_reference=local_reference).first()
        if person is not None:
            add(person, _("zelfde lokale referentie"))
    name = normalise_name(given_names, family_name)
    if name and birth_year:
        wanted = {code.upper() for code in nationalities}
        pool = Person.objects.filter(birth_year=birth_year).only(
            "pk", "given_names", "family_name", "nationalities"
        )
        for person in pool.iterator(chunk_size=2000):
            if wanted and not wanted & set(person.nationalities or []):
                continue
            ratio = name_similarity(name, normalise_name(person.given_names, person.family_name))
            if ratio >= NAME_SIMILARITY:
                add(
                    person,
                    _("gelijkende naam (%(pct)d%%), zelfde geboortejaar en nationaliteit")
                    % {"pct": round(ratio * 100)},
                )
            if len(found) >= MAX_CANDIDATES:
                break
    if not found:
        return []
    persons = Person.objects.in_bulk(list(found))
    candidates = []
    for pk, candidate in found.items():
        candidate.person = persons[pk]
        candidates.append(candidate)
    for case in Case.objects.filter(person_id__in=list(found)).select_related("lvv"):
        candidate = found[case.person_id]
        candidate.stays += 1
        if case.stage not in CLOSED_STAGES:
            candidate.open_case = case
    return candidates


@dataclass(frozen=True)
class OutsideMatch:
    """A candidate outside the user's scope: only where it is known and whom to contact."""

    lvv_names: tuple[str, ...]
    contacts: tuple[str, ...]  # the municipality (case director) of each of those LVVs


@dataclass
class DuplicateCheck:
    within: list[Candidate]
    outside: list[OutsideMatch]

    def __bool__(self) -> bool:
        return bool(self.within or self.outside)


def duplicate_check(user, **criteria) -> DuplicateCheck:
    """The candidates of :func:`find_duplicates`, split by the policy, and logged."""
    candidates = find_duplicates(**criteria)
    if not candidates:
        return DuplicateCheck([], [])
    person_ids = [candidate.person.pk for candidate in candidates]
    visible = set(
        restrict(Case.objects.filter(person_id__in=person_ids), user, Action.DUPLICATE_CHECK)
        .values_list("person_id", flat=True)
        .distinct()
    )
    within = [c for c in candidates if c.person.pk in visible]
    outside_candidates = [c for c in candidates if c.person.pk not in visible]
    outside = []
    if outside_candidates:
        lvv_ids: dict[int, list[int]] = {}
        for person_id, lvv_id in (
            Case.objects.filter(person_id__in=[c.person.pk for c in outside_candidates])
            .order_by("-referral_date", "-pk")
            .values_list("person_id", "lvv_id")
        ):
            lvv_ids.setdefault(person_id, [])
            if lvv_id not in lvv_ids[person_id]:
                lvv_ids[person_id].append(lvv_id)
        lvvs = Lvv.objects.in_bulk({i for ids in lvv_ids.values() for i in ids})
        contacts = {
            organisation.lvv_id: organisation.name
            for organisation in Organisation.objects.filter(
                lvv_id__in=list(lvvs), kind=OrganisationKind.MUNICIPALITY
            ).order_by("-pk")
        }
        for candidate in outside_candidates:
            ids = lvv_ids.get(candidate.person.pk, [])
            outside.append(
                OutsideMatch(
                    lvv_names=tuple(lvvs[i].name for i in ids),
                    contacts=tuple(contacts.get(i, "") for i in ids if contacts.get(i)),
                )
            )
    if within:
        processing_record(
            actor=user,
            operation=Operation.READ,
            activity=Activity.REFERRAL,
            subject_pseudonyms=[c.person.pseudonym for c in within],
            resource="duplicate-check",
        )
    if outside_candidates:
        processing_record(
            actor=user,
            operation=Operation.READ,
            activity=Activity.REFERRAL,
            subject_pseudonyms=[c.person.pseudonym for c in outside_candidates],
            resource="duplicate-check:outside-scope",
            outcome="found",
        )
    return DuplicateCheck(within, outside)
