"""An LSO meeting where a partner disagrees: the outcome leads straight to an MRT referral."""

from __future__ import annotations

import re

from lvv.web.tests.browser.support import data_value, error_summary, follow, submit, today

# Utrecht: with the demo data (seed 7) its proposed agenda has cases after the rest period.
DIRECTOR = "regisseur-utr"
DISSENTING = "Immigratie- en Naturalisatiedienst"


def test_dissent_in_the_lso_leads_to_an_mrt_referral(users):
    page = users.page(DIRECTOR)
    page.goto("/")
    follow(page, "LSO-overleggen")
    follow(page, "Overleg plannen")
    page.get_by_label("Datum van het overleg").fill(today().isoformat())
    submit(page, "Plannen")
    assert re.search(r"/lso/\d+/$", page.url), error_summary(page)
    assert "de agenda is voorgesteld" in page.locator(".lvv-messages").inner_text()
    meeting_url = page.url

    # The proposed agenda: cases with the system's reasons.
    rows = page.locator("table.lvv-agenda tbody tr", has=page.locator(".lvv-reasons li"))
    assert rows.count() >= 1, page.locator("table.lvv-agenda").inner_text()
    reference = rows.first.locator("th a").inner_text().strip()
    follow(page, f"Bespreken {reference}")

    # The partners disagree: IND does not agree with the outcome.
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("group", name="Welke partner(s) zijn het niet eens?").get_by_label(
        DISSENTING
    ).check()
    page.get_by_label(f"Standpunt {DISSENTING}").fill("Verblijf is niet realistisch.")
    submit(page, "Uitkomst vastleggen")
    assert "/mrt/" in page.url, error_summary(page)
    assert "niet eens" in page.locator(".lvv-messages").inner_text()
    question = page.get_by_label("Vraag aan het MRT").input_value()
    assert DISSENTING in question
    assert page.get_by_label(f"Standpunt {DISSENTING}").input_value()

    # The offered referral.
    submit(page, "Voorleggen aan het MRT")
    assert page.url == meeting_url, error_summary(page)
    row = page.locator("table.lvv-agenda tbody tr", has_text=reference)
    assert "Voorgelegd aan het MRT" in row.inner_text()
    assert DISSENTING in row.inner_text()

    follow(page, reference)
    assert data_value(page, "MRT") == "voorgelegd aan het MRT"
    assert "voorgelegd aan het MRT" in page.locator(".lvv-timeline").inner_text()
    page.close()
