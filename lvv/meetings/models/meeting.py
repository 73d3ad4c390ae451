"""LSO meetings, their agenda and the partners' requests to discuss a case.

A meeting holds no case data of its own: what the LSO decides is written to the case through
the case services (events); the agenda item only points at the events it produced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    """What is stored: planned until the chair closes the meeting ("overleg afsluiten")."""

    PLANNED = "planned", _("gepland")
    HELD = "held", _("gehouden")


class MeetingProgress(models.TextChoices):
    """What the pages show: a planned meeting whose day has come is in progress."""

    PLANNED = "planned", _("gepland")
    IN_PROGRESS = "in_progress", _("bezig, nog niet afgesloten")
    HELD = "held", _("gehouden en afgesloten")


class AgendaReason(models.TextChoices):
    """Why a case is on the agenda; the order here is the order of urgency."""

    MRT_ADVICE = "mrt_advice", _("advies van het MRT ontvangen")
    PARTNER_REQUEST = "partner_request", _("bespreking gevraagd door een partner")
    REST_PERIOD_OVER = "rest_period_over", _("rusttermijn voorbij en nog geen scenario")
    FIRST_DISCUSSION = "first_discussion", _("nog niet besproken sinds het complete dossier")
    NEW_DOSSIER = "new_dossier", _("dossier compleet sinds het vorige overleg")
    REVIEW_DUE = "review_due", _("kwartaalbespreking nodig")
    ADDED = "added", _("toegevoegd door de regisseur")


REASON_ORDER = {reason.value: index for index, reason in enumerate(AgendaReason)}


class AgendaItemStatus(models.TextChoices):
    OPEN = "open", _("te bespreken")
    DISCUSSED = "discussed", _("besproken")
    REMOVED = "removed", _("van de agenda gehaald")


class Meeting(models.Model):
    """One LSO meeting of one LVV on one date."""

    lvv = models.ForeignKey(
        "organisations.Lvv",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("LVV"),
    )
    date = models.DateField(_("datum"))
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    attending_organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("aanwezige organisaties"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("aanwezigen")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "lvv"]
        verbose_name = _("LSO-overleg")
        verbose_name_plural = _("LSO-overleggen")
        constraints = [
            models.UniqueConstraint(fields=["lvv", "date"], name="meeting_once_per_lvv_and_day")
        ]
        indexes = [models.Index(fields=["lvv", "status", "date"])]

    def __str__(self) -> str:
        return f"LSO {self.lvv.name} {self.date.isoformat()}"

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    def progress_on(self, today) -> MeetingProgress:
        if self.is_held:
            return MeetingProgress.HELD
        return MeetingProgress.IN_PROGRESS if self.date <= today else MeetingProgress.PLANNED

    @property
    def progress(self) -> MeetingProgress:
        return self.progress_on(timezone.localdate())


class AgendaItem(models.Model):
    """A case on the agenda of a meeting, with the reasons and (once discussed) the outcome."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=AgendaItemStatus.choices, default=AgendaItemStatus.OPEN
    )
    agreed = models.BooleanField(null=True)
    dissenting_organisations = models.JSONField(default=list, blank=True)
    positions = models.JSONField(default=dict, blank=True)  # organisation code -> position
    discussion_event = models.ForeignKey(
        "cases.CaseEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_events = models.ManyToManyField("cases.CaseEvent", blank=True, related_name="+")
    mrt_event = models.ForeignKey(
        "cases.CaseEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discussed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once_per_meeting")
        ]

    @property
    def reason_labels(self) -> list[str]:
        return [AgendaReason(code).label for code in self.reasons if code in AgendaReason.values]

    @property
    def is_open(self) -> bool:
        return self.status == AgendaItemStatus.OPEN

    @property
    def offers_mrt_referral(self) -> bool:
        return (
            self.status == AgendaItemStatus.DISCUSSED
            and self.agreed is False
            and self.mrt_event_id is None
        )


class DiscussionRequest(models.Model):
    """A partner (IND, DT&V, NGO) asks the LSO to discuss a case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="discussion_requests"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("waarom bespreken"))
    created_at = models.DateTimeField(auto_now_add=True)
    handled_in = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_requests",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("verzoek om bespreking")
        verbose_name_plural = _("verzoeken om bespreking")
        indexes = [models.Index(fields=["case", "handled_in"])]
