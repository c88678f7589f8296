"""Every page type photographed at 360 and 1280 px into test-artifacts/layout/, and the layout
facts a visitor notices: nothing to scroll sideways at 320 px, the front page's hero within the
first phone screen, news cards side by side on a desktop and one below the other on a phone,
and nothing that jumps while pictures load (CLS 0)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from site_src.quality.layout import (
    PHONE,
    above_the_fold,
    horizontal_overflow,
    in_a_grid,
    in_one_column,
    layout_shift,
)

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "layout"
DESKTOP = {"width": 1280, "height": 800}
NARROWEST = {"width": 320, "height": 640}
CARDS = ".sk-cards > li"
PICTURES = re.compile(r"\.(svg|webp|jpe?g|png)(\?.*)?$")
# How late each picture arrives: on a slow phone connection text shows long before pictures.
PICTURE_DELAY_SECONDS = 0.3


def _open(page_registry, name, context, base_url, viewport):
    page_type = page_registry[name]
    assert not isinstance(page_type, str), f"page type {name!r} is missing: {page_type}"
    page = page_type.open(context, base_url, viewport["width"])
    page.set_viewport_size(viewport)
    page.wait_for_load_state("networkidle")
    return page, f"{name} ({page_type.path}) at {viewport['width']}px"


def test_every_page_type_is_photographed_and_fits_320_px(page_type, context, base_url) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = page_type.open(context, base_url, DESKTOP["width"])
    page.wait_for_load_state("networkidle")
    problems = []
    for viewport in (DESKTOP, {"width": 360, "height": 800}, NARROWEST):
        page.set_viewport_size(viewport)
        width = viewport["width"]
        shot = ARTIFACTS / f"{page_type.name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        if width == NARROWEST["width"]:
            problems += horizontal_overflow(page, f"{page_type.name} ({page_type.path}) at 320px")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", [PHONE, NARROWEST, DESKTOP], ids=lambda v: str(v["width"]))
def test_front_page_hero_is_above_the_fold(viewport, page_registry, context, base_url) -> None:
    page, where = _open(page_registry, "home", context, base_url, viewport)
    problems = above_the_fold(page, ".sk-hero", where)
    problems += above_the_fold(page, ".sk-hero img", where)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["home", "article"])
def test_news_cards_are_a_grid_on_desktop_and_one_column_on_a_phone(
    name, page_registry, context, base_url
) -> None:
    page, where = _open(page_registry, name, context, base_url, DESKTOP)
    problems = in_a_grid(page, CARDS, where)
    page.set_viewport_size(PHONE)
    problems += in_one_column(page, CARDS, where.replace("1280px", "360px"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: str(v["width"]))
@pytest.mark.parametrize("name", ["home", "article"])
def test_nothing_shifts_while_the_page_and_its_pictures_load(
    name, viewport, page_registry, context, base_url
) -> None:
    context.route(PICTURES, _late)
    page, where = _open(page_registry, name, context, base_url, viewport)
    shift = layout_shift(page)
    assert shift == 0, f"{where}: cumulative layout shift {shift:.4f}"


def _late(route) -> None:
    """Hold a picture back, so a picture without a reserved size would move the text."""
    time.sleep(PICTURE_DELAY_SECONDS)
    route.continue_()
