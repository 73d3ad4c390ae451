from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvv.cases.events import EventRecord, EventType


class CaseEvent(models.Model):
    """Something that happened to a case. Append-only: the database refuses UPDATE/DELETE.

    ``effective_date`` is when it happened in the world, ``recorded_at`` when it was entered;
    a correction is a new event (type ``event_corrected``) that ``corrects`` an earlier one.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    type = models.CharField(_("soort"), max_length=30, choices=EventType.choices)
    effective_date = models.DateField(_("datum"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", null=True
    )
    data = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        ordering = ["case", "sequence"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="event_sequence_per_case")
        ]
        indexes = [models.Index(fields=["type", "effective_date"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.effective_date}"

    @property
    def payload(self):
        """The typed payload of ``data`` (``payloads.py``)."""
        return self.to_record().payload

    def to_record(self, corrects_sequence: int | None = None) -> EventRecord:
        return EventRecord(
            type=self.type,
            effective_date=self.effective_date,
            data=self.data,
            sequence=self.sequence,
            corrects=corrects_sequence,
            reason=self.reason,
        )
