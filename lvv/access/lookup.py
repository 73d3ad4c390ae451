"""The police participant lookup: is this V-number an LVV participant now, where, whom to
call. It answers exactly these fields and nothing else of the case."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from lvv.cases.models import Case
from lvv.cases.services.person import person_find_by_v_number
from lvv.organisations.models import OrganisationKind
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record


@dataclass(frozen=True)
class ParticipantAnswer:
    is_participant: bool
    lvv_name: str = ""
    contact_organisation: str = ""

    ALLOWED_FIELDS = ("is_participant", "lvv_name", "contact_organisation")


def participant_lookup(*, actor, v_number: str) -> ParticipantAnswer:
    person = person_find_by_v_number(v_number)
    case = None
    if person is not None:
        today = timezone.localdate()
        case = (
            Case.objects.filter(person=person, intake_date__lte=today, outflow_date__isnull=True)
            .select_related("lvv")
            .first()
        )
    processing_record(
        actor=actor,
        operation=Operation.READ,
        activity=Activity.POLICE_PARTICIPANT_CHECK,
        subject_pseudonyms=[person.pseudonym if person else ""],
        resource="participant-lookup",
        outcome="found" if case else "not_found",
    )
    if case is None:
        return ParticipantAnswer(is_participant=False)
    contact = case.lvv.organisations.filter(kind=OrganisationKind.MUNICIPALITY).first()
    return ParticipantAnswer(
        is_participant=True,
        lvv_name=case.lvv.name,
        contact_organisation=contact.name if contact else "",
    )
