"""In a real browser: the filters work without JavaScript, and a date with a place passes axe."""

from __future__ import annotations

import pytest

from site_src.quality.accessibility import axe_violations
from site_src.quality.serving import serving, static_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(site):
    with serving(static_app(site.root)) as url:
        yield url


def test_a_visitor_without_javascript_filters_by_stadtteil_and_saves_a_date(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(base_url + "/termine/")
        page.get_by_role("link", name="Wesertor", exact=True).click()
        assert page.url == base_url + "/termine/stadtteil/wesertor/"
        assert page.locator("h1").inner_text() == "Termine in Wesertor"
        page.get_by_role("link", name="Werkstatt im Wesertor").click()
        assert page.url == base_url + "/termine/werkstatt-wesertor/"
        link = page.get_by_role("link", name="In meinen Kalender")
        calendar = page.request.get(base_url + "/termine/" + link.get_attribute("href")[3:])
        assert calendar.headers["content-type"].startswith("text/calendar")
        assert "UID:werkstatt-wesertor@smart.kassel.de" in calendar.text()
        page.locator("dl.sk-event-facts").get_by_role("link", name="Leben & Wohnen").click()
        assert page.url == base_url + "/termine/thema/leben-wohnen/"
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    ["/termine/werkstatt-wesertor/", "/termine/herbstnacht/", "/termine/stadtteil/wesertor/"],
)
@pytest.mark.parametrize("width", [360, 1280])
def test_pages_with_place_and_registration_have_no_axe_violations(chromium, base_url, path, width):
    context = chromium.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(base_url + path, wait_until="load")
        problems = axe_violations(page, f"{path} at {width}px")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
