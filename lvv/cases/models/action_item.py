from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvv.cases.state import ActionItemState


class ActionItem(models.Model):
    """An action of the case plan (plan van aanpak): a projection of the action-item events."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="action_items")
    number = models.PositiveIntegerField()
    description = models.TextField(_("omschrijving"))
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        to_field="code",
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("eigenaar"),
    )
    due_date = models.DateField(_("streefdatum"), null=True, blank=True)
    added_date = models.DateField()
    done_date = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="action_item_number_per_case")
        ]
        indexes = [
            models.Index(fields=["owner_organisation", "done_date"]),
            # The worklist's "open actions of my organisation" (lvv.web.worklist).
            models.Index(
                fields=["owner_organisation", "due_date"],
                condition=models.Q(done_date__isnull=True),
                name="action_item_open_by_owner",
            ),
        ]

    def to_state(self) -> ActionItemState:
        return ActionItemState(
            number=self.number,
            description=self.description,
            owner_organisation=self.owner_organisation_id,
            due_date=self.due_date,
            added_date=self.added_date,
            done_date=self.done_date,
        )
