"""Bug 5 of issue 12, as the chair of an LSO sees it: recording the first outcome no longer
closes the meeting behind her back; she closes it herself. A date in the past cannot be
planned, and the list keeps planned, running and held meetings apart."""

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

CHAIR = "regisseur-grn"


def _row(page, table: str, url: str):
    return page.locator(f"#{table} tbody tr", has=page.locator(f"a[href='{url}']"))


def test_the_chair_records_outcomes_then_closes_the_meeting(users):
    page = users.page(CHAIR)
    page.goto("/lso/nieuw/")
    page.get_by_label("Datum van het overleg").fill("2019-06-03")
    submit(page, "Plannen")
    assert "kan niet in het verleden worden gepland" in error_summary(page)

    page.get_by_label("Datum van het overleg").fill(today().isoformat())
    submit(page, "Plannen")
    assert re.search(r"/lso/\d+/$", page.url), error_summary(page)
    meeting_url = page.url.removeprefix(users.server)
    assert "bezig" in page.locator("h1").inner_text()

    rows = page.locator("table.lvv-agenda tbody tr", has=page.locator(".lvv-reasons li"))
    assert rows.count() >= 1, page.locator("table.lvv-agenda").inner_text()
    reference = rows.first.locator("th a").inner_text().strip()
    follow(page, f"Bespreken {reference}")
    page.get_by_label("Medewerking van de persoon").select_option(label="werkt mee")
    submit(page, "Uitkomst vastleggen")
    assert page.url.endswith(meeting_url), error_summary(page)
    # still running: the agenda can be changed and the chair can close it
    assert "bezig" in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Casus op de agenda zetten").is_visible()

    page.goto("/lso/")
    assert _row(page, "lopende-overleggen", meeting_url).count() == 1
    assert _row(page, "geplande-overleggen", meeting_url).count() == 0
    assert _row(page, "gehouden-overleggen", meeting_url).count() == 0
    screenshot(page, "meeting-list-in-progress")

    page.goto(meeting_url)
    submit(page, "Overleg afsluiten")
    assert "afgesloten" in page.locator(".lvv-messages").inner_text()
    assert "gehouden en afgesloten" in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Casus op de agenda zetten").count() == 0
    page.goto("/lso/")
    assert _row(page, "gehouden-overleggen", meeting_url).count() == 1
    assert _row(page, "lopende-overleggen", meeting_url).count() == 0
    assert_no_console_problems(page)
    page.close()


def test_the_meeting_list_has_no_wcag_violations(users):
    page = users.axe_page(CHAIR)
    page.goto("/lso/")
    violations = axe_violations(page)
    assert violations == [], format_violations(page.url, violations)
    page.close()
