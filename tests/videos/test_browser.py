"""Headless Chromium on the built site: nothing leaves 127.0.0.1 until a visitor agrees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from site_src.quality.serving import serving, static_app

pytestmark = pytest.mark.browser

EVENING = "/videos/smart-kassel-night-2021/"
CLIP_PAGE = EVENING + "die-smart-kassel-night-in-20-sekunden/"
FIRST_YOUTUBE = "#player-beispiel-begruessung-und-einfuehrung"
SECOND_YOUTUBE = "#player-beispiel-workshop-zukunftsbilder-einer-smarten-stadt"
CONSENT_KEY = "sk-video-consent-youtube"
EMBED = "https://www.youtube-nocookie.com/embed/"


@pytest.fixture(scope="module")
def base_url(site_dir: Path, ranged_app) -> Iterator[str]:
    with serving(ranged_app(site_dir, static_app(site_dir))) as url:
        yield url


class Visit:
    """A tab whose requests to other hosts are recorded and aborted."""

    def __init__(self, browser: Browser, base_url: str, javascript: bool = True):
        self.context = browser.new_context(java_script_enabled=javascript)
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.base_url = base_url

    def _route(self, route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Page:
        self.page.goto(self.base_url + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def visit(chromium: Browser, base_url: str) -> Iterator[Visit]:
    tab = Visit(chromium, base_url)
    yield tab
    tab.context.close()


def test_evening_page_makes_no_request_to_another_host(visit: Visit) -> None:
    page = visit.open(EVENING)

    assert page.locator("[data-sk-consent-button]").first.is_visible()
    assert page.locator(".sk-player__poster").count() == 3
    assert visit.outside == []


def test_enter_on_the_consent_button_loads_the_player_and_moves_focus(visit: Visit) -> None:
    page = visit.open(EVENING)
    button = page.locator(f"{FIRST_YOUTUBE} [data-sk-consent-button]")

    button.focus()
    with page.expect_event("requestfailed", lambda request: EMBED in request.url):
        page.keyboard.press("Enter")

    frame = page.locator(f"{FIRST_YOUTUBE} iframe")
    frame.wait_for()
    src = frame.get_attribute("src")
    assert src.startswith(EMBED + "Beispiel-01?autoplay=1")
    assert frame.get_attribute("title") == "YouTube-Video: Beispiel: Begrüßung und Einführung"
    page.wait_for_function("document.activeElement && document.activeElement.tagName === 'IFRAME'")
    assert page.evaluate("document.activeElement.closest('figure').id") == FIRST_YOUTUBE[1:]
    assert visit.outside and all(url.startswith(EMBED + "Beispiel-01?") for url in visit.outside)
    assert page.locator(f"{SECOND_YOUTUBE} iframe").count() == 0


def test_space_on_the_consent_button_loads_the_player_too(visit: Visit) -> None:
    page = visit.open(EVENING)
    page.locator(f"{SECOND_YOUTUBE} [data-sk-consent-button]").focus()

    page.keyboard.press("Space")

    page.locator(f"{SECOND_YOUTUBE} iframe").wait_for()
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"


def test_self_hosted_clip_plays_with_german_captions(visit: Visit) -> None:
    page = visit.open(CLIP_PAGE)

    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")

    page.wait_for_function("document.querySelector('video').currentTime > 1")
    track = page.evaluate(
        """() => {
          const video = document.querySelector('video');
          const text = video.textTracks[0];
          return {
            kind: text.kind, language: text.language, mode: text.mode,
            readyState: document.querySelector('track').readyState,
            cues: Array.from(text.cues).map((cue) => cue.text),
          };
        }"""
    )
    assert track["kind"] == "captions"
    assert track["language"] == "de"
    assert track["mode"] == "showing"
    assert track["readyState"] == 2  # HTMLTrackElement.LOADED
    assert track["cues"][0] == "Willkommen zur ersten\nSmart Kassel Night!"
    assert visit.outside == []


def test_chapter_link_seeks_the_self_hosted_clip(visit: Visit) -> None:
    page = visit.open(CLIP_PAGE)
    page.evaluate("document.querySelector('video').muted = true")
    link = page.locator("a[data-sk-seek='11']")

    link.focus()
    page.keyboard.press("Enter")

    page.wait_for_function("document.querySelector('video').currentTime >= 11")
    assert page.url.endswith(CLIP_PAGE)
    assert page.evaluate("document.activeElement.tagName") == "VIDEO"


def test_a_shared_chapter_address_starts_the_clip_there(visit: Visit) -> None:
    page = visit.open(CLIP_PAGE + "?t=11")

    page.wait_for_function("document.querySelector('video').currentTime >= 11")
    assert page.evaluate("document.querySelector('video').paused")


def test_chapter_link_before_consent_asks_for_it_first(visit: Visit) -> None:
    page = visit.open(EVENING + "beispiel-begruessung-und-einfuehrung/")

    page.locator("a[data-sk-seek='135']").click()

    assert page.evaluate("document.activeElement.hasAttribute('data-sk-consent-button')")
    assert visit.outside == []
    page.keyboard.press("Enter")
    frame = page.locator(f"{FIRST_YOUTUBE} iframe")
    frame.wait_for()
    assert "start=135" in frame.get_attribute("src")


def test_always_allow_is_kept_in_the_browser_and_can_be_withdrawn(visit: Visit) -> None:
    page = visit.open(EVENING)
    page.locator(f"{FIRST_YOUTUBE} [data-sk-consent-remember]").check()
    page.locator(f"{FIRST_YOUTUBE} [data-sk-consent-button]").click()
    assert page.evaluate(f"localStorage.getItem('{CONSENT_KEY}')") == "allow"

    page.reload(wait_until="load")
    page.locator(f"{SECOND_YOUTUBE} iframe").wait_for()
    assert "autoplay=0" in page.locator(f"{SECOND_YOUTUBE} iframe").get_attribute("src")
    withdraw = page.locator(f"{SECOND_YOUTUBE} [data-sk-consent-withdraw-button]")
    assert withdraw.is_visible()

    withdraw.click()
    assert page.evaluate(f"localStorage.getItem('{CONSENT_KEY}')") is None
    assert page.locator("iframe").count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-sk-consent-button')")

    visit.outside.clear()
    page.reload(wait_until="load")
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert visit.outside == []


def test_without_javascript_a_plain_link_replaces_the_consent_button(
    chromium: Browser, base_url: str
) -> None:
    tab = Visit(chromium, base_url, javascript=False)
    try:
        page = tab.open(EVENING)
        link = page.locator(f"{FIRST_YOUTUBE} [data-sk-fallback] a")
        assert link.is_visible()
        assert link.get_attribute("href") == "https://www.youtube.com/watch?v=Beispiel-01"
        assert not page.locator(f"{FIRST_YOUTUBE} [data-sk-consent-button]").is_visible()
        assert tab.outside == []
    finally:
        tab.context.close()
