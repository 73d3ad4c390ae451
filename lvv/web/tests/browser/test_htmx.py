"""htmx enhances the case list: filters replace only the results and keep the URL."""

from __future__ import annotations

from lvv.web.tests.browser.support import assert_no_console_problems


def test_filter_change_updates_results_in_place_and_the_address(users):
    page = users.page("regisseur-ams")
    page.goto("/casussen/")
    page.evaluate("window.__lvvNoReload = true")
    before = page.locator("#resultaat-status").inner_text()
    page.get_by_label("Stap").select_option(label="uitgestroomd")
    page.wait_for_url("**stap=outflowed**")
    page.wait_for_function(
        "before => document.querySelector('#resultaat-status').innerText !== before", arg=before
    )
    # Same document (no full reload), results filtered, and the htmx script came from us.
    assert page.evaluate("window.__lvvNoReload") is True
    stages = page.locator("#casussen tbody td:nth-child(4)").all_inner_texts()
    assert stages and all(text.startswith("uitgestroomd") for text in stages)
    assert_no_console_problems(page)  # htmx under the strict CSP: no violations
    page.close()
