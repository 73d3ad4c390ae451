"""The main pages: no WCAG 2.1 AA violations (axe-core), a full-page screenshot of each (CI
artefacts in var/screenshots/), and no console errors or CSP violations under the real CSP."""

from __future__ import annotations

import re

import pytest

from lvv.web.tests.browser.support import (
    assert_no_console_problems,
    axe_violations,
    case_links,
    data_value,
    follow,
    format_violations,
    screenshot,
    submit,
)

DIRECTOR, UTRECHT = "regisseur-ams", "regisseur-utr"


@pytest.fixture(scope="module")
def targets(users) -> dict:
    """What the pages are about: a case in guidance, a held meeting, a participant."""
    page = users.page(DIRECTOR)
    page.goto("/casussen/?stap=guidance")
    guided = case_links(page)
    assert guided, "no Amsterdam case in guidance in the demo data"
    case_id = guided[0][0]
    page.goto(f"/casussen/{case_id}/")
    v_number = data_value(page, "V-nummer")
    page.close()

    page = users.page(UTRECHT)
    page.goto("/lso/")
    held = page.locator("#gehouden-overleggen tbody a[href^='/lso/']").first
    meeting = held.get_attribute("href")
    assert meeting and re.match(r"^/lso/\d+/$", meeting), "no held meeting in the demo data"
    page.close()
    return {"case": case_id, "meeting": meeting, "v_number": v_number}


def _empty_action_form(page, case_id: int) -> None:
    """An action form sent without its required answers (nothing is stored)."""
    page.goto(f"/casussen/{case_id}/")
    follow(page, "Uitstroom registreren")
    page.get_by_label("Datum", exact=True).fill("")
    submit(page, "Vastleggen")
    assert page.locator("#foutmeldingen").is_visible()


def _empty_referral(page) -> None:
    page.goto("/aanmelden/")
    page.get_by_label("Datum van aanmelding").fill("")
    submit(page, "Controleren en registreren")
    assert page.locator("#foutmeldingen").is_visible()


def _police_lookup(page, v_number: str) -> None:
    page.goto("/")
    follow(page, "Deelnamecheck")
    page.get_by_label("V-nummer").fill(v_number)
    submit(page, "Opzoeken")
    assert "Ja, deze persoon is nu deelnemer." in page.locator("#antwoord").inner_text()


def _processing_log(page, v_number: str) -> None:
    """Who processed the data of one person (the police lookup above is among them)."""
    page.goto("/")
    follow(page, "Verwerkingenlogboek")
    page.get_by_label("Wie verwerkte de gegevens van deze persoon?").check()
    page.get_by_label("V-nummer, lokale referentie of gebruikersnaam").fill(v_number)
    submit(page, "Tonen")
    assert page.locator("main table tbody tr").count() >= 1, page.locator("main").inner_text()


def _admin_user(page) -> None:
    page.goto("/beheer/gebruikers/")
    follow(page, DIRECTOR)


def _admin_lvv(page) -> None:
    page.goto("/beheer/lvvs/")
    follow(page, "Amsterdam")


# (name, user, how to get there): the user None is not logged in.
PAGES = {
    "login": (None, "/inloggen/"),
    "worklist": (DIRECTOR, "/"),
    "case-list": (DIRECTOR, "/casussen/"),
    "case-page": (DIRECTOR, lambda page, t: page.goto(f"/casussen/{t['case']}/")),
    "form-errors": (DIRECTOR, lambda page, t: _empty_action_form(page, t["case"])),
    "referral-errors": (DIRECTOR, lambda page, t: _empty_referral(page)),
    "meeting": (UTRECHT, lambda page, t: page.goto(t["meeting"])),
    "minutes": (UTRECHT, lambda page, t: page.goto(f"{t['meeting']}notulen/")),
    "mrt-worklist": ("mrt", "/lso/mrt/"),
    "monitor-table": (DIRECTOR, "/monitor/"),
    "monitor-charts": (DIRECTOR, "/monitor/maanden/"),
    "monitor-cohort": (DIRECTOR, "/monitor/cohort/"),
    "import": (DIRECTOR, "/import/"),
    "police-lookup": ("politie", lambda page, t: _police_lookup(page, t["v_number"])),
    "processing-log": ("privacy", lambda page, t: _processing_log(page, t["v_number"])),
    "not-found": (DIRECTOR, "/casussen/987654/"),
    "admin-users": ("beheerder", "/beheer/gebruikers/"),
    "admin-user": ("beheerder", lambda page, t: _admin_user(page)),
    "admin-lvv": ("beheerder", lambda page, t: _admin_lvv(page)),
    "admin-log": ("privacy", "/beheer/logboek/"),
    "password-change": (DIRECTOR, "/wachtwoord-wijzigen/"),
}


def _open(page, name: str, targets: dict) -> None:
    how = PAGES[name][1]
    if callable(how):
        how(page, targets)
    else:
        page.goto(how)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_violations(users, targets, name):
    page = users.axe_page(PAGES[name][0])
    _open(page, name, targets)
    violations = axe_violations(page)
    assert violations == [], format_violations(page.url, violations)
    page.close()


def _screenshot_page(users, name: str, targets: dict):
    username = PAGES[name][0]
    page = users.page(username) if username else users.anonymous_page()
    _open(page, name, targets)
    return page


@pytest.mark.parametrize("name", [n for n in PAGES if n != "not-found"])
def test_screenshot(users, targets, name):
    page = _screenshot_page(users, name, targets)
    if name in ("monitor-charts", "monitor-cohort"):
        # Chart.js runs under the strict CSP: every chart is drawn, its figure shown.
        page.wait_for_function(
            "() => window.Chart && Object.keys(window.Chart.instances).length > 0"
        )
        figures = page.locator("figure.lvv-monitor-chart")
        assert figures.count() >= 1
        for index in range(figures.count()):
            assert figures.nth(index).is_visible()
        drawn = page.evaluate("() => Object.keys(window.Chart.instances).length")
        assert drawn == page.locator("figure.lvv-monitor-chart canvas").count()
    # The NL Design System styles are served and applied.
    assert (
        page.evaluate(
            "() => [...document.styleSheets].filter(s => s.href && s.cssRules.length).length"
        )
        >= 3
    )  # noqa: PLR2004
    screenshot(page, name)
    assert_no_console_problems(page)
    page.close()
