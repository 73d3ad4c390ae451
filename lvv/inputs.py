"""Input limits shared by every way in: forms, the API and the caseload import.

One place says how long a text may be, which characters it may hold and which dates make
sense, each refusal with a Dutch message:

- **length**: every free-text field has a maximum (names 150, references 50, short texts 200,
  free text 4,000 characters unless a field says otherwise);
- **control characters**: refused (they hide text, break exports and logs, or reverse the
  display direction), except newline and tab in multi-line text (and the carriage return
  browsers send with a newline); in single-line fields newline and tab are refused too;
- **dates**: nothing before the programme started (1 April 2019) for events of a case, nothing
  in the future for what has happened, a due date at most five years ahead, a birth year not
  after this year, and no date outside 1900 - five years ahead anywhere.

Forms get all of this from :class:`InputLimitsMixin` (every form class of the system uses it; a
test walks them all), the API through :func:`drf_text_validators`, the import through
:func:`check_text` / :func:`check_event_date` on every cell.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PROGRAMME_START = dt.date(2019, 4, 1)
EARLIEST_DATE = dt.date(1900, 1, 1)
MAX_YEARS_AHEAD = 5
EARLIEST_BIRTH_YEAR = 1900

NAME_MAX = 150
REFERENCE_MAX = 50
SHORT_TEXT_MAX = 200
TEXT_MAX = 4000
IMPORT_CELL_MAX = 200

# C0 and C1 control characters (tab, newline and carriage return are judged separately) and
# the bidirectional embedding/override/isolate characters (they reorder what is displayed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")


def control_character_message() -> str:
    return _(
        "Dit veld bevat een onzichtbaar stuurteken (bijvoorbeeld uit een gekopieerde tekst). "
        "Verwijder het en probeer het opnieuw."
    )


def check_text(value: str, *, max_length: int | None = None, single_line: bool = False) -> str:
    """The Dutch reason why ``value`` is refused, or "" when it is acceptable."""
    if not value:
        return ""
    if _CONTROL.search(value):
        return control_character_message()
    if single_line and _LINE_BREAKS.search(value):
        return _("Dit veld is één regel: regeleinden en tabs kunnen er niet in.")
    if max_length is not None and len(value) > max_length:
        return ngettext(
            "Gebruik hoogstens %(max)d teken (nu %(length)d).",
            "Gebruik hoogstens %(max)d tekens (nu %(length)d).",
            max_length,
        ) % {"max": max_length, "length": len(value)}
    return ""


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _latest(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def check_date(day: dt.date | None, today: dt.date | None = None) -> str:
    """Any date of the system: not before 1900, not more than five years ahead."""
    if day is None:
        return ""
    today = _today(today)
    if day < EARLIEST_DATE:
        return _("Vul een datum na 1900 in.")
    if day > _latest(today):
        return _("De datum ligt meer dan %(years)d jaar in de toekomst.") % {
            "years": MAX_YEARS_AHEAD
        }
    return ""


def check_event_date(day: dt.date | None, today: dt.date | None = None) -> str:
    """What happened in a case (referral, decision, intake, ...): since 1 April 2019, not later
    than today."""
    if day is None:
        return ""
    if day < PROGRAMME_START:
        return _("De datum ligt vóór de start van de LVV's op 1 april 2019.")
    if day > _today(today):
        return _("De datum ligt in de toekomst; dat kan niet.")
    return ""


def check_due_date(day: dt.date | None, today: dt.date | None = None) -> str:
    """A planned date (due date of an action): since 1 April 2019, at most five years ahead."""
    if day is None:
        return ""
    if day < PROGRAMME_START:
        return _("De datum ligt vóór de start van de LVV's op 1 april 2019.")
    return check_date(day, today)


def check_birth_year(year: int | None, today: dt.date | None = None) -> str:
    if year is None:
        return ""
    if year < EARLIEST_BIRTH_YEAR:
        return _("Vul een geboortejaar vanaf %(year)d in.") % {"year": EARLIEST_BIRTH_YEAR}
    if year > _today(today).year:
        return _("Het geboortejaar ligt in de toekomst.")
    return ""


# --- Django validators -------------------------------------------------------------------


class TextValidator:
    """Control characters (and line breaks in single-line fields) refused, in Dutch."""

    code = "control_characters"

    def __init__(self, single_line: bool = False):
        self.single_line = single_line

    def __call__(self, value) -> None:
        problem = check_text(str(value), single_line=self.single_line)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, TextValidator) and other.single_line == self.single_line

    def __hash__(self) -> int:
        return hash((TextValidator, self.single_line))


class DateValidator:
    def __init__(self, check):
        self.check = check

    def __call__(self, value) -> None:
        problem = self.check(value)
        if problem:
            raise ValidationError(problem, code="date_out_of_range")


class BirthYearValidator:
    def __call__(self, value) -> None:
        problem = check_birth_year(value)
        if problem:
            raise ValidationError(problem, code="birth_year")


# Form fields by name whose dates are events of a case or planned dates.
EVENT_DATE_FIELDS = frozenset({"effective_date", "new_date", "referral_date", "intake_date"})
DUE_DATE_FIELDS = frozenset({"due_date"})
BIRTH_YEAR_FIELDS = frozenset({"birth_year"})
_APPLIED = "_lvv_input_limits"


def limit_field(name: str, field: forms.Field) -> None:
    """Give one form field the shared limits (idempotent)."""
    if getattr(field, _APPLIED, False):
        return
    setattr(field, _APPLIED, True)
    widget = field.widget
    if isinstance(field, forms.CharField) and not isinstance(widget, forms.PasswordInput):
        multi_line = isinstance(widget, forms.Textarea)
        if field.max_length is None:
            field.max_length = TEXT_MAX if multi_line else SHORT_TEXT_MAX
            field.validators.append(MaxLengthValidator(field.max_length))
            if not widget.is_hidden:
                widget.attrs.setdefault("maxlength", str(field.max_length))
        field.validators.append(TextValidator(single_line=not multi_line))
    elif isinstance(field, forms.DateField):
        if name in EVENT_DATE_FIELDS:
            field.validators.append(DateValidator(check_event_date))
        elif name in DUE_DATE_FIELDS:
            field.validators.append(DateValidator(check_due_date))
        else:
            # Checked after the form's own checks, which say it more precisely (e.g. "the
            # reference date lies in the future"): see InputLimitsMixin.full_clean.
            field.lvv_any_date = True
    elif isinstance(field, forms.IntegerField) and name in BIRTH_YEAR_FIELDS:
        field.validators.append(BirthYearValidator())


def apply_input_limits(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        limit_field(name, field)


class InputLimitsMixin:
    """For every form of the system: the shared limits on all its fields.

    Applied when the form is made (so inputs carry ``maxlength``) and again just before it is
    cleaned (fields a form adds in its own ``__init__`` are covered too).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_limits(self)

    def full_clean(self):
        apply_input_limits(self)
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            if getattr(field, "lvv_any_date", False) and name not in self.errors:
                problem = check_date(self.cleaned_data.get(name))
                if problem:
                    self.add_error(name, problem)


# --- the API (Django REST framework) ------------------------------------------------------


def drf_text_validators(*, max_length: int, single_line: bool = True) -> list:
    """Validators for a serializer field; DRF turns Django's ValidationError into a 400."""

    def validate(value) -> None:
        problem = check_text(str(value), max_length=max_length, single_line=single_line)
        if problem:
            raise ValidationError(problem)

    return [validate]
