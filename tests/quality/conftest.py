"""Build the site once, serve it with the form service; every check shares the one Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_src.quality.pages import MissingPage, find_pages
from site_src.quality.samples import publish_samples
from site_src.quality.serving import serving, static_app
from site_src.quality.visit import WIDE, Visit, inspect

REPO = Path(__file__).resolve().parents[2]
# The quiz ran in June 2021: build and browse as of a day it was open, like `make run` does.
PREVIEW_NOW = "2021-06-20T12:00:00+02:00"
AFTER_QUIZ = "2026-01-15T12:00:00+01:00"
SEARCH_QUERY = "Bürgerrat"

# Every page type a visitor can meet; a type the site lacks fails the checks, it is never skipped.
PAGE_TYPES = [
    "home",
    "news-index",
    "article",
    "category",
    "archive",
    "strategy",
    "videos-index",
    "evening",
    "recording",
    "events-index",
    "events-archive",
    "events-district",
    "events-topic",
    "event",
    "open-data",
    "quiz-open",
    "quiz-closed",
    "quiz-errors",
    "contact",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "leichte-sprache",
    "buergerrat",
    "buergerrat-form",
    "buergerrat-leichte-sprache",
    "search-open",
]


@dataclass
class PageType:
    """One kind of page: where it lives and what a visitor does to reach its state."""

    name: str
    path: str
    clock: str | None = None
    prepare: Callable | None = field(default=None, repr=False)

    def open(self, context, base_url: str, width: int = 1280):
        """Open the page in a fresh tab of the context and bring it into its state."""
        if self.clock:
            context.clock.set_fixed_time(datetime.fromisoformat(self.clock))
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(base_url + self.path, wait_until="load")
        if self.prepare:
            self.prepare(page)
        return page


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run page-type checks once per page type, named after it."""
    if "page_type" in metafunc.fixturenames:
        metafunc.parametrize("page_type", PAGE_TYPES, indirect=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real content once for all quality checks, the sample YouTube recordings
    published so the consent placeholder is checked too."""
    root = tmp_path_factory.mktemp("quality")
    site_dir, content = root / "site", root / "content"
    shutil.copytree(REPO / "content", content)
    publish_samples(content)
    environment = os.environ | {"FORMS_PREVIEW_NOW": PREVIEW_NOW}
    command = [sys.executable, "build.py", "--content", str(content), "--site", str(site_dir)]
    command.append("build")
    result = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"build failed:\n{result.stdout}\n{result.stderr}")
    return site_dir


@pytest.fixture(scope="session")
def form_service(tmp_path_factory: pytest.TempPathFactory):
    """Start the real form service on SQLite with the preview clock, or explain why it cannot."""
    try:
        from forms import create_app
    except ImportError as error:
        return f"the form service cannot be imported: {error}"
    instance = tmp_path_factory.mktemp("forms-instance")
    return create_app(
        {
            "TESTING": True,
            "DEBUG": True,
            "SECRET_KEY": "quality-checks",
            "DATABASE_URL": f"sqlite:///{instance / 'forms.sqlite3'}",
            "FORMS_PREVIEW_NOW": PREVIEW_NOW,
            "FORMS_MIN_FILL_SECONDS": 0,
            "ALTCHA_COST": 1,
        }
    )


@pytest.fixture(scope="session")
def quiz_form_id(form_service) -> str | None:
    """Name the quiz among the service's form definitions."""
    if isinstance(form_service, str):
        return None
    definitions = form_service.extensions["forms_definitions"]
    return next((form_id for form_id, d in definitions.items() if d.kind == "quiz"), None)


@pytest.fixture(scope="session")
def service_error_html(form_service, quiz_form_id, tmp_path_factory) -> Path | str:
    """Post an empty quiz form-encoded and keep the service's HTML error page (422) as a file."""
    if isinstance(form_service, str) or quiz_form_id is None:
        return form_service if isinstance(form_service, str) else "the service has no quiz form"
    from forms.intake.antispam import HONEYPOT, PAYLOAD_FIELD, solve

    client = form_service.test_client()
    proof = solve(client.get("/api/challenge").get_json())
    answer = client.post(f"/api/forms/{quiz_form_id}", data={HONEYPOT: "", PAYLOAD_FIELD: proof})
    if answer.status_code != 422 or answer.mimetype != "text/html":
        return (
            f"posting an empty quiz answered {answer.status_code} {answer.mimetype}, not a 422 page"
        )
    page = tmp_path_factory.mktemp("service-pages") / "quiz-errors.html"
    page.write_bytes(answer.data)
    return page


@pytest.fixture(scope="session")
def base_url(built_site: Path, form_service) -> Iterator[str]:
    """Serve the site and /api/ on one free loopback port."""
    api = None if isinstance(form_service, str) else form_service
    with serving(static_app(built_site, api)) as url:
        yield url


# `chromium` (one headless Chromium for the session) comes from tests/conftest.py: Playwright's
# sync API allows one running instance at a time, so every test area shares it.


@pytest.fixture
def context(chromium):
    """Give each check a fresh profile: no cache, no cookies, no storage, like a first visit."""
    context = _new_context(chromium)
    yield context
    context.close()


# The search worker answers while the visitor types ("K", "Ka", ... "Kassel"); each answer names
# its query. Recording them lets a test wait for the answer to what was typed in the end instead
# of reading the dialog while it still shows an earlier keystroke's results.
RECORD_SEARCH_ANSWERS = """
window.__searchAnswers = [];
const NativeWorker = window.Worker;
window.Worker = function (url, options) {
  const worker = new NativeWorker(url, options);
  worker.addEventListener("message", (event) => {
    const message = event.data;
    if (message && message.type === 3) window.__searchAnswers.push(message.data.query);
  });
  return worker;
};
"""


def _new_context(chromium):
    # bypass_csp lets axe be injected into pages whose Content-Security-Policy forbids inline
    # scripts (the service's pages); it changes nothing else the checks look at.
    # Every context records the search worker's answers: open_search waits on them.
    context = chromium.new_context(locale="de-DE", timezone_id="Europe/Berlin", bypass_csp=True)
    context.add_init_script(RECORD_SEARCH_ANSWERS)
    return context


@pytest.fixture(scope="session")
def visits(chromium, base_url) -> Callable[[PageType], Visit]:
    """Visit each page type once and share the findings, so the suite stays fast."""
    cache: dict[str, Visit] = {}

    def visit(page_type: PageType) -> Visit:
        if page_type.name not in cache:
            cache[page_type.name] = _visit(chromium, base_url, page_type)
        return cache[page_type.name]

    return visit


def _visit(chromium, base_url: str, page_type: PageType) -> Visit:
    context = _new_context(chromium)
    try:
        requests = _record_requests(context, base_url)
        page = page_type.open(context, base_url, WIDE)
        return inspect(page, requests, f"{page_type.name} ({page_type.path})")
    finally:
        context.close()


@pytest.fixture(scope="session")
def page_registry(built_site: Path, form_service) -> dict[str, PageType | str]:
    """Resolve every page type to a PageType, or to the reason it is missing."""
    found = find_pages(built_site)
    registry: dict[str, PageType | str] = {}
    for name, path in found.items():
        registry[name] = str(path) if isinstance(path, MissingPage) else PageType(name, path)
    registry.pop("quiz", None)
    quiz = found["quiz"]
    if isinstance(quiz, MissingPage):
        registry |= dict.fromkeys(["quiz-open", "quiz-closed", "quiz-errors"], str(quiz))
    else:
        registry["quiz-open"] = PageType("quiz-open", quiz, PREVIEW_NOW, _expect_form)
        registry["quiz-closed"] = PageType("quiz-closed", quiz, AFTER_QUIZ, _expect_no_form)
        registry["quiz-errors"] = (
            form_service
            if isinstance(form_service, str)
            else PageType("quiz-errors", quiz, PREVIEW_NOW, _submit_empty_form)
        )
    home = found["home"]
    registry["search-open"] = (
        str(home)
        if isinstance(home, MissingPage)
        else PageType("search-open", home, None, open_search)
    )
    return registry


@pytest.fixture
def page_type(request, page_registry) -> PageType:
    """Hand a test one page type; fail with the reason when the site does not have it."""
    entry = page_registry[request.param]
    if isinstance(entry, str):
        pytest.fail(f"page type {request.param!r} is missing: {entry}")
    return entry


@pytest.fixture(name="open_search")
def open_search_fixture() -> Callable:
    """Hand tests the visitor's way into the search."""
    return open_search


def open_search(page, query: str = SEARCH_QUERY) -> None:
    """Open the search as a visitor does (click the field, type) and wait for its results."""
    if page.viewport_size["width"] < 960:
        page.locator(".md-header button[aria-label='Suche']").click()
    field = page.locator("input[name='query']").first
    field.click()
    type_search(page, query)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)


