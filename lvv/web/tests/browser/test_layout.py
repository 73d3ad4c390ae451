"""Bug 8 of issue 12: layout on a desktop (1280 px) and a phone (390 px).

No page may scroll sideways as a whole (wide tables scroll inside their own container), a
long word may not stretch a page, the monitor's national total must be in view at 1280 px,
and every date reads the same way: "3 februari 2025" in text, "03-02-2025" in tables.
Screenshots of every page at both widths go to var/screenshots/ (desktop-*, mobile-*).
"""

from __future__ import annotations

import pytest

from lvv.web.tests.browser.support import (
    axe_violations,
    case_links,
    follow,
    format_violations,
    screenshot,
    submit,
    today,
)

DIRECTOR, COUNSELLOR = "regisseur-ams", "begeleider-ams"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LONG_WORD = "Onafgebrokenwoordzonderspatiesdatdepaginanietmagoprekkenxyzw"  # 60 characters


@pytest.fixture(scope="module")
def places(users) -> dict:
    """A case in guidance with an action whose description is one long word, a held and a
    planned meeting of Utrecht, an item of the planned one."""
    assert len(LONG_WORD) == 60  # noqa: PLR2004
    page = users.page(DIRECTOR)
    page.goto("/casussen/?stap=guidance")
    case_id = case_links(page)[0][0]
    page.goto(f"/casussen/{case_id}/")
    follow(page, "Actie toevoegen aan het plan van aanpak")
    page.get_by_label("Datum", exact=True).fill(today().isoformat())
    page.get_by_label("Omschrijving van de actie").fill(LONG_WORD)
    page.get_by_label("Eigenaar").select_option(label="Gemeente Amsterdam")
    submit(page, "Vastleggen")
    page.close()

    page = users.page("regisseur-utr")
    page.goto("/lso/")
    held = page.locator("#gehouden-overleggen tbody a[href^='/lso/']").first.get_attribute("href")
    planned = page.locator("#geplande-overleggen tbody a[href^='/lso/']").first.get_attribute(
        "href"
    )
    page.goto(planned)
    item = page.locator("table.lvv-agenda a[href*='/bespreken/']").first.get_attribute("href")
    page.close()
    return {"case": case_id, "held": held, "planned": planned, "item": item}


PAGES = {
    "login": (None, lambda p: "/inloggen/"),
    "worklist": (DIRECTOR, lambda p: "/"),
    "case-list": (DIRECTOR, lambda p: "/casussen/"),
    "case-page": (DIRECTOR, lambda p: f"/casussen/{p['case']}/"),
    "action-form": (DIRECTOR, lambda p: f"/casussen/{p['case']}/kwartaalbespreking/"),
    "sensitive": (DIRECTOR, lambda p: f"/casussen/{p['case']}/bijzondere-gegevens/"),
    "referral": (COUNSELLOR, lambda p: "/aanmelden/"),
    "meetings": ("regisseur-utr", lambda p: "/lso/"),
    "meeting-plan": ("regisseur-utr", lambda p: "/lso/nieuw/"),
    "meeting-held": ("regisseur-utr", lambda p: p["held"]),
    "meeting-planned": ("regisseur-utr", lambda p: p["planned"]),
    "meeting-outcome": ("regisseur-utr", lambda p: p["item"]),
    "meeting-attendance": ("regisseur-utr", lambda p: f"{p['planned']}aanwezigheid/"),
    "minutes": ("regisseur-utr", lambda p: f"{p['held']}notulen/"),
    "discussion-request": (COUNSELLOR, lambda p: "/lso/bespreking-aanvragen/"),
    "mrt-worklist": ("mrt", lambda p: "/lso/mrt/"),
    "monitor-table": (DIRECTOR, lambda p: "/monitor/"),
    "monitor-national": ("analist", lambda p: "/monitor/"),
    "monitor-charts": (DIRECTOR, lambda p: "/monitor/maanden/"),
    "monitor-measurements": (DIRECTOR, lambda p: "/monitor/metingen/"),
    "import": (DIRECTOR, lambda p: "/import/"),
    "police-lookup": ("politie", lambda p: "/deelnamecheck/"),
    "processing-log": ("privacy", lambda p: "/verwerkingenlogboek/"),
}


def _open(users, name: str, places: dict, viewport: dict):
    username, where = PAGES[name]
    page = users.page(username) if username else users.anonymous_page()
    page.set_viewport_size(viewport)
    response = page.goto(where(places))
    assert response.status == 200, f"{name}: {response.status}"  # noqa: PLR2004
    page.wait_for_load_state("load")
    return page


