"""Bug 3 of issue 12: a counsellor's referral without a guiding organisation vanished from
her sight without a word. Her own organisation is now the default, and she is warned - and
must confirm - before she registers a case she would not see afterwards."""

from __future__ import annotations

import re

from lvv.web.tests.browser.support import (
    assert_no_console_problems,
    axe_violations,
    error_summary,
    follow,
    format_violations,
    screenshot,
    submit,
    today,
)

COUNSELLOR = "begeleider-ams"
OWN = "Begeleidende ngo LVV Amsterdam"


def _fill_person(form, reference: str) -> None:
    form.get_by_label("Lokale referentie").fill(reference)
    form.get_by_label("Voornamen").fill("Testa")
    form.get_by_label("Achternaam").fill(f"Zichtbaar-{reference[-3:]}")
    form.get_by_label("onbekend / anders", exact=True).check()
    form.get_by_label("Datum van aanmelding").fill(today().isoformat())
    form.get_by_label("Aangemeld door").fill("Straatteam van de ngo")


def test_a_counsellor_s_referral_is_guided_by_her_organisation_and_stays_in_sight(users):
    page = users.page(COUNSELLOR)
    page.goto("/")
    follow(page, "Nieuwe aanmelding")
    form = page.locator("form#aanmelding")
    chosen = form.get_by_label("Begeleidende organisatie").evaluate(
        "(select) => select.options[select.selectedIndex].text"
    )
    assert chosen.startswith(OWN), chosen
    _fill_person(form, "ZICHT-001")
    submit(page, "Controleren en registreren")
    if page.locator("#mogelijke-dubbelen").count():
        page.get_by_label("Geen van deze: een nieuwe persoon registreren").check()
        submit(page, "Aanmelding registreren")
    assert re.search(r"/casussen/\d+/$", page.url), error_summary(page)
    page.close()


def test_a_counsellor_is_warned_before_her_referral_falls_outside_her_sight(users):
    page = users.page(COUNSELLOR)
    page.goto("/aanmelden/")
    form = page.locator("form#aanmelding")
    _fill_person(form, "ZICHT-002")
    form.get_by_label("Begeleidende organisatie").select_option(label="— nog niet bekend —")
    submit(page, "Controleren en registreren")
    warning = page.locator("#buiten-zicht")
    assert warning.is_visible(), error_summary(page)
    assert "kunt u deze casus niet meer zien" in warning.inner_text()
    assert OWN in warning.inner_text()
    screenshot(page, "referral-out-of-sight")
    assert_no_console_problems(page)

    page.get_by_label("Ik begrijp dat ik deze casus na het registreren niet meer zie").check()
    label = "Aanmelding registreren" if page.locator("#mogelijke-dubbelen").count() else None
    if label:
        page.get_by_label("Geen van deze: een nieuwe persoon registreren").check()
    submit(page, label or "Controleren en registreren")
    messages = page.locator(".lvv-messages").inner_text()
    assert "is geregistreerd als casus" in messages, error_summary(page)
    assert "U kunt deze casus niet inzien" in messages
    page.close()


def test_the_out_of_sight_warning_has_no_wcag_violations(users):
    page = users.axe_page(COUNSELLOR)
    page.goto("/aanmelden/")
    form = page.locator("form#aanmelding")
    _fill_person(form, "ZICHT-003")
    form.get_by_label("Begeleidende organisatie").select_option(label="— nog niet bekend —")
    submit(page, "Controleren en registreren")
    assert page.locator("#buiten-zicht").is_visible()
    violations = axe_violations(page)
    assert violations == [], format_violations(page.url, violations)
    page.close()
