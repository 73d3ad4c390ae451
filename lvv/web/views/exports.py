"""Export of one case's whole history (e.g. for a data subject's access request, AVG art. 15).

The export is a read of personal data like any other: through ``access_case`` (404 and a
``denied`` entry when not allowed) and logged as ``export``.
"""

from __future__ import annotations

import csv
import json

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from lvv.access.decorators import policy
from lvv.access.policy import Action
from lvv.access.selectors import access_case
from lvv.cases.selectors import case_events
from lvv.processing_log.activities import Operation
from lvv.spreadsheet import escape_cell


@policy(Action.CASE_EXPORT)
def case_export(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, Action.CASE_EXPORT, operation=Operation.EXPORT)
    person = case.person
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="casus-{case.reference}.csv"'
    writer = csv.writer(response)

    def row(*values) -> None:
        writer.writerow([escape_cell(value) for value in values])

    row(_("casus"), case.reference, _("LVV"), case.lvv.name)
    row(_("V-nummer"), person.v_number, _("lokale referentie"), person.local_reference)
    row(_("naam"), person.display_name, _("geboortejaar"), person.birth_year or "")
    row(_("nationaliteiten"), ", ".join(person.nationalities or []))
    row()
    row(
        _("volgnummer"),
        _("soort"),
        _("datum"),
        _("vastgelegd op"),
        _("organisatie"),
        _("gegevens"),
        _("reden"),
        _("correctie van"),
    )
    for event in case_events(case):
        row(
            event.sequence,
            event.get_type_display(),
            event.effective_date.isoformat(),
            event.recorded_at.isoformat(timespec="seconds"),
            event.organisation.code if event.organisation else "",
            json.dumps(event.data, ensure_ascii=False, sort_keys=True),
            event.reason,
            event.corrects.sequence if event.corrects else "",
        )
    return response
