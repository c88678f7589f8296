"""A keyboard user can follow every Tab stop of every page type, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from site_src.quality.focus_walk import tab_walk
from site_src.quality.keyboard import settle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280], ids=["narrow", "wide"])
def test_every_tab_stop_is_visible_marked_and_in_reading_order(
    page_type, context, base_url, width
) -> None:
    page = page_type.open(context, base_url, width)
    page.wait_for_load_state("networkidle")
    settle(page)
    problems = tab_walk(page, f"{page_type.name} ({page_type.path}) at {width}px")
    assert not problems, f"{len(problems)} Tab stops a keyboard user loses:\n" + "\n".join(problems)


@pytest.mark.parametrize("path_kind", ["home", "strategy"])
def test_opened_navigation_drawer_tabs_only_through_what_it_shows(
    path_kind, page_registry, context, base_url
) -> None:
    start = page_registry[path_kind]
    assert not isinstance(start, str), f"page type {path_kind!r} is missing: {start}"
    page = start.open(context, base_url, width=360)
    settle(page)
    page.locator(".md-header button[aria-label='Navigation']").click()
    drawer = ".md-sidebar--primary"
    assert page.evaluate("s => !!document.activeElement.closest(s)", drawer), "focus not in drawer"
    problems = tab_walk(page, f"{start.path} with the navigation open at 360px", within=drawer)
    assert not problems, "\n".join(problems)


def test_menu_button_is_absent_where_the_navigation_is_always_shown(
    page_registry, context, base_url
) -> None:
    home = page_registry["home"]
    assert not isinstance(home, str), f"page type 'home' is missing: {home}"
    page = home.open(context, base_url, width=1280)
    menu = page.locator(".md-header button[aria-label='Navigation']")
    assert menu.count() == 1
    assert not menu.is_visible(), "at 1280px the menu button shows but opens nothing visible"


def test_drawer_panels_open_and_close_with_the_keyboard(page_registry, context, base_url) -> None:
    strategy = page_registry["strategy"]
    assert not isinstance(strategy, str), f"page type 'strategy' is missing: {strategy}"
    page = strategy.open(context, base_url, width=360)
    settle(page)
    page.locator(".md-header button[aria-label='Navigation']").click()
    back = page.get_by_role("button", name="Zurück, Strategie")
    expect(back).to_be_focused()
    page.keyboard.press("Enter")
    news = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Aktuelles").first
    expect(news).to_be_visible()
    opener = page.get_by_role("button", name="Strategie: Unterseiten")
    expect(opener).to_be_focused()
    page.keyboard.press("Enter")
    expect(news).to_be_hidden()
    expect(page.locator(".md-sidebar--primary a", has_text="Leben & Wohnen")).to_be_visible()
