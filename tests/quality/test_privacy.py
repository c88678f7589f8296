"""No page type sends visitors' data to another host, sets a cookie or writes storage unasked."""

from __future__ import annotations

import pytest

from site_src.quality.privacy import foreign_requests, storage_problems
from site_src.quality.visit import LOCAL_STORAGE

pytestmark = pytest.mark.browser


def test_page_type_contacts_only_its_own_host(page_type, visits, base_url) -> None:
    visit = visits(page_type)
    foreign = foreign_requests(visit.requests, base_url)
    assert not foreign, f"{page_type.name} requested other hosts:\n" + "\n".join(foreign)
    problems = storage_problems(page_type.name, visit.cookies, visit.local_storage)
    assert not problems, "\n".join(problems)


VIDEO_HOST = "youtube-nocookie.com"
VIDEO_CHOICE_KEY = "sk-video-consent-youtube"


@pytest.mark.parametrize("remember", [False, True], ids=["once", "always"])
def test_video_loads_from_youtube_only_after_consent(
    page_registry, context, base_url, record_requests, remember
) -> None:
    evening = page_registry["evening"]
    assert not isinstance(evening, str), f"page type 'evening' is missing: {evening}"
    page = evening.open(context, base_url)
    page.wait_for_load_state("networkidle")
    assert not foreign_requests(record_requests, base_url), "requests before consent"
    button = page.locator("[data-sk-consent-button]").first
    if remember:
        page.locator("[data-sk-consent-remember]").first.check()
    button.focus()
    page.keyboard.press("Enter")
    page.locator("iframe").first.wait_for(state="attached")
    requested = foreign_requests(record_requests, base_url)
    assert requested, "the consent button loaded no player"
    others = foreign_requests(record_requests, base_url, allowed_hosts=(VIDEO_HOST,))
    assert not others, "hosts other than the player's were requested:\n" + "\n".join(others)
    stored = page.evaluate(LOCAL_STORAGE)
    allowed = {VIDEO_CHOICE_KEY} if remember else set()
    problems = storage_problems("evening", context.cookies(), stored, allowed)
    assert not problems, "\n".join(problems)
    assert (VIDEO_CHOICE_KEY in stored) == remember, f"the visitor's choice was not kept: {stored}"
