"""Helpers of the browser tests: logging in, watching the console, axe-core, screenshots."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[4]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "var" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


# Injected by Playwright (not subject to the page's CSP): every CSP violation the page reports.
RECORD_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    (window.__cspViolations = window.__cspViolations || []).push(
        event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    );
});
"""


def new_context(browser, server: str, **kwargs):
    """A Dutch-speaking browser context (the server picks the language from the browser)."""
    context = browser.new_context(
        base_url=server, locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=VIEWPORT, **kwargs
    )
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    return context


def totp_code() -> str:
    from lvv.demo.users import demo_totp_code

    return demo_totp_code()


def login(context, username: str) -> None:
    """Log in through the login page and, where the role needs it, the two-factor page."""
    from lvv.demo.users import DEMO_PASSWORD

    page = context.new_page()
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if "/inloggen/code/" in page.url:
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Controleren").click()
        page.wait_for_load_state()
    if "/inloggen/" in page.url:
        url, problem = page.url, page.locator("main").inner_text()
        page.close()
        raise AssertionError(f"login of {username} failed on {url}:\n{problem}")
    page.close()


class Users:
    """One logged-in browser context per demo user, created on first use and then reused."""

    def __init__(self, browser, server: str):
        self.browser = browser
        self.server = server
        self._contexts: dict[str, object] = {}
        self._extra: list = []

    def context(self, username: str):
        if username not in self._contexts:
            context = new_context(self.browser, self.server)
            login(context, username)
            self._contexts[username] = context
        return self._contexts[username]

    def page(self, username: str):
        return watch(self.context(username).new_page())

    def axe_page(self, username: str | None = None):
        """A page in a context that bypasses the CSP (only there, for injecting axe-core),
        logged in as this user by copying the session of the user's own context."""
        key = f"axe:{username or ''}"
        if key not in self._contexts:
            state = self.context(username).storage_state() if username else None
            self._contexts[key] = new_context(
                self.browser, self.server, bypass_csp=True, storage_state=state
            )
        return watch(self._contexts[key].new_page())

    def anonymous_page(self):
        context = new_context(self.browser, self.server)
        self._extra.append(context)
        return watch(context.new_page())

    def close(self) -> None:
        for context in [*self._contexts.values(), *self._extra]:
            context.close()


# --- page helpers ----------------------------------------------------------------------------


def watch(page):
    """Collect console errors, CSP violations and uncaught exceptions of a page."""
    page.problems = []

    def on_console(message):
        if message.type == "error" or "Content Security Policy" in message.text:
            page.problems.append(f"console {message.type}: {message.text}")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":  # noqa: PLR2004
            page.problems.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    return page


def assert_no_console_problems(page) -> None:
    """No console errors, failed resources, uncaught exceptions or CSP violations."""
    violations = page.evaluate("() => window.__cspViolations || []")
    problems = [*getattr(page, "problems", []), *(f"CSP: {v}" for v in violations)]
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} WCAG 2.1 AA violation(s) on {url}"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def error_summary(page) -> str:
    summary = page.locator("#foutmeldingen")
    return summary.inner_text() if summary.count() else ""


# --- forms and pages --------------------------------------------------------------------------


def today():
    """The server's "today" (dates may not lie in the future there)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def submit(page, button: str) -> None:
    """Press a form's submit button and wait for the page that answers."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def follow(page, link: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=True).first.click()


def data_value(page, label: str) -> str:
    """The value next to a label in a data list (``<dt>label</dt><dd>value</dd>``)."""
    cell = page.locator(f"xpath=//dt[normalize-space()='{label}']/following-sibling::dd[1]")
    return " ".join(cell.first.inner_text().split())


def case_links(page) -> list[tuple[int, str]]:
    """(id, reference) of the cases linked from the table on this page, in order."""
    result = []
    for link in page.locator("main table tbody a[href*='/casussen/']").all():
        href = link.get_attribute("href") or ""
        parts = [p for p in href.split("/") if p]
        if len(parts) == 2 and parts[0] == "casussen" and parts[1].isdigit():  # noqa: PLR2004
            result.append((int(parts[1]), link.inner_text().strip()))
    return result
