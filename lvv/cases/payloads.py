"""What each event carries: one typed definition per event type.

A payload is a frozen dataclass. Services build it, the guards of ``workflow.py`` and the
projection read it, bulk writers (the generator, the caseload import) plan with it, and the
stored JSON (``CaseEvent.data``) is its :meth:`Payload.to_data`. Every field carries what a
form, a serializer or an API schema needs to know about it (:meth:`Payload.specs`): kind,
Dutch label, required, choices - so a serializer per event type can be generated from here
rather than written again.

Reading stored JSON never raises: :meth:`Payload.read` returns the payload and, in Dutch,
every key it does not know and every value of the wrong kind; :meth:`Payload.load` is the
same without the complaints (for reading a history that was checked when it was written).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lvv.cases.events import EventType
from lvv.cases.rules import AdmissionFacts
from lvv.cases.vocabulary import (
    Cooperation,
    DecisionOutcome,
    DossierPart,
    OutflowCategory,
    Phase,
    Scenario,
)

# The kinds of value a payload field holds, as JSON stores them.
TEXT = "text"
INTEGER = "integer"
BOOLEAN = "boolean"
DATE = "date"  # ISO 8601 text in JSON
TEXT_LIST = "text_list"
TEXT_MAP = "text_map"  # object of text values
OBJECT = "object"  # a nested payload (a dataclass)
MAPPING = "mapping"  # any JSON object (a correction's changed data)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a payload: enough to validate it, and to build a form or schema field."""

    name: str
    kind: str
    label: str
    required: bool = False
    choices: type[models.TextChoices] | None = None
    nested: type | None = None  # the dataclass of an OBJECT field
    invalid: str = ""  # the refusal when the value is not valid (else a general one)
    omit_empty: bool = False  # left out of the stored JSON when empty (None, {}, "")
    default: Any = None

    @property
    def choice_values(self) -> tuple[str, ...]:
        return _values(self.choices) if self.choices is not None else ()


@functools.cache
def _values(choices: type[models.TextChoices]) -> tuple[str, ...]:
    """``choices.values``, built once: Django rebuilds that list on every access."""
    return tuple(choices.values)


def spec(
    label,
    *,
    required: bool = False,
    choices: type[models.TextChoices] | None = None,
    invalid=None,
    omit_empty: bool = False,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
):
    """A dataclass field with its :class:`FieldSpec` details (kind comes from the type)."""
    metadata = {
        "label": label,
        "required": required,
        "choices": choices,
        "invalid": invalid,
        "omit_empty": omit_empty,
    }
    if default_factory is not dataclasses.MISSING:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


_KIND_OF_TYPE = {
    "str": TEXT,
    "int": INTEGER,
    "bool": BOOLEAN,
    "int | None": INTEGER,
    "dt.date | None": DATE,
    "tuple[str, ...]": TEXT_LIST,
    "dict[str, str]": TEXT_MAP,
    "dict[str, Any]": MAPPING,
}


def _specs_of(cls: type) -> tuple[FieldSpec, ...]:
    result = []
    for f in dataclasses.fields(cls):
        if f.type in _KIND_OF_TYPE:
            kind, nested = _KIND_OF_TYPE[f.type], None
        else:  # a nested dataclass, named by its class
            nested = typing.get_type_hints(cls)[f.name]
            if not dataclasses.is_dataclass(nested):
                raise TypeError(f"{cls.__name__}.{f.name}: unsupported type {f.type}")
            kind = OBJECT
        meta = f.metadata
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        result.append(
            FieldSpec(
                name=f.name,
                kind=kind,
                label=meta.get("label", f.name),
                required=meta.get("required", False),
                choices=meta.get("choices"),
                nested=nested,
                invalid=meta.get("invalid") or "",
                omit_empty=meta.get("omit_empty", False),
                default=default,
            )
        )
    return tuple(result)


# --- reading JSON values ------------------------------------------------------------------


class _Invalid(Exception):
    pass


