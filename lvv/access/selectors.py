"""Scoped reads of cases: the only way any face of the system (web, API, export, command)
reaches case data. "Does not exist" and "not allowed" give the same answer, and every
access - granted or denied - is written to the processing log.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404
from django.utils.translation import gettext as _

from lvv.access.policy import Action, may, restrict
from lvv.cases.models import Case
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.services import processing_record


class CaseNotFound(Http404):
    """Raised for a case that does not exist *or* that the user may not see."""

    def __init__(self):
        super().__init__(_("Deze casus bestaat niet of u heeft er geen toegang toe."))


def cases_visible_to(user, action: Action = Action.CASE_VIEW):
    """Every case the user may see (or act on with ``action``). No logging: it's a query."""
    return restrict(Case.objects.all(), user, action)


def access_case(
    user,
    case_id,
    action: Action = Action.CASE_VIEW,
    *,
    activity: Activity = Activity.CASE_GUIDANCE,
    operation: Operation = Operation.READ,
    log: bool = True,
) -> Case:
    """The case if the user may ``action`` it; else :class:`CaseNotFound` and a denied entry."""
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        pk = None
    queryset = Case.objects.select_related("person", "lvv", "guiding_organisation")
    case = queryset.filter(pk=pk).first() if pk is not None else None
    if case is None or not may(user, action, case):
        processing_record(
            actor=user,
            operation=Operation.DENIED,
            activity=activity,
            subject_pseudonyms=[case.person.pseudonym if case else ""],
            resource=f"case:{case_id}"[:100],
            outcome="denied",
        )
        raise CaseNotFound()
    if log:
        processing_record(
            actor=user,
            operation=operation,
            activity=activity,
            subject_pseudonyms=[case.person.pseudonym],
            resource=f"case:{case.pk}",
        )
    return case


def log_cases_read(
    user,
    cases: Iterable[Case],
    *,
    activity: Activity = Activity.CASE_GUIDANCE,
    operation: Operation = Operation.READ,
    resource: str = "case-list",
) -> None:
    """One entry per person shown in a list, search result or export."""
    pseudonyms = sorted({case.person.pseudonym for case in cases})
    if pseudonyms:
        processing_record(
            actor=user,
            operation=operation,
            activity=activity,
            subject_pseudonyms=pseudonyms,
            resource=resource,
        )


def log_denied(user, *, activity: Activity, resource: str, subject: str = "") -> None:
    processing_record(
        actor=user,
        operation=Operation.DENIED,
        activity=activity,
        subject_pseudonyms=[subject],
        resource=resource[:100],
        outcome="denied",
    )


def log_search_denied(user, query: str) -> None:
    """An exact V-number or local-reference search that finds a person only outside the
    user's scope is logged as ``denied`` (for supervision); the page itself just shows no
    result, exactly as for an unknown number. Name searches are fuzzy and are not checked.
    """
    from lvv import crypto
    from lvv.cases.models import Person

    query = (query or "").strip()
    if not query:
        return
    if query.isascii() and query.isdigit() and len(query) == 10:  # noqa: PLR2004 - V-number
        person = Person.objects.filter(v_number_index=crypto.blind_index(query)).first()
    else:
        person = Person.objects.filter(local_reference=query).first()
    if person is None or not Case.objects.filter(person=person).exists():
        return
    if not cases_visible_to(user).filter(person=person).exists():
        log_denied(
            user,
            activity=Activity.CASE_GUIDANCE,
            resource="case-search",
            subject=person.pseudonym,
        )
