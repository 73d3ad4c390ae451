from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvv.api.serializers.fields import TextField


class ParticipantLookupSerializer(serializers.Serializer):
    v_number = TextField(
        max_length=10,
        trim_whitespace=False,
        validators=[
            RegexValidator(r"^[0-9]{10}\Z", _("Een V-nummer bestaat uit precies 10 cijfers."))
        ],
        error_messages={
            "required": _("Vul een V-nummer in."),
            "blank": _("Vul een V-nummer in."),
            "max_length": _("Een V-nummer bestaat uit precies 10 cijfers."),
        },
    )


class ParticipantAnswerSerializer(serializers.Serializer):
    """An answer (output only)."""

    is_participant = serializers.BooleanField(read_only=True)
    lvv_name = serializers.CharField(read_only=True)
    contact_organisation = serializers.CharField(read_only=True)
