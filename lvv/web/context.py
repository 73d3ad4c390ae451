from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lvv.access.policy import Action, may


def main_menu(request) -> dict:
    """The menu shows only what the user's roles allow (the policy decides, not the template)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = [
        ("web:home", _("Mijn werkvoorraad"), None),
        ("web:case_list", _("Casussen"), Action.CASE_VIEW),
        ("web:referral_register", _("Nieuwe aanmelding"), Action.REFERRAL_REGISTER),
        ("meetings:meeting_list", _("LSO-overleggen"), Action.LSO_CONTRIBUTE),
        ("meetings:mrt_list", _("MRT"), Action.MRT_ADVISE),
        ("monitor:figures", _("Monitor"), Action.MONITOR_VIEW),
        ("imports:caseload_import", _("Caseload importeren"), Action.CASELOAD_IMPORT),
        ("web:police_lookup", _("Deelnamecheck"), Action.PARTICIPANT_LOOKUP),
        ("web:processing_log", _("Verwerkingenlogboek"), Action.PROCESSING_LOG_VIEW),
        ("web:admin_home", _("Beheer"), Action.ADMINISTRATION),
        ("web:admin_log", _("Beheerlogboek"), Action.PROCESSING_LOG_VIEW),
    ]
    menu = []
    for name, label, action in entries:
        if action is not None and not may(user, action):
            continue
        url = reverse(name)
        menu.append({"url": url, "label": label, "current": request.path == url})
    return {"main_menu": menu}
