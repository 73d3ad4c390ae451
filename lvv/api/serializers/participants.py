from __future__ import annotations

from rest_framework import serializers


class ParticipantLookupSerializer(serializers.Serializer):
    v_number = serializers.RegexField(r"^[0-9]{10}\Z")


class ParticipantAnswerSerializer(serializers.Serializer):
    is_participant = serializers.BooleanField()
    lvv_name = serializers.CharField()
    contact_organisation = serializers.CharField()
