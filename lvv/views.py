from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def home(request: HttpRequest) -> HttpResponse:
    """A plain landing page until the case workers' web application is built."""
    title = _("LVV-casusregistratie draait")
    return HttpResponse(f"<!doctype html><html lang='nl'><title>LVV</title><h1>{title}</h1>")
