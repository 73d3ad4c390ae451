"""Every page is Dutch, whatever language the browser asks for.

The texts are written in Dutch in the code and there are no catalogues for other languages;
a browser asking for English must therefore not switch Django's own texts (form errors,
dates) to English and mix the two languages on one page.
"""

from __future__ import annotations

from django.urls import reverse

from lvv.roles import Role
from lvv.testing.builders import make_user
from lvv.testing.web import login_verified


def test_a_browser_asking_for_english_gets_a_dutch_login_page(client, db):
    page = client.get(reverse("web:login"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert '<html lang="nl"' in html
    assert "Gebruikersnaam" in html
    # Django's own texts follow the active language: Dutch, not "This field is required."
    answer = client.post(
        reverse("web:login"), {"username": "iemand"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Dit veld is vereist." in answer
    assert "This field is required." not in answer


def test_a_browser_asking_for_english_gets_dutch_pages_after_login(client, db):
    login_verified(client, make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"]))
    html = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content
    assert b'<html lang="nl"' in html
    assert b"Mijn werkvoorraad" in html


def test_the_html_lang_follows_the_active_language(rf, db):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("de"):
        assert '<html lang="de"' in render_to_string("web/base.html", request=rf.get("/"))
