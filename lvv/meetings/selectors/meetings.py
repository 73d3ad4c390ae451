"""Which meetings a user may reach, the partners of an LSO, and the MRT worklist."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from lvv.access.policy import Action, may_in_lvv
from lvv.access.selectors import cases_visible_to, log_denied
from lvv.cases.events import EventType
from lvv.cases.models import Case, CaseEvent
from lvv.cases.vocabulary import MrtStatus
from lvv.meetings.models import Meeting
from lvv.organisations.models import Lvv, Organisation, OrganisationKind
from lvv.processing_log.activities import Activity

PARTNER_KINDS = (
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.NGO,
    OrganisationKind.IND,
    OrganisationKind.DTV,
    OrganisationKind.AVIM,
)


class MeetingNotFound(Http404):
    def __init__(self):
        super().__init__(_("Dit overleg bestaat niet of u heeft er geen toegang toe."))


def lvvs_for(user, action: Action) -> list[Lvv]:
    """The LVVs in whose LSO the user may do ``action`` (on at least some of its cases)."""
    if not getattr(user, "is_authenticated", False):
        return []
    organisation_id = getattr(user, "organisation_id", None)
    return [
        lvv
        for lvv in user.lvvs.order_by("code")
        if may_in_lvv(user, action, lvv, guiding_organisation_id=organisation_id)
    ]


def meetings_visible_to(user, action: Action = Action.LSO_CONTRIBUTE):
    return Meeting.objects.filter(lvv__in=[lvv.pk for lvv in lvvs_for(user, action)])


def access_meeting(user, meeting_id, action: Action = Action.LSO_CONTRIBUTE) -> Meeting:
    """The meeting if the user takes part in that LSO with ``action``; else 404, logged."""
    meeting = meetings_visible_to(user, action).select_related("lvv").filter(pk=meeting_id).first()
    if meeting is None:
        log_denied(user, activity=Activity.LSO_CASE_DISCUSSION, resource=f"meeting:{meeting_id}")
        raise MeetingNotFound()
    return meeting


def partner_organisations(lvv: Lvv) -> list[Organisation]:
    """The partners at the table of this LVV's LSO: municipality, NGO, IND, DT&V, AVIM."""
    organisations = Organisation.objects.filter(kind__in=PARTNER_KINDS).filter(
        Q(lvv=lvv) | Q(lvv__isnull=True)
    )
    order = {kind: index for index, kind in enumerate(PARTNER_KINDS)}
    return sorted(organisations, key=lambda org: (order[org.kind], org.code))


def organisation_names() -> dict[str, str]:
    return dict(Organisation.objects.values_list("code", "name"))


def mrt_worklist(user):
    """Cases referred to the MRT that the user may advise on, oldest referral first."""
    return (
        cases_visible_to(user, Action.MRT_ADVISE)
        .filter(mrt_status=MrtStatus.REFERRED)
        .select_related("person", "lvv")
        .order_by("mrt_referral_date", "pk")
    )


def latest_referrals(cases) -> dict[int, CaseEvent]:
    """The most recent MRT referral event of each case (one query)."""
    events = CaseEvent.objects.filter(
        case__in=[case.pk for case in cases], type=EventType.MRT_REFERRED
    ).order_by("case_id", "sequence")
    return {event.case_id: event for event in events}


def last_positions(case: Case) -> dict[str, str]:
    """The positions the LSO last put down for this case (agenda item or earlier referral)."""
    from lvv.meetings.models import AgendaItem

    item = (
        AgendaItem.objects.filter(case=case)
        .exclude(positions={})
        .order_by("-meeting__date", "-pk")
        .first()
    )
    if item is not None:
        return dict(item.positions)
    referral = (
        CaseEvent.objects.filter(case=case, type=EventType.MRT_REFERRED)
        .order_by("-sequence")
        .first()
    )
    return dict(referral.data.get("positions") or {}) if referral else {}
