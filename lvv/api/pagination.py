"""Cursor pagination: stable under inserts, no page counting, an opaque ``cursor`` to follow.

A partner system keeps up to date by walking ``next`` until it is null, then asking again
later with ``updated_since`` - never by page numbers that shift when cases are added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


def bounded_int(text: str) -> int:
    """An id or sequence a database column can hold."""
    value = int(text)
    if not 0 <= value < 2**63:
        raise ValueError(text)
    return value


class StableCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = _("Ongeldige cursor: volg de link 'next' of 'previous'.")
    # Parses the position a cursor carries (the first ordering field's value).
    position_type: Callable[[str], object] = staticmethod(bounded_int)

    def get_page_size(self, request) -> int:
        """``page_size`` from 1 to ``max_page_size``; anything else is refused, not ignored."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        try:
            size = int(value)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Geef een paginagrootte van 1 tot %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = _("aantal per pagina (standaard %(size)d)") % {
                    "size": self.page_size
                }
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] = _(
                    "de cursor uit de link 'next' of 'previous' van het vorige antwoord"
                )
        return parameters

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                self.position_type(cursor.position)
        except (exceptions.NotFound, ValueError, TypeError, OverflowError) as exc:
            # A bad cursor is a bad request (400), not a missing page (404) or a crash.
            raise exceptions.ValidationError(
                {self.cursor_query_param: [str(self.invalid_cursor_message)]}
            ) from exc
        return cursor


class CasePagination(StableCursorPagination):
    ordering = "id"


class EventPagination(StableCursorPagination):
    ordering = "sequence"


class MeetingPagination(StableCursorPagination):
    ordering = ("-date", "-id")
    position_type = staticmethod(dt.date.fromisoformat)