def _parse(spec_: FieldSpec, value, strict: bool):
    """The value of ``spec_`` for a JSON value; :class:`_Invalid` if it is of the wrong kind.
    ``None`` (JSON null) stands for the field's default."""
    if value is None:
        default = spec_.default
        return dict(default) if isinstance(default, dict) else default
    kind = spec_.kind
    if kind == TEXT:
        if isinstance(value, str):
            return value
        raise _Invalid
    if kind == BOOLEAN:
        if isinstance(value, bool):
            return value
        if value in (0, 1):  # a 0/1 flag from a spreadsheet or another system
            return bool(value)
        raise _Invalid
    if kind == INTEGER:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        raise _Invalid
    if kind == DATE:
        if value == "":
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise _Invalid from None
    if kind == TEXT_LIST:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise _Invalid
    if kind == TEXT_MAP:
        if isinstance(value, Mapping) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return dict(value)
        raise _Invalid
    if kind == MAPPING:
        if isinstance(value, Mapping):
            return dict(value)
        raise _Invalid
    if kind == OBJECT:
        if isinstance(value, spec_.nested):
            return value
        if not isinstance(value, Mapping):
            raise _Invalid
        parsed, problems = _read(spec_.nested, value, strict)
        if problems and strict:
            raise _Invalid
        return parsed
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


def _invalid_message(spec_: FieldSpec) -> str:
    if spec_.invalid:
        return str(spec_.invalid)
    if spec_.kind == DATE:
        return _("%(field)s is geen geldige datum.") % {"field": spec_.label}
    return _("%(field)s heeft geen geldige waarde.") % {"field": spec_.label}


def _read(cls: type, data: Mapping, strict: bool = True) -> tuple[Any, list[str]]:
    """``cls`` from ``data``; with ``strict``, every unknown key and bad value as a problem
    (else they are left out silently: the field keeps its default)."""
    specs = specs_of(cls)
    problems: list[str] = []
    if strict:
        names = _names_of(cls)
        problems.extend(
            _("Onbekend gegeven: '%(key)s'.") % {"key": key} for key in data if key not in names
        )
    values = {}
    for s in specs:
        if s.name not in data:
            continue
        try:
            values[s.name] = _parse(s, data[s.name], strict)
        except _Invalid:
            if strict:
                problems.append(Reason(_invalid_message(s), s.name))
    return cls(**values), problems


@functools.cache
def specs_of(cls: type) -> tuple[FieldSpec, ...]:
    """The fields of a payload, or of a dataclass nested in one (``AdmissionFacts``)."""
    return _specs_of(cls)


@functools.cache
def _names_of(cls: type) -> frozenset[str]:
    return frozenset(s.name for s in specs_of(cls))


class Reason(str):
    """A Dutch refusal that may name the payload field it is about (for a form to show it
    at that field)."""

    field: str

    def __new__(cls, text, field: str = ""):
        reason = super().__new__(cls, str(text))
        reason.field = field
        return reason


# --- the payloads -------------------------------------------------------------------------


class Payload:
    """Base of the payload of one event type (``TYPE``)."""

    TYPE: ClassVar[str] = ""

    @classmethod
    def specs(cls) -> tuple[FieldSpec, ...]:
        return specs_of(cls)

    @classmethod
    def read(cls, data: Mapping | None):
        """``(payload, problems)`` for stored or submitted JSON; never raises on bad data."""
        return _read(cls, data or {})

    @classmethod
    def load(cls, data: Mapping | None):
        """The payload of checked, stored JSON: unknown keys and bad values are left out."""
        return _read(cls, data or {}, strict=False)[0]

    def problems(self) -> list[str]:
        """Every field that is required and empty, or not one of its choices."""
        problems: list[str] = []
        for s in self.specs():
            value = getattr(self, s.name)
            if s.choices is not None:
                if value in s.choice_values or (not s.required and value == ""):
                    continue
                problems.append(Reason(_invalid_message(s), s.name))
            elif s.required and (value is None or (isinstance(value, str) and not value.strip())):
                problems.append(Reason(_("%(field)s is verplicht.") % {"field": s.label}, s.name))
        return problems

    def to_data(self) -> dict[str, Any]:
        """The JSON stored for this payload (dates as ISO text, lists as lists)."""
        data: dict[str, Any] = {}
        for s in self.specs():
            value = getattr(self, s.name)
            if s.omit_empty and value in (None, "", {}, ()):
                continue
            data[s.name] = _to_json(s, value)
        return data


