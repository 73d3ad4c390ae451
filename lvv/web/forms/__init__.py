from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lvv.inputs import InputLimitsMixin


class VNumberForm(InputLimitsMixin, forms.Form):
    v_number = forms.RegexField(
        label=_("V-nummer"),
        regex=r"^[0-9]{10}\Z",
        error_messages={
            "invalid": _("Een V-nummer bestaat uit precies 10 cijfers."),
            "required": _("Vul een V-nummer in."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
