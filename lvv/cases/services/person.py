from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv import crypto
from lvv.cases.models import Person
from lvv.cases.models.person import Sex, v_number_validator
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record

ISO3_LENGTH = 3


def _clean_codes(values: list[str] | tuple[str, ...], label: str) -> list[str]:
    cleaned = []
    for value in values or []:
        code = (value or "").strip().upper()
        if len(code) != ISO3_LENGTH or not code.isalpha():
            raise ValidationError(
                _("%(label)s: '%(value)s' is geen ISO 3166-1 alpha-3 code.")
                % {"label": label, "value": value}
            )
        cleaned.append(code)
    return cleaned


def person_find_by_v_number(v_number: str) -> Person | None:
    """Exact lookup through the blind index; the V-number itself is never queried."""
    if not v_number:
        return None
    return Person.objects.filter(v_number_index=crypto.blind_index(v_number)).first()


@transaction.atomic
def person_create(
    *,
    actor,
    v_number: str = "",
    local_reference: str = "",
    given_names: str = "",
    family_name: str = "",
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    sex: str = Sex.OTHER,
    nationalities: list[str] | tuple[str, ...] = (),
    languages: list[str] | tuple[str, ...] = (),
    identity_doubt: bool = False,
    nationality_doubt: bool = False,
    activity: Activity = Activity.REFERRAL,
) -> Person:
    v_number = (v_number or "").strip()
    local_reference = (local_reference or "").strip()
    errors: dict[str, list[str]] = {}
    if v_number:
        try:
            v_number_validator(v_number)
        except ValidationError as exc:
            errors["v_number"] = exc.messages
        else:
            if person_find_by_v_number(v_number):
                errors["v_number"] = [_("Er bestaat al een persoon met dit V-nummer.")]
    elif not local_reference:
        errors["local_reference"] = [_("Geef een V-nummer of een lokale referentie.")]
    if local_reference and Person.objects.filter(local_reference=local_reference).exists():
        errors["local_reference"] = [_("Deze lokale referentie is al in gebruik.")]
    if sex not in Sex.values:
        errors["sex"] = [_("Kies M, V of X.")]
    if birth_date and birth_year and birth_date.year != birth_year:
        errors["birth_year"] = [_("Geboortejaar en geboortedatum spreken elkaar tegen.")]
    try:
        nationalities = _clean_codes(nationalities, _("Nationaliteit"))
    except ValidationError as exc:
        errors["nationalities"] = exc.messages
    if errors:
        raise ValidationError(errors)
    person = Person(
        local_reference=local_reference,
        given_names=given_names.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex,
        nationalities=nationalities,
        languages=list(languages),
        identity_doubt=identity_doubt,
        nationality_doubt=nationality_doubt,
    )
    person.set_v_number(v_number)
    person.save()
    processing_record(
        actor=actor,
        operation=Operation.CREATE,
        activity=activity,
        subject_pseudonyms=[person.pseudonym],
        resource=f"person:{person.pk}",
    )
    return person