def _to_json(spec_: FieldSpec, value):
    if value is None:
        return None
    kind = spec_.kind
    if kind == TEXT:
        return str(value)
    if kind == DATE:
        return value.isoformat()
    if kind == TEXT_LIST:
        return [str(v) for v in value]
    if kind in (TEXT_MAP, MAPPING):
        return dict(value)
    if kind == OBJECT:
        return dataclasses.asdict(value)
    return value


@dataclass(frozen=True)
class ReferralRegistered(Payload):
    TYPE: ClassVar[str] = EventType.REFERRAL_REGISTERED
    referred_by: str = spec(_lazy("Wie de persoon heeft aangemeld"), required=True, default="")


@dataclass(frozen=True)
class AdmissionChecked(Payload):
    TYPE: ClassVar[str] = EventType.ADMISSION_CHECKED
    facts: AdmissionFacts = spec(
        _lazy("De feiten van de toets"),
        invalid=_lazy("De feiten van de toets hebben geen geldige waarde."),
        default_factory=AdmissionFacts,
    )
    reasons: tuple[str, ...] = spec(
        _lazy("De uitsluitingsgronden"),
        invalid=_lazy("De uitsluitingsgronden hebben geen geldige waarde."),
        default=(),
    )


@dataclass(frozen=True)
class AdmissionDecided(Payload):
    TYPE: ClassVar[str] = EventType.ADMISSION_DECIDED
    outcome: str = spec(
        _lazy("Het besluit"),
        required=True,
        choices=DecisionOutcome,
        invalid=_lazy("Kies of de persoon wordt toegelaten of afgewezen."),
        default="",
    )
    grounds: str = spec(_lazy("De motivering"), default="")
    exception_reason: str = spec(_lazy("De reden van de uitzondering"), default="")


@dataclass(frozen=True)
class IntakeRegistered(Payload):
    TYPE: ClassVar[str] = EventType.INTAKE_REGISTERED


@dataclass(frozen=True)
class DossierRequested(Payload):
    TYPE: ClassVar[str] = EventType.DOSSIER_REQUESTED


@dataclass(frozen=True)
class DossierPartDelivered(Payload):
    TYPE: ClassVar[str] = EventType.DOSSIER_PART_DELIVERED
    part: str = spec(
        _lazy("Het dossierdeel"),
        required=True,
        choices=DossierPart,
        invalid=_lazy("Geef aan welk dossierdeel (IND of DT&V) is geleverd."),
        default="",
    )
    summary: str = spec(_lazy("De samenvatting"), default="")


@dataclass(frozen=True)
class LsoDiscussed(Payload):
    TYPE: ClassVar[str] = EventType.LSO_DISCUSSED
    perspective: str = spec(_lazy("Het toekomstperspectief"), default="")
    scenario: str = spec(_lazy("Het scenario"), choices=Scenario, default="")
    phase: str = spec(_lazy("De fase"), choices=Phase, default="")
    cooperation: str = spec(
        _lazy("De beoordeling van de medewerking"), choices=Cooperation, default=""
    )
    agreed: bool = spec(_lazy("De partners zijn het eens"), default=True)
    dissenting_organisations: tuple[str, ...] = spec(
        _lazy("De partners die het niet eens zijn"),
        invalid=_lazy("De partners die het niet eens zijn hebben geen geldige waarde."),
        default=(),
    )
    notes: str = spec(
        _lazy("De aantekeningen"),
        invalid=_lazy("De aantekeningen hebben geen geldige waarde."),
        default="",
    )
    meeting_id: int | None = spec(_lazy("Het overleg"), omit_empty=True, default=None)


@dataclass(frozen=True)
class PhaseChanged(Payload):
    TYPE: ClassVar[str] = EventType.PHASE_CHANGED
    phase: str = spec(_lazy("De fase"), required=True, choices=Phase, default="")


@dataclass(frozen=True)
class ActionItemAdded(Payload):
    TYPE: ClassVar[str] = EventType.ACTION_ITEM_ADDED
    description: str = spec(_lazy("De omschrijving"), required=True, default="")
    owner_organisation: str = spec(_lazy("De eigenaar"), required=True, default="")
    due_date: dt.date | None = spec(_lazy("De streefdatum"), default=None)


