from __future__ import annotations

from lvv.access.policy import Action, may
from lvv.cases.models import Case
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record
from lvv.sensitive.models import SectionKind, SensitiveSection


def current_sections(user, case: Case) -> dict[str, SensitiveSection] | None:
    """The latest version of each section, or None when the user may not see them.

    Reading is logged separately from reading the case, so the log shows exactly who saw
    special-category data.
    """
    if not may(user, Action.SENSITIVE_VIEW, case):
        return None
    latest: dict[str, SensitiveSection] = {}
    for section in SensitiveSection.objects.filter(case=case).select_related("recorded_by"):
        latest.setdefault(section.kind, section)
    processing_record(
        actor=user,
        operation=Operation.READ,
        activity=Activity.CASE_GUIDANCE,
        subject_pseudonyms=[case.person.pseudonym],
        resource=f"sensitive:{case.pk}",
    )
    return {kind: latest.get(kind) for kind in SectionKind.values}
