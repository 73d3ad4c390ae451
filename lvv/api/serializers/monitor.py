"""The monitor's figures on a reference date, in the shape ``monitor_figures`` returns.

The fields are read from the monitor's own definitions (``empty_figures``), so a figure the
monitor adds appears here too. A count of people may read ``"<5"`` (fewer than five) or
``"x"`` (hidden because a total would give a small one back), exactly as on the page.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.monitor.definitions import empty_figures
from lvv.monitor.suppression import SECONDARY_LABEL, primary_label


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "enum": [primary_label(), SECONDARY_LABEL]},
        ]
    }
)
class CountField(serializers.Field):
    def to_representation(self, value):
        return value


def _block_serializer(name: str, example: dict) -> type[serializers.Serializer]:
    fields = {}
    for key, value in example.items():
        if isinstance(value, dict):
            fields[key] = _block_serializer(f"{name}{key.title().replace('_', '')}", value)()
        else:
            fields[key] = CountField()
    return type(name, (serializers.Serializer,), fields)


FigureBlockSerializer = _block_serializer("MonitorFigures", empty_figures())


class MonitorQuerySerializer(serializers.Serializer):
    reference_date = serializers.DateField(
        required=False, help_text=_("peildatum (JJJJ-MM-DD); zonder: vandaag")
    )

    def validate_reference_date(self, value: dt.date) -> dt.date:
        if value > timezone.localdate():
            raise serializers.ValidationError(_("De peildatum ligt in de toekomst."))
        if value < dt.date(2000, 1, 1):
            raise serializers.ValidationError(_("Kies een peildatum vanaf het jaar 2000."))
        return value


class MonitorResultSerializer(serializers.Serializer):
    reference_date = serializers.DateField()
    definitions_version = serializers.CharField()
    national = serializers.BooleanField(
        help_text=_("true: alle LVV's en het landelijke totaal; false: de eigen LVV's")
    )
    suppressed = serializers.BooleanField(
        help_text=_(
            "kleine aantallen (1 tot 4 personen) lezen '<5', en 'x' waar een totaal een "
            "afgeschermd aantal zou verraden"
        )
    )
    figures = serializers.DictField(
        child=FigureBlockSerializer(),
        help_text=_("per LVV-code en onder 'total' het totaal"),
    )
