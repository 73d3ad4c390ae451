"""Bug 2 of issue 12: the case number shown everywhere (AMS-000302) finds its case."""

from __future__ import annotations

from lvv.web.tests.browser.support import case_links, submit


def test_searching_the_case_number_as_shown_finds_the_case(users):
    page = users.page("regisseur-ams")
    page.goto("/casussen/?status=alle")
    case_id, reference = case_links(page)[-1]
    short = f"{reference.split('-')[0].lower()}-{case_id}"  # "ams-302"
    for query in (reference, short):
        page.goto("/casussen/")
        page.get_by_label("Zoeken op naam, casusnummer, V-nummer of lokale referentie").fill(query)
        submit(page, "Zoeken")
        assert case_links(page) == [(case_id, reference)], query
        assert "1 casus gevonden" in page.locator("#resultaat-status").inner_text()
    page.close()
