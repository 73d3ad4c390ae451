"""How the OpenAPI schema describes the authentication (token and acting person together),
the error answers and the trace headers of every operation."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from lvv.api.authentication import ACTING_USER_HEADER
from lvv.api.trace import HEADER as TRACEPARENT


class ApplicationTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lvv.api.authentication.ApplicationTokenAuthentication"
    # Both are required on every call (a list of names: AND).
    name = ["applicationToken", "actingUser"]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "http",
                "scheme": "bearer",
                "description": "The application's token (lvv_...), issued by an administrator.",
            },
            {
                "type": "apiKey",
                "in": "header",
                "name": ACTING_USER_HEADER,
                "description": (
                    "User name of the person acting: an active user of the application's "
                    "organisation, whose roles and LVVs decide what the call may do."
                ),
            },
        ]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="de reden, in het Nederlands")


VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
    "description": "per parameter of veld de redenen, in het Nederlands",
}


ERRORS = {
    400: ("Ongeldige parameters of gegevens.", "validation"),
    401: (
        "Geen, een onbekende, verlopen of ingetrokken sleutel, of geen geldige handelende persoon.",
        None,
    ),
    403: ("De rollen van de handelende persoon geven geen toegang tot dit endpoint.", None),
    404: (
        "Bestaat niet, of de handelende persoon heeft er geen toegang toe (niet te onderscheiden).",
        None,
    ),
    429: ("Te veel verzoeken; de header Retry-After zegt na hoeveel seconden het weer kan.", None),
}


class LvvAutoSchema(AutoSchema):
    """Every operation documents its error answers and the ``traceparent`` headers."""

    def _get_response_bodies(self, direction="response"):
        # After the view's own (also those of @extend_schema, whose subclass would hide an
        # override of get_response_serializers).
        responses = super()._get_response_bodies(direction)
        for code, (description, kind) in ERRORS.items():
            if code == 404 and "{" not in self.path:  # 404 only where one object is named
                continue
            body = VALIDATION_ERROR if kind == "validation" else ErrorSerializer
            responses.setdefault(
                str(code),
                self._get_response_for_code(
                    OpenApiResponse(body, description=description), str(code), direction=direction
                ),
            )
        return responses

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                TRACEPARENT,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=(
                    "W3C Trace Context of the calling organisation's operation; recorded as "
                    "foreign_operation in our processing log. Invalid values are ignored."
                ),
            ),
            OpenApiParameter(
                TRACEPARENT,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=True,
                description="W3C Trace Context of our operation (a new trace per call).",
            ),
        ]
