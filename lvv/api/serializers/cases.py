"""Cases, their person, events and action items as partner systems see them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lvv.api.serializers.fields import ClampedDateTimeField
from lvv.cases.models import ActionItem, Case, CaseEvent, Person
from lvv.cases.vocabulary import OutflowCategory, Phase, Scenario, Stage

NO_SCENARIO = "none"


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
    guiding_organisation = serializers.CharField(
        source="guiding_organisation.code", default=None, read_only=True, allow_null=True
    )
    person = PersonSerializer(read_only=True)
    # Declared, so that read-only they still say "" is a value (no stage/phase/... yet).
    stage = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, allow_blank=True, read_only=True)
    scenario = serializers.ChoiceField(choices=Scenario.choices, allow_blank=True, read_only=True)
    outflow_category = serializers.ChoiceField(
        choices=OutflowCategory.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "lvv",
            "guiding_organisation",
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
            "updated_at",
        ]
        read_only_fields = fields  # the API reads cases; changes go through the services


class CaseFilterSerializer(serializers.Serializer):
    """The query parameters of the case list; every one narrows the caller's own cases."""

    lvv = serializers.CharField(
        required=False,
        max_length=8,
        help_text=_("code van de LVV, bijvoorbeeld AMS; een andere LVV dan de eigen geeft niets"),
    )
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    scenario = serializers.ChoiceField(
        choices=[*Scenario.choices, (NO_SCENARIO, _("nog geen scenario"))], required=False
    )
    updated_since = ClampedDateTimeField(
        required=False,
        help_text=_("alleen casussen die sinds dit tijdstip (ISO 8601) zijn gewijzigd"),
    )

    def apply(self, queryset):
        data = self.validated_data
        if "lvv" in data:
            queryset = queryset.filter(lvv__code=data["lvv"])
        if "stage" in data:
            queryset = queryset.filter(stage=data["stage"])
        if "phase" in data:
            queryset = queryset.filter(phase=data["phase"])
        if "scenario" in data:
            scenario = data["scenario"]
            queryset = queryset.filter(scenario="" if scenario == NO_SCENARIO else scenario)
        if "updated_since" in data:
            queryset = queryset.filter(updated_at__gte=data["updated_since"])
        return queryset


class CaseEventSerializer(serializers.ModelSerializer):
    corrects = serializers.IntegerField(
        source="corrects.sequence", allow_null=True, default=None, read_only=True
    )
    organisation = serializers.CharField(source="organisation.code", default="", read_only=True)
    data = serializers.DictField(
        read_only=True,
        help_text=_("de gegevens van de gebeurtenis; de vorm hangt af van het soort (type)"),
    )

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


class ActionItemSerializer(serializers.ModelSerializer):
    owner_organisation = serializers.CharField(source="owner_organisation_id", read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "number",
            "description",
            "owner_organisation",
            "due_date",
            "added_date",
            "done_date",
        ]
        read_only_fields = fields
