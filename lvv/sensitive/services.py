from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.access.policy import Action, may
from lvv.cases.models import Case
from lvv.cases.services import ConflictError
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record
from lvv.sensitive.models import SectionKind, SensitiveSection


@transaction.atomic
def sensitive_section_record(
    *,
    case: Case,
    actor,
    kind: SectionKind | str,
    content: str,
    seen: int | None = None,
) -> SensitiveSection:
    """Store a new version of a section. The policy is checked here too: these data are
    too sensitive to rely on every caller remembering it.

    ``seen`` is the newest section (its id, 0 for none) the user had in view when writing:
    if someone recorded a version of this kind after it, nothing is stored (ConflictError),
    so no one writes over a version they have not read. None: not checked.
    """
    if not may(actor, Action.SENSITIVE_EDIT, case):
        raise PermissionDenied(_("U mag deze gegevens niet vastleggen."))
    if kind not in SectionKind.values:
        raise ValueError(f"unknown section kind {kind!r}")
    if seen is not None:
        Case.objects.select_for_update().filter(pk=case.pk).first()  # one writer at a time
        if SensitiveSection.objects.filter(case=case, kind=kind, pk__gt=seen).exists():
            raise ConflictError(
                _(
                    "Dit gegeven is intussen door iemand anders opnieuw vastgelegd; uw versie "
                    "is niet opgeslagen. Lees de nieuwe versie hieronder. Uw tekst staat nog "
                    "in het formulier: pas die zo nodig aan en leg opnieuw vast."
                )
            )
    section = SensitiveSection.objects.create(
        case=case, kind=kind, content=content.strip(), recorded_by=actor
    )
    processing_record(
        actor=actor,
        operation=Operation.UPDATE,
        activity=Activity.CASE_GUIDANCE,
        subject_pseudonyms=[case.person.pseudonym],
        resource=f"sensitive:{case.pk}:{kind}",
    )
    return section
