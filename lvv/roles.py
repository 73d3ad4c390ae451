"""The roles of DOMAIN.md (plus the privacy officer), the only names the policy knows.

Ground floor: a role is a name every floor may use (a user holds roles, the policy grants
to roles, the demo assigns them); what a role may do is decided in ``lvv/access/policy.py``
alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_DIRECTOR = "case_director", _("regisseur")
    COUNSELLOR = "counsellor", _("begeleider")
    IND_OFFICER = "ind_officer", _("IND-medewerker")
    DTV_OFFICER = "dtv_officer", _("regievoerder DT&V")
    POLICE_OFFICER = "police_officer", _("politie (AVIM)")
    MRT_MEMBER = "mrt_member", _("MRT-lid")
    PROGRAMME_ANALYST = "programme_analyst", _("analist programmabureau")
    ADMINISTRATOR = "administrator", _("functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")
