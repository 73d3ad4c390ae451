from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvv import inputs
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


class TextField(serializers.CharField):
    """Every text the API accepts: the shared input limits of ``lvv/inputs.py`` (length,
    control characters), with Dutch messages - the same as the forms and the import."""

    def __init__(self, *, max_length: int = inputs.SHORT_TEXT_MAX, multi_line: bool = False, **kw):
        super().__init__(max_length=max_length, **kw)
        self.validators.extend(
            inputs.drf_text_validators(max_length=max_length, single_line=not multi_line)
        )


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
        read_only_fields = fields  # the API reads cases; changes go through the services


class CaseEventSerializer(serializers.ModelSerializer):
    corrects = serializers.IntegerField(source="corrects.sequence", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.code", default="", read_only=True)

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
        read_only_fields = fields


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