def _overflow(page) -> str:
    """'' if nothing sticks out sideways, else what does."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            if (document.documentElement.scrollWidth <= width) return '';
            const boxes = '.utrecht-table__container, .lvv-monitor-scroll, .lvv-scroll';
            const right = (el) => Math.round(el.getBoundingClientRect().right);
            const wide = [...document.querySelectorAll('body *')]
                .filter(el => right(el) > width + 1 && !el.closest(boxes))
                .slice(0, 5)
                .map(el => el.tagName + '.' + [...el.classList].join('.') + ' ' + right(el));
            const total = document.documentElement.scrollWidth;
            return `scrollWidth ${total} > ${width}: ` + wide.join(', ');
        }"""
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways_on_a_phone_or_a_desktop(users, places, name):
    for label, viewport in (("mobile", PHONE), ("desktop", DESKTOP)):
        page = _open(users, name, places, viewport)
        screenshot(page, f"{label}-{name}")
        assert _overflow(page) == "", f"{name} at {viewport['width']} px: {_overflow(page)}"
        page.close()


def test_a_long_word_wraps_instead_of_stretching_the_page(users, places):
    for viewport in (PHONE, DESKTOP):
        for where in (f"/casussen/{places['case']}/", "/"):
            page = users.page(DIRECTOR)
            page.set_viewport_size(viewport)
            page.goto(where)
            assert page.get_by_text(LONG_WORD).first.is_visible()
            assert _overflow(page) == "", f"{where} at {viewport['width']} px"
            page.close()


def test_the_monitor_shows_the_national_total_at_1280_px(users, places):
    page = _open(users, "monitor-national", places, DESKTOP)
    table = page.locator("#monitor-cijfers")
    last = table.locator("thead th").last
    assert "Landelijk" in last.inner_text() or "Totaal" in last.inner_text(), last.inner_text()
    box = last.bounding_box()
    region = page.locator("#monitor-cijfers").locator("xpath=..").bounding_box()
    assert box["x"] + box["width"] <= region["x"] + region["width"] + 1, (box, region)
    assert box["x"] + box["width"] <= DESKTOP["width"]
    page.close()


DATES = r"""() => {
    const months = 'januari|februari|maart|april|mei|juni|juli|augustus|september|'
        + 'oktober|november|december';
    const long = new RegExp('\\b\\d{1,2} (' + months + ') \\d{4}\\b', 'g');
    const numeric = /\b\d{1,2}-\d{1,2}-\d{4}\b/g;
    const padded = /^\d{2}-\d{2}-\d{4}$/;
    const iso = /\b\d{4}-\d{2}-\d{2}\b/g;
    const weekday = /\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d/i;
    const problems = [];
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent.closest('script, style, option, textarea')) continue;
        const text = node.textContent;
        const inTable = !!parent.closest('td, th');
        for (const m of text.match(iso) || []) problems.push('ISO ' + m);
        for (const m of text.match(numeric) || []) {
            if (!padded.test(m)) problems.push('unpadded ' + m);
            else if (!inTable) problems.push('numeric outside a table: ' + m);
        }
        for (const m of text.match(long) || []) {
            if (inTable) problems.push('long date in a table: ' + m);
        }
        if (weekday.test(text)) problems.push('weekday: ' + text.trim().slice(0, 60));
    }
    return problems;
}"""


@pytest.mark.parametrize(
    "name",
    [
        "worklist",
        "case-list",
        "case-page",
        "meetings",
        "meeting-held",
        "meeting-outcome",
        "minutes",
        "mrt-worklist",
        "monitor-table",
        "monitor-measurements",
        "processing-log",
    ],
)
def test_one_date_format_in_text_and_one_in_tables(users, places, name):
    page = _open(users, name, places, DESKTOP)
    assert page.evaluate(DATES) == []
    page.close()


@pytest.mark.parametrize(
    "name", ["case-list", "meetings", "meeting-plan", "meeting-outcome", "meeting-attendance"]
)
def test_pages_on_a_phone_have_no_wcag_violations(users, places, name):
    username, where = PAGES[name]
    page = users.axe_page(username)
    page.set_viewport_size(PHONE)
    page.goto(where(places))
    violations = axe_violations(page)
    assert violations == [], format_violations(page.url, violations)
    page.close()
