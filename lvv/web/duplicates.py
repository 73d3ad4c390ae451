"""The duplicate check before a new person is registered.

A candidate is a person with the same V-number (through the blind index), the same local
reference, or a similar name (difflib ratio on normalised names) with the same birth year
and a shared nationality. The user then picks the existing person or confirms a new one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from lvv.cases.models import Case, Person
from lvv.cases.services.person import person_find_by_v_number
from lvv.cases.vocabulary import CLOSED_STAGES

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
