from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from lvv.access.policy import Action, may
from lvv.cases.models import Case
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record
from lvv.sensitive.models import SectionKind, SensitiveSection


@transaction.atomic
def sensitive_section_record(
    *, case: Case, actor, kind: SectionKind | str, content: str
) -> SensitiveSection:
    """Store a new version of a section. The policy is checked here too: these data are
    too sensitive to rely on every caller remembering it."""
    if not may(actor, Action.SENSITIVE_EDIT, case):
        raise PermissionDenied(_("U mag deze gegevens niet vastleggen."))
    if kind not in SectionKind.values:
        raise ValueError(f"unknown section kind {kind!r}")
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
