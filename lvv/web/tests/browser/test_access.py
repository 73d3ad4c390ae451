"""A case one may not see answers exactly like a case that does not exist: 404, nothing shown."""

from __future__ import annotations

import pytest

from lvv.web.tests.browser.support import case_links


@pytest.fixture(scope="module")
def rotterdam_case(users) -> dict:
    """A Rotterdam case, as the Rotterdam case director sees it."""
    page = users.page("regisseur-rtm")
    page.goto("/casussen/")
    case_id, reference = case_links(page)[0]
    page.goto(f"/casussen/{case_id}/")
    name = page.locator("h1").inner_text().replace(reference, "").strip()
    page.close()
    assert reference.startswith("RTM-") and name
    return {"id": case_id, "reference": reference, "name": name}


def _assert_not_found(page, path: str, case: dict) -> str:
    response = page.goto(path)
    assert response.status == 404, f"{path} answered {response.status}"  # noqa: PLR2004
    assert page.locator("h1").inner_text().strip() == "Niet gevonden"
    content = page.content()
    assert case["name"] not in content
    assert case["reference"] not in content
    return page.locator("main").inner_text()


@pytest.mark.parametrize("username", ["regisseur-ams", "begeleider-ams"])
def test_case_of_another_lvv_is_not_found(users, rotterdam_case, username):
    page = users.page(username)
    case_id = rotterdam_case["id"]
    forbidden = _assert_not_found(page, f"/casussen/{case_id}/", rotterdam_case)
    # An action on it, too; and missing looks exactly like forbidden.
    _assert_not_found(page, f"/casussen/{case_id}/intake/", rotterdam_case)
    missing = _assert_not_found(page, "/casussen/987654/", rotterdam_case)
    assert forbidden == missing
    page.close()
