"""Behind nginx, Chromium reports no Content-Security-Policy violation on any kind of page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]

# Runs in every document before its own scripts: the browser's CSP reports land here.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}`
  );
});
"""
PAGE_TYPES = {
    "home": "/",
    "news index": "/aktuelles/",
    "news article": "/aktuelles/2021/06/18/kassel-wird-smart/",
    "news archive": "/aktuelles/archiv/2021/",
    "news category": "/aktuelles/kategorie/beteiligung/",
    "strategy": "/strategie/",
    "strategy field": "/strategie/mobilitaet/",
    "dates": "/termine/",
    "date": "/termine/digitaltag-2021/",
    "open data": "/offene-daten/",
    "my data": "/meine-daten/",
    "video index": "/videos/",
    "video event": "/videos/smart-kassel-night-2021/",
    "quiz": "/mitmachen/quiz/",
    "contact": "/kontakt/",
    "imprint": "/impressum/",
    "privacy": "/datenschutz/",
    "accessibility": "/barrierefreiheit/",
    "easy language": "/leichte-sprache/",
    "not found": "/gibt-es-nicht/",
}


@pytest.fixture(scope="module")
def browser_context(chromium, nginx) -> Iterator[BrowserContext]:
    """One browser profile for these tests that records every policy violation."""
    context = chromium.new_context(ignore_https_errors=True, service_workers="block")
    context.add_init_script(RECORD_VIOLATIONS)
    # No request may leave the machine; the video host is answered with an empty page.
    context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=""),
    )
    yield context
    context.close()


@pytest.fixture
def visit(browser_context, nginx) -> Iterator:
    """Open a path in a fresh tab that also collects CSP messages from the console."""
    page = browser_context.new_page()
    page.policy_messages = []
    page.on(
        "console",
        lambda message: (
            page.policy_messages.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )

    def _visit(path: str) -> Page:
        page.goto(nginx.url + path, wait_until="networkidle")
        return page

    yield _visit
    page.close()


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations") + page.policy_messages


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_runs_without_csp_violations(visit, kind):
    page = visit(PAGE_TYPES[kind])
    assert page.title(), f"{kind}: the page did not load"
    assert _violations(page) == []


def test_every_built_page_type_is_covered(built_site):
    """A new kind of page (a new top-level section) must be added to PAGE_TYPES."""
    sections = {
        path.parts[0] for path in (p.relative_to(built_site) for p in built_site.rglob("*.html"))
    }
    covered = {path.strip("/").split("/")[0] for path in PAGE_TYPES.values()}
    # /admin/ has its own policy, run in tests/site/test_cms_browser.py.
    skipped = {"assets", "search", "admin"}
    uncovered = {s for s in sections if not s.endswith(".html")} - covered - skipped
    assert not uncovered, f"no CSP check for {sorted(uncovered)}"


def test_search_runs_its_worker_without_csp_violations(visit):
    page = visit("/")
    page.keyboard.press("/")  # loads the search dialog, which then runs the search worker
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim()"
        " === 'Suchbegriff eingeben'"
    )
    page.keyboard.type("Kassel")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert _violations(page) == []


def test_two_click_video_loads_the_player_without_csp_violations(visit):
    page = visit("/videos/smart-kassel-night-2021/beispiel-begruessung-und-einfuehrung/")
    player = page.locator('[data-sk-player="youtube"]').first
    player.locator("button:visible").first.click()
    frame = page.wait_for_selector('iframe[src^="https://www.youtube-nocookie.com/"]')
    assert frame is not None
    assert _violations(page) == []


def test_service_error_page_runs_without_csp_violations(visit):
    """A browser without the form script posts form-encoded and gets the service's own page."""
    page = visit("/kontakt/")
    with page.expect_navigation(wait_until="networkidle"):
        page.evaluate(
            """() => {
              const form = document.createElement("form");
              form.method = "post";
              form.action = "/api/forms/kontakt";
              form.innerHTML = '<input name="website" value=""><input name="email" value="x">';
              document.body.append(form);
              form.submit();
            }"""
        )
    assert page.title().startswith("Fehler: ")
    assert _violations(page) == []


def test_contact_form_sends_through_nginx_with_its_script_under_the_policy(
    visit, database_url, kit
):
    """The whole path: page, form script, proof of work, JSON post, stored row; no violation."""
    marker = f"Browser-Test {kit.client()}"
    page = visit("/kontakt/")
    page.fill("#kontakt-email", "erika@beispiel.de")
    page.check("#kontakt-subject-2")
    page.fill("#kontakt-message", marker)
    page.check("#kontakt-consent")
    page.click("form[data-sk-form=kontakt] button[type=submit]")
    page.wait_for_selector("text=Nachricht gesendet", timeout=20_000)
    assert _violations(page) == []
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT count(*) FROM submissions WHERE data::text LIKE :m"),
            {"m": f"%{marker}%"},
        ).scalar()
    engine.dispose()
    assert stored == 1
