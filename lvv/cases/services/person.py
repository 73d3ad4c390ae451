from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lvv import crypto
from lvv.cases.models import Person
from lvv.cases.models.person import Sex, v_number_validator
from lvv.cases.vocabulary import CLOSED_STAGES
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


@transaction.atomic
def person_merge(*, actor, keep: Person, remove: Person, reason: str) -> Person:
    """Merge a duplicate person record: the cases of ``remove`` move to ``keep``.

    Refused (nothing stored) when the merge would give ``keep`` two open stays, or without a
    reason. Each moved case gets a ``person_merged`` event; the processing log records the
    merge under both pseudonyms (entries already written keep the old pseudonym). Empty
    identifying fields of ``keep`` are filled from ``remove``; then ``remove`` is deleted.
    """
    from lvv.cases import payloads, workflow
    from lvv.cases.models import Case
    from lvv.cases.services._core import append_event, today

    problems: list[str] = []
    if keep.pk == remove.pk:
        problems.append(_("Kies twee verschillende personen om samen te voegen."))
    if not (reason or "").strip():
        problems.append(_("Samenvoegen vraagt een reden."))
    if problems:
        raise workflow.TransitionRefused(problems)
    # Lock both persons in a fixed order so two merges cannot cross each other.
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])
    }
    if len(locked) != 2:  # noqa: PLR2004
        raise workflow.TransitionRefused([_("Een van beide personen bestaat niet meer.")])
    keep, remove = locked[keep.pk], locked[remove.pk]
    cases = list(Case.objects.select_for_update().filter(person__in=[keep, remove]))
    open_cases = [case for case in cases if case.stage not in CLOSED_STAGES]
    if len(open_cases) > 1:
        raise workflow.TransitionRefused(
            [
                _(
                    "Beide personen hebben een lopende casus; sluit eerst een van beide af. "
                    "Een persoon heeft ten hoogste één lopende casus."
                )
            ]
        )
    moved = [case for case in cases if case.person_id == remove.pk]
    for case in moved:
        Case.objects.filter(pk=case.pk).update(person=keep)
        append_event(
            case=case.pk,
            actor=actor,
            payload=payloads.PersonMerged(
                kept_person=str(keep.uuid), removed_person=str(remove.uuid)
            ),
            # Administrative: dated at the case's last event so no process date moves.
            effective_date=min(case.last_effective_date or today(), today()),
            reason=reason.strip(),
            activity=Activity.CASE_GUIDANCE,
        )
    changes: dict = {}
    if not keep.v_number_index and remove.v_number_index:
        changes["v_number"], changes["v_number_index"] = remove.v_number, remove.v_number_index
    if not keep.local_reference and remove.local_reference:
        changes["local_reference"] = remove.local_reference
    for name in ("given_names", "family_name", "birth_date", "birth_year"):
        if not getattr(keep, name) and getattr(remove, name):
            changes[name] = getattr(remove, name)
    nationalities = list(dict.fromkeys([*keep.nationalities, *remove.nationalities]))
    if nationalities != keep.nationalities:
        changes["nationalities"] = nationalities
    removed_pseudonym = remove.pseudonym
    remove.delete()  # frees the unique V-number index and local reference
    for name, value in changes.items():
        setattr(keep, name, value)
    if changes:
        keep.save()
    processing_record(
        actor=actor,
        operation=Operation.UPDATE,
        activity=Activity.CASE_GUIDANCE,
        subject_pseudonyms=[keep.pseudonym, removed_pseudonym],
        resource=f"person-merge:{keep.pk}",
    )
    return keep