@dataclass(frozen=True)
class ActionItemCompleted(Payload):
    TYPE: ClassVar[str] = EventType.ACTION_ITEM_COMPLETED
    number: int = spec(_lazy("Het nummer van de actie"), required=True, default=0)


@dataclass(frozen=True)
class ReviewHeld(Payload):
    TYPE: ClassVar[str] = EventType.REVIEW_HELD
    cooperation: str = spec(
        _lazy("De beoordeling van de medewerking"),
        required=True,
        choices=Cooperation,
        default="",
    )
    notes: str = spec(
        _lazy("De aantekeningen"),
        invalid=_lazy("De aantekeningen hebben geen geldige waarde."),
        default="",
    )


@dataclass(frozen=True)
class MrtReferred(Payload):
    TYPE: ClassVar[str] = EventType.MRT_REFERRED
    question: str = spec(_lazy("De vraag aan het MRT"), required=True, default="")
    positions: dict[str, str] = spec(
        _lazy("De standpunten per organisatie"),
        invalid=_lazy("De standpunten per organisatie hebben geen geldige waarde."),
        default_factory=dict,
    )


@dataclass(frozen=True)
class MrtAdvised(Payload):
    TYPE: ClassVar[str] = EventType.MRT_ADVISED
    advice: str = spec(_lazy("Het advies"), required=True, default="")


@dataclass(frozen=True)
class ScenarioChanged(Payload):
    TYPE: ClassVar[str] = EventType.SCENARIO_CHANGED
    scenario: str = spec(_lazy("Het scenario"), required=True, choices=Scenario, default="")


@dataclass(frozen=True)
class OutflowRegistered(Payload):
    TYPE: ClassVar[str] = EventType.OUTFLOW_REGISTERED
    category: str = spec(
        _lazy("De uitstroomcategorie"), required=True, choices=OutflowCategory, default=""
    )
    notes: str = spec(
        _lazy("De aantekeningen"),
        invalid=_lazy("De aantekeningen hebben geen geldige waarde."),
        default="",
    )


@dataclass(frozen=True)
class EventCorrected(Payload):
    """A correction of the event it points at: a new date, changed data, or void."""

    TYPE: ClassVar[str] = EventType.EVENT_CORRECTED
    void: bool = spec(_lazy("Vervalt"), default=False)
    effective_date: dt.date | None = spec(_lazy("De nieuwe datum"), omit_empty=True, default=None)
    data: dict[str, Any] = spec(
        _lazy("De gecorrigeerde gegevens"),
        invalid=_lazy("De gecorrigeerde gegevens hebben geen geldige waarde."),
        omit_empty=True,
        default_factory=dict,
    )


@dataclass(frozen=True)
class PersonMerged(Payload):
    TYPE: ClassVar[str] = EventType.PERSON_MERGED
    kept_person: str = spec(_lazy("De persoon die blijft"), required=True, default="")
    removed_person: str = spec(_lazy("De samengevoegde persoon"), default="")


PAYLOADS: dict[str, type[Payload]] = {
    cls.TYPE: cls
    for cls in (
        ReferralRegistered,
        AdmissionChecked,
        AdmissionDecided,
        IntakeRegistered,
        DossierRequested,
        DossierPartDelivered,
        LsoDiscussed,
        PhaseChanged,
        ActionItemAdded,
        ActionItemCompleted,
        ReviewHeld,
        MrtReferred,
        MrtAdvised,
        ScenarioChanged,
        OutflowRegistered,
        EventCorrected,
        PersonMerged,
    )
}


def read(event_type: str, data: Mapping | None) -> tuple[Payload | None, list[str]]:
    """The payload of ``data`` for ``event_type`` and every problem with its keys and kinds;
    ``(None, [...])`` for an unknown event type."""
    cls = PAYLOADS.get(event_type)
    if cls is None:
        return None, [_("Onbekende handeling.")]
    return cls.read(data)


def load(event_type: str, data: Mapping | None) -> Payload:
    """The payload of a stored event (see :meth:`Payload.load`)."""
    return PAYLOADS[event_type].load(data)
