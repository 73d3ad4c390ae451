from __future__ import annotations

from rest_framework import serializers

from lvv.cases.models import Case, CaseEvent, Person


class PersonSerializer(serializers.ModelSerializer):
    """The person of a case as partner systems see it: who it is, nothing more."""

    nationalities = serializers.ListField(child=serializers.CharField(max_length=3), read_only=True)

    class Meta:
        model = Person
        fields = [
            "v_number",
            "local_reference",
            "given_names",
            "family_name",
            "birth_year",
            "nationalities",
        ]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    lvv = serializers.CharField(source="lvv.code", read_only=True)
    person = PersonSerializer(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "lvv",
            "person",
            "stage",
            "phase",
            "scenario",
            "perspective",
            "within_target_group",
            "referral_date",
            "intake_date",
            "dossier_complete_date",
            "scenario_date",
            "last_lso_date",
            "mrt_status",
            "outflow_category",
            "outflow_date",
            "version",
        ]


class CaseEventSerializer(serializers.ModelSerializer):
    corrects = serializers.IntegerField(source="corrects.sequence", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.code", default="")

    class Meta:
        model = CaseEvent
        fields = [
            "sequence",
            "type",
            "effective_date",
            "recorded_at",
            "organisation",
            "data",
            "reason",
            "corrects",
        ]


class ParticipantLookupSerializer(serializers.Serializer):
    v_number = serializers.RegexField(r"^[0-9]{10}\Z")


class ParticipantAnswerSerializer(serializers.Serializer):
    is_participant = serializers.BooleanField()
    lvv_name = serializers.CharField()
    contact_organisation = serializers.CharField()