def type_search(page, query: str) -> None:
    """Type `query` key by key into the focused search field; wait for the answer to all of it."""
    page.evaluate("window.__searchAnswers.length = 0")
    page.keyboard.type(query)
    page.wait_for_function(
        "query => window.__searchAnswers.includes(query)", arg=query, timeout=10_000
    )


def _expect_form(page) -> None:
    if page.locator("form[action*='/api/forms/']").count() == 0:
        pytest.fail(f"{page.url}: the open quiz shows no form")


def _expect_no_form(page) -> None:
    if page.locator("form[action*='/api/forms/']").is_visible():
        pytest.fail(f"{page.url}: the closed quiz still shows its form")


def _submit_empty_form(page) -> None:
    """Post the quiz form-encoded with nothing filled in, as a browser without JavaScript does."""
    from forms.intake.antispam import PAYLOAD_FIELD, solve

    _expect_form(page)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    challenge = page.request.get(origin + "/api/challenge").json()
    with page.expect_navigation():
        page.evaluate(
            """([name, proof]) => {
              const form = document.querySelector("form[action*='/api/forms/']");
              const field = form.elements[name] ||
                form.appendChild(document.createElement("input"));
              Object.assign(field, {type: "hidden", name, value: proof});
              form.submit();
            }""",
            [PAYLOAD_FIELD, solve(challenge)],
        )
    if "Fehler" not in page.title():
        pytest.fail(f"posting an empty quiz did not show the error page: {page.title()!r}")


@pytest.fixture
def record_requests(context, base_url) -> list[str]:
    """Record every request of the context; let only the site's own through (no network here)."""
    return _record_requests(context, base_url)


def _record_requests(context, base_url: str) -> list[str]:
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))

    def only_own_host(route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_own_host)
    return requests
