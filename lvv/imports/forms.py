"""The upload form of the caseload import page."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvv.inputs import InputLimitsMixin

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")


class CaseloadUploadForm(InputLimitsMixin, forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Bestand (CSV of XLSX)"),
        help_text=gettext_lazy(
            "Een CSV-bestand (UTF-8, komma's, kopregel) of een Excel-werkmap (XLSX, eerste "
            "werkblad), met de kolommen van de handleiding; hoogstens 20 MB."
        ),
        error_messages={
            "required": gettext_lazy("Kies een bestand."),
            "empty": gettext_lazy("Het bestand is leeg."),
            "invalid": gettext_lazy("Kies een bestand."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
    )

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Kies een CSV- of XLSX-bestand (.csv of .xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is %(size)s; het mag hoogstens %(limit)s zijn.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload
