"""Every page type passes axe-core's WCAG 2.1 A/AA rules and best practices, narrow and wide;
a keyboard user meets the skip link first and always sees where the focus is."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280], ids=["narrow", "wide"])
def test_page_type_has_no_axe_violations(page_type, visits, width) -> None:
    problems = visits(page_type).axe[width]
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(page_type, visits) -> None:
    problems = visits(page_type).skip_link_problems
    assert not problems, "\n".join(problems)


def test_keyboard_focus_is_always_visible(page_type, visits) -> None:
    problems = visits(page_type).focus_problems
    assert not problems, "\n".join(problems)


def test_narrow_navigation_opens_and_closes_with_the_keyboard(page_registry, context, base_url):
    home = page_registry["home"]
    assert not isinstance(home, str), f"page type 'home' is missing: {home}"
    page = home.open(context, base_url, width=360)
    menu = page.locator(".md-header button[aria-label='Navigation']")
    menu.focus()
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked(), "Enter on the menu button did not open it"
    assert menu.get_attribute("aria-expanded") == "true"
    news = page.locator(".md-sidebar--primary a.md-nav__link[href$='aktuelles/']").first
    news.wait_for(state="visible")
    focused_in_drawer = "document.activeElement.closest('.md-sidebar--primary') !== null"
    assert page.evaluate(focused_in_drawer), "focus did not move into the opened navigation"
    page.keyboard.press("Escape")
    assert not page.locator("#__drawer").is_checked(), "Escape did not close the navigation"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Navigation"
    news.wait_for(state="hidden")
