"""The police participant check and the privacy officer's view of the processing log."""

from __future__ import annotations

import csv

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.access.decorators import policy
from lvv.access.lookup import participant_lookup
from lvv.access.policy import Action
from lvv.cases.models import Person
from lvv.cases.services.person import person_find_by_v_number
from lvv.inputs import InputLimitsMixin
from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.selectors import entries_for_subject, entries_for_user
from lvv.processing_log.services import processing_record
from lvv.spreadsheet import escape_cell
from lvv.web.forms import VNumberForm


@policy(Action.PARTICIPANT_LOOKUP, Activity.POLICE_PARTICIPANT_CHECK)
def police_lookup(request: HttpRequest) -> HttpResponse:
    form = VNumberForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        answer = participant_lookup(actor=request.user, v_number=form.cleaned_data["v_number"])
    return render(request, "web/police_lookup.html", {"form": form, "answer": answer})


class LogQueryForm(InputLimitsMixin, forms.Form):
    SUBJECT, USER = "subject", "user"
    kind = forms.ChoiceField(
        label=gettext_lazy("Vraag"),
        choices=[
            (SUBJECT, gettext_lazy("Wie verwerkte de gegevens van deze persoon?")),
            (USER, gettext_lazy("Welke gegevens zag deze gebruiker?")),
        ],
        widget=forms.RadioSelect,
        initial=SUBJECT,
    )
    identifier = forms.CharField(
        label=gettext_lazy("V-nummer, lokale referentie of gebruikersnaam"), max_length=150
    )
    start = forms.DateField(
        label=gettext_lazy("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return data


def _subject_pseudonym(identifier: str) -> str | None:
    identifier = identifier.strip()
    person = person_find_by_v_number(identifier) if identifier.isdigit() else None
    if person is None:
        person = Person.objects.filter(local_reference=identifier).first()
    return person.pseudonym if person else None


@policy(Action.PROCESSING_LOG_VIEW, Activity.PRIVACY_SUPERVISION)
def processing_log(request: HttpRequest) -> HttpResponse:
    form = LogQueryForm(request.GET or None)
    entries = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        if data["kind"] == LogQueryForm.SUBJECT:
            pseudonym = _subject_pseudonym(data["identifier"])
            if pseudonym is None:
                form.add_error("identifier", _("Geen persoon gevonden met dit kenmerk."))
            else:
                entries = entries_for_subject(pseudonym, data["start"], data["end"])
                subjects = [pseudonym]
        else:
            entries = entries_for_user(data["identifier"], data["start"], data["end"])
            subjects = [""]
        if entries is not None:
            export = request.GET.get("export") == "csv"
            processing_record(
                actor=request.user,
                operation=Operation.EXPORT if export else Operation.READ,
                activity=Activity.PRIVACY_SUPERVISION,
                subject_pseudonyms=subjects,
                resource="processing-log",
            )
            if export:
                return _csv(entries)
            entries = entries[:500]
    return render(request, "web/processing_log.html", {"form": form, "entries": entries})


def _csv(entries) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verwerkingenlogboek.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("tijdstip"),
            _("handeling"),
            _("verwerkingsactiviteit"),
            _("betrokkene (pseudoniem)"),
            _("object"),
            _("trace-id"),
            _("resultaat"),
            _("gebruiker"),
            _("organisatie"),
        ]
    )
    for entry in entries.iterator():
        audit = getattr(entry, "audit", None)
        writer.writerow(
            [
                escape_cell(value)
                for value in (
                    entry.occurred_at.isoformat(),
                    entry.operation,
                    entry.activity,
                    entry.subject_pseudonym,
                    entry.resource,
                    entry.trace_id,
                    entry.outcome,
                    audit.username if audit else "",
                    audit.organisation_code if audit else "",
                )
            ]
        )
    return response
