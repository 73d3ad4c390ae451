"""Bug 1 of issue 12: after an edit conflict the form could never be saved again.

Two people work on the same case: while the case director has the quarterly-review form
open, the counsellor adds an action. The director's first attempt is refused with a clear
Dutch message that shows what the counsellor recorded; the answers stay in the form, and
sending it again records the review.
"""

from __future__ import annotations

from lvv.web.tests.browser.support import (
    assert_no_console_problems,
    axe_violations,
    case_links,
    error_summary,
    follow,
    format_violations,
    screenshot,
    submit,
    today,
)

DIRECTOR, COUNSELLOR = "regisseur-ams", "begeleider-ams"


def test_a_form_refused_for_a_conflict_shows_the_change_and_can_be_sent_again(users):
    director = users.page(DIRECTOR)
    director.goto("/casussen/?stap=guidance")
    case_id, reference = case_links(director)[-1]

    director.goto(f"/casussen/{case_id}/")
    follow(director, "Kwartaalbespreking vastleggen")
    form_url = director.url
    director.get_by_label("Datum", exact=True).fill(today().isoformat())
    director.get_by_label("werkt mee", exact=True).check()
    director.get_by_label("Aantekeningen").fill("Besproken met de begeleider.")

    # Meanwhile the counsellor adds an action to the plan.
    counsellor = users.page(COUNSELLOR)
    counsellor.goto(f"/casussen/{case_id}/")
    follow(counsellor, "Actie toevoegen aan het plan van aanpak")
    counsellor.get_by_label("Datum", exact=True).fill(today().isoformat())
    counsellor.get_by_label("Omschrijving van de actie").fill("Afspraak bij de ambassade maken")
    counsellor.get_by_label("Eigenaar").select_option(index=1)
    submit(counsellor, "Vastleggen")
    assert "Vastgelegd" in counsellor.locator(".lvv-messages").inner_text(), error_summary(
        counsellor
    )

    # The director's form is refused once, says why and what changed, keeps the answers.
    submit(director, "Vastleggen")
    assert director.url == form_url
    assert "intussen door iemand anders gewijzigd" in error_summary(director)
    changes = director.locator("#intussen-gewijzigd").inner_text()
    assert "Afspraak bij de ambassade maken" in changes
    assert "Begeleider (demo)" in changes
    assert director.get_by_label("Aantekeningen").input_value() == "Besproken met de begeleider."
    assert director.get_by_label("werkt mee", exact=True).is_checked()
    screenshot(director, "conflict-form")
    assert_no_console_problems(director)

    # Sent again as it is: recorded.
    submit(director, "Vastleggen")
    assert f"/casussen/{case_id}/" in director.url, error_summary(director)
    assert (
        "Vastgelegd: Kwartaalbespreking vastleggen."
        in director.locator(".lvv-messages").inner_text()
    )
    timeline = director.locator(".lvv-timeline").inner_text()
    assert "kwartaalbespreking gehouden" in timeline and reference
    director.close()
    counsellor.close()


def test_the_conflict_message_has_no_wcag_violations(users):
    page = users.axe_page(DIRECTOR)
    page.goto("/casussen/?stap=guidance")
    case_id, _reference = case_links(page)[-2]
    page.goto(f"/casussen/{case_id}/kwartaalbespreking/")
    page.locator("input[name=version]").evaluate("(input) => { input.value = '0'; }")
    page.get_by_label("werkt mee", exact=True).check()
    submit(page, "Vastleggen")
    assert page.locator("#intussen-gewijzigd").is_visible()
    violations = axe_violations(page)
    assert violations == [], format_violations(page.url, violations)
    page.close()
