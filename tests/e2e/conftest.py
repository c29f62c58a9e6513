"""Shared by the browser tests: Debian's Chromium through Playwright, against a live server."""

import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from cia_portal.accounts.models import Role
from tests.factories import PASSWORD
from tests.nu_html import NuPages

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots")


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def nu_html_checker(tmp_path_factory):
    """Every page the session's browser tests looked at, through the Nu HTML checker in one run
    at the end; its errors fail the session, listed by page."""
    global NU_PAGES
    NU_PAGES = NuPages(tmp_path_factory.mktemp("nu-html"))
    yield
    errors, NU_PAGES = NU_PAGES.errors(), None
    assert not errors, "The Nu HTML checker found errors:\n" + "\n\n".join(errors)


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """A transactional test's flush erases rows made by data migrations: put the roles back."""
    for role in Role:
        Group.objects.get_or_create(name=role)


@contextmanager
def watched_page(browser, **context_options):
    """A page whose Content Security Policy violations and JavaScript errors fail the test (the
    policy forbids inline script and style, so a template that slips one in is caught here), and
    where every page visited must have been checked (`look`)."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", note_violation)
    page.on("pageerror", lambda error: violations.append(f"JavaScript error: {error}"))
    audit = AUDITS[page] = PageAudit(page, NU_PAGES)
    yield page
    if not page.is_closed():
        audit.check()  # the last page
    context.close()
    del AUDITS[page]
    assert violations == []
    assert audit.failures == [], "\n\n".join(audit.failures)
    unchecked = audit.unchecked()
    assert not unchecked, "visited but not checked (look):\n" + "\n".join(unchecked)


NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE_SOURCE = NODE_MODULES / "axe-core" / "axe.min.js"
HTMLCS_SOURCE = NODE_MODULES / "@pa11y" / "html_codesniffer" / "build" / "HTMLCS.js"
NARROW = {"width": 320, "height": 640}
AUDITS: dict = {}
NU_PAGES: NuPages | None = None  # set for the session by nu_html_checker


def look(page, screenshot: str | None = None) -> None:
    """Check the page in front of the person with axe-core (desktop and 320 px wide) and
    HTML_CodeSniffer, keep its HTML for the Nu HTML checker, and save a screenshot of it for
    review under var/screenshots/ when named."""
    AUDITS[page].check()
    if screenshot:
        path = os.path.join(SCREENSHOTS, f"{screenshot}.png")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        page.screenshot(path=path, full_page=True)


class PageAudit:
    """Three independent checkers on every page a browser test visits: axe-core (every rule it
    runs by default, best practices included, at the test's width and again at 320 px),
    HTML_CodeSniffer (pa11y's build, WCAG2AA errors), and the Nu HTML checker (the page's HTML is
    kept in `nu_pages` and validated in one run at the end of the session). A test calls
    `look(page)` on each page it reaches; each address the browser loaded is noted, and a test
    that left one unchecked fails. A page is checked again when what it shows has changed (a
    form shown again with its errors, a dialog opened)."""

    def __init__(self, page, nu_pages: NuPages | None = None):
        self.page = page
        self.nu_pages = nu_pages
        self.failures: list[str] = []
        self.visited: set[str] = set()
        self.checked: set[str] = set()
        self._seen: set[tuple[str, str]] = set()
        page.on("load", lambda loaded: self.visited.add(_address(loaded.url)))

    def unchecked(self) -> list[str]:
        return sorted(self.visited - self.checked)

    def check(self) -> None:
        page = self.page
        if not page.url.startswith("http"):
            return  # the blank page a new tab starts on
        key = (page.url, page.locator("body").inner_text())
        self.checked.add(_address(page.url))
        if key in self._seen:
            return
        self._seen.add(key)
        heading = page.locator("h1").first.inner_text() if page.locator("h1").count() else ""
        where = f"{page.url} ({heading})"
        if self.nu_pages is not None:
            self.nu_pages.keep(page.url, page.content())
        self._axe(where)
        viewport = page.viewport_size
        if viewport and viewport["width"] > NARROW["width"]:
            page.set_viewport_size(NARROW)
            self._axe(f"{where} at 320 px")
            page.set_viewport_size(viewport)
        self._htmlcs(where)

    def _axe(self, where: str) -> None:
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(_source(AXE_SOURCE))
        found = self.page.evaluate(
            """() => axe.run(document).then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)})))"""
        )
        for v in found:
            self.failures.append(
                f"axe-core: {where}: {v['id']} ({v['impact']}): {v['help']}\n  "
                + "\n  ".join(v["nodes"])
            )

    def _htmlcs(self, where: str) -> None:
        """What pa11y's HTML_CodeSniffer runner does inside the page: the WCAG2AA standard, and
        only its errors (type 1; warnings and notices need a person to judge)."""
        if not self.page.evaluate("() => typeof window.HTMLCS !== 'undefined'"):
            self.page.evaluate(_source(HTMLCS_SOURCE))
        found = self.page.evaluate(
            """() => new Promise((resolve, reject) => HTMLCS.process("WCAG2AA", document, error =>
                error ? reject(error) : resolve(HTMLCS.getMessages()
                    .filter(m => m.type === HTMLCS.ERROR)
                    .map(m => ({code: m.code, msg: m.msg,
                                html: (m.element.outerHTML || "").slice(0, 200)})))))"""
        )
        for m in found:
            self.failures.append(
                f"HTML_CodeSniffer: {where}: {m['code']}: {m['msg']}\n  {m['html']}"
            )


@cache
def _source(path: Path) -> str:
    return path.read_text()


def _address(url: str) -> str:
    return url.split("#")[0]


@pytest.fixture
def page(browser):
    with watched_page(browser, viewport={"width": 1100, "height": 900}) as page:
        yield page


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Password, then the code from the account's authenticator app."""
    page.goto(f"{base_url}/sign-in/")
    look(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    look(page)
    page.get_by_label("Code").fill(app_code(username))
    page.get_by_role("button", name="Continue").click()
    look(page)


def app_code(username: str) -> str:
    """What the person's authenticator app shows now. A code is accepted once, so a second
    sign-in within the same 30 seconds uses the next one (accepted one step early)."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), device.digits):06d}"


def fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    """The GOV.UK date input: a fieldset named by its legend, with Day, Month and Year boxes."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)
