"""Synthetic person data: obviously made-up names, V-numbers and background facts.

Everything is drawn from a caller-supplied ``random.Random`` so the demo and the generator
are reproducible for a seed. Names are built from neutral syllables plus a letter-number tag
("Lumavi Demo-K417"), so no generated record can be mistaken for - or match - a real person.
"""

from __future__ import annotations

import bisect
import itertools
import random
import uuid
from dataclasses import dataclass

# Neutral syllables: pronounceable, but combined they are no common name in any language
# the LVV population speaks, and the "Demo-"/"Gen-" tag makes the record visibly synthetic.
_SYLLABLES = (
    "ka", "lo", "mi", "ra", "vu", "te", "no", "sa", "di", "pe",
    "zu", "lam", "ven", "tor", "bi", "ku", "sel", "mo", "ri", "fa",
)  # fmt: skip
_TAG_LETTERS = "ABCDEFGHKLMNPRSTVZ"

# Nationalities (ISO 3166-1 alpha-3) common among LVV participants; weights are loose.
NATIONALITIES = {
    "NGA": 6, "GIN": 5, "SLE": 4, "AFG": 5, "IRQ": 5, "IRN": 5, "ETH": 5, "SDN": 5,
    "SOM": 5, "LBY": 3, "ERI": 4, "CMR": 3, "GMB": 3, "RUS": 2, "YEM": 2, "EGY": 3,
    "SYR": 2, "UGA": 2, "LBR": 2, "CIV": 2,
}  # fmt: skip
# Nationals of a safe country of origin (the national list changes; these are examples).
SAFE_COUNTRIES = {"MAR": 5, "DZA": 5, "TUN": 3, "GEO": 3, "MNG": 3, "ALB": 2, "SEN": 2}
_LANGUAGES = {
    "NGA": ["en"], "GIN": ["fr"], "SLE": ["en"], "AFG": ["fa", "ps"], "IRQ": ["ar", "ku"],
    "IRN": ["fa"], "ETH": ["am"], "SDN": ["ar"], "SOM": ["so"], "LBY": ["ar"], "ERI": ["ti"],
    "CMR": ["fr", "en"], "GMB": ["en"], "RUS": ["ru"], "YEM": ["ar"], "EGY": ["ar"],
    "SYR": ["ar"], "UGA": ["en"], "LBR": ["en"], "CIV": ["fr"], "MAR": ["ar", "fr"],
    "DZA": ["ar", "fr"], "TUN": ["ar"], "GEO": ["ka"], "MNG": ["mn"], "ALB": ["sq"],
    "SEN": ["fr"],
}  # fmt: skip


class Weighted:
    """A weighted choice with the cumulative weights computed once (it runs per person)."""

    def __init__(self, table: dict):
        self.population = list(table)
        self.cum_weights = list(itertools.accumulate(table.values()))
        self.total = self.cum_weights[-1]

    def pick(self, rng: random.Random):
        return self.population[bisect.bisect(self.cum_weights, rng.random() * self.total)]


_NATIONALITY = Weighted(NATIONALITIES)
_SAFE_NATIONALITY = Weighted(SAFE_COUNTRIES)
_SEX = Weighted({"M": 80, "F": 18, "X": 2})


def synthetic_name(rng: random.Random, tag: str = "Demo") -> tuple[str, str]:
    """(given names, family name), e.g. ("Lumavi", "Demo-K417"): visibly not a real person."""
    given = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    family = f"{tag}-{rng.choice(_TAG_LETTERS)}{rng.randint(100, 999)}"
    return given, family


def synthetic_uuid(rng: random.Random, salt: int = 0) -> uuid.UUID:
    """A version-4 UUID from the seeded generator, so pseudonyms are reproducible too.

    ``salt`` (the number of persons already stored) keeps a second run with the same seed
    on the same database from drawing the same UUIDs - and so the same pseudonyms.
    """
    mixed = rng.getrandbits(128) ^ ((salt * 0x9E3779B97F4A7C15F39CC0605CEDC835) % 2**128)
    return uuid.UUID(int=mixed, version=4)


class VNumberSource:
    """Unique 10-digit V-numbers drawn from the seeded generator.

    ``taken`` holds numbers to avoid (e.g. already in the database); each draw is added, so
    one source never hands out a number twice.
    """

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.taken: set[str] = set(taken or ())

    def next(self) -> str:
        while True:
            number = f"{self.rng.randrange(10**9, 10**10):010d}"
            if number not in self.taken:
                self.taken.add(number)
                return number


@dataclass(frozen=True)
class PersonFacts:
    """The background of one synthetic person, before it becomes a ``Person`` row."""

    given_names: str
    family_name: str
    birth_year: int
    sex: str
    nationalities: list[str]
    languages: list[str]
    identity_doubt: bool
    nationality_doubt: bool
    safe_country_national: bool


def draw_person(
    rng: random.Random, *, safe_country: bool, tag: str = "Demo", today_year: int = 2026
) -> PersonFacts:
    """Mostly men aged 20-60 (as in the LVV population), some with doubt about identity."""
    nationality = (_SAFE_NATIONALITY if safe_country else _NATIONALITY).pick(rng)
    given, family = synthetic_name(rng, tag)
    return PersonFacts(
        given_names=given,
        family_name=family,
        birth_year=today_year - rng.randint(19, 62),
        sex=_SEX.pick(rng),
        nationalities=[nationality],
        languages=list(_LANGUAGES.get(nationality, ["en"])),
        identity_doubt=rng.random() < 0.15,
        nationality_doubt=rng.random() < 0.10,
        safe_country_national=safe_country,
    )
