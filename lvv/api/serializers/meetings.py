"""LSO meetings and their agendas, as the agenda page shows them to the same person.

An agenda item is serialised from the meeting selectors' ``ItemView`` - the allowlist of what
an agenda page and the minutes show - so the API shows nothing the page would not.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lvv.meetings.models import AgendaItemStatus, Meeting, MeetingStatus


class MeetingSerializer(serializers.ModelSerializer):
    lvv = serializers.CharField(source="lvv.code", read_only=True)
    status = serializers.ChoiceField(choices=MeetingStatus.choices, read_only=True)
    attending_organisations = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Meeting
        fields = ["id", "lvv", "date", "status", "attending_organisations"]


class AgendaActionSerializer(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.CharField(help_text="naam van de organisatie die de actie uitvoert")
    due_date = serializers.DateField(allow_null=True)


class OrganisationTextSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    text = serializers.CharField()


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="item.position")
    case_id = serializers.IntegerField(source="item.case_id")
    case_reference = serializers.CharField(source="item.case.reference")
    reasons = serializers.ListField(
        child=serializers.CharField(), source="item.reasons", help_text="redenen (codes)"
    )
    status = serializers.ChoiceField(choices=AgendaItemStatus.choices, source="item.status")
    agreed = serializers.BooleanField(source="item.agreed", allow_null=True)
    perspective = serializers.CharField()
    scenario = serializers.CharField(help_text="zoals op de agenda: de Nederlandse naam")
    phase = serializers.CharField()
    cooperation = serializers.CharField()
    review = serializers.BooleanField()
    notes = serializers.CharField()
    dissenting = serializers.ListField(child=serializers.CharField())
    positions = serializers.SerializerMethodField()
    requests = serializers.SerializerMethodField()
    actions = AgendaActionSerializer(many=True)
    mrt_question = serializers.CharField()
    mrt_advice = serializers.CharField()

    @extend_schema_field(OrganisationTextSerializer(many=True))
    def get_positions(self, view) -> list[dict]:
        return OrganisationTextSerializer(
            [{"organisation": org, "text": text} for org, text in view.positions], many=True
        ).data

    @extend_schema_field(OrganisationTextSerializer(many=True))
    def get_requests(self, view) -> list[dict]:
        return OrganisationTextSerializer(
            [{"organisation": org, "text": text} for org, text in view.requests], many=True
        ).data


class MeetingDetailSerializer(MeetingSerializer):
    """The meeting with its agenda: only the items whose case the reader may see."""

    agenda = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda"]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting) -> list[dict]:
        return AgendaItemSerializer(self.context["agenda"], many=True).data
