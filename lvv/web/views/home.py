from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lvv.access.decorators import authenticated


@authenticated
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {})
