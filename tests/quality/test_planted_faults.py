"""Each checker reports a fault planted into a copy of a built page: a green run means something."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from site_src.quality.accessibility import axe_violations
from site_src.quality.contrast import check_contrast
from site_src.quality.html_validity import validate_html
from site_src.quality.links import check_links
from site_src.quality.privacy import foreign_requests
from site_src.quality.serving import serving, static_app
from site_src.quality.structure import page_problems
from site_src.quality.weight import measure, over_budget

EXTERNAL_FONT = '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">'


@pytest.fixture
def site_copy(built_site: Path, page_registry, tmp_path: Path) -> tuple[Path, Path]:
    """Copy the built site and return it with the article page to plant a fault into."""
    article = page_registry["article"]
    assert not isinstance(article, str), f"page type 'article' is missing: {article}"
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    return copy, copy / article.path.strip("/") / "index.html"


def plant(page: Path, before: str, fault: str) -> None:
    """Insert markup before the first occurrence of a landmark in the page."""
    html = page.read_text(encoding="utf-8")
    assert before in html, f"{page} has no {before!r} to plant the fault before"
    page.write_text(html.replace(before, fault + before, 1), encoding="utf-8")


def test_link_checker_reports_a_dead_link(site_copy) -> None:
    site, article = site_copy
    plant(article, "</article>", '<p><a href="../gibt-es-nicht/#nirgends">kaputt</a></p>')
    plant(article, "</article>", '<p><a href="#kein-anker">Anker fehlt</a></p>')
    problems = "\n".join(check_links(site, skip_prefixes=("/api/",)))
    assert "gibt-es-nicht/#nirgends" in problems and "no file" in problems
    assert "no element with id 'kein-anker'" in problems


def test_validator_and_axe_report_an_image_without_alt(site_copy, chromium, base_url) -> None:
    site, article = site_copy
    image = next((site / "assets").rglob("*.png"))
    plant(article, "</article>", f'<img src="/{image.relative_to(site).as_posix()}">')
    errors = validate_html([article], root=site)
    assert any("“img” element must have an “alt” attribute" in error for error in errors), errors
    with serving(static_app(site)) as url:
        page = chromium.new_page()
        page.goto(url + "/" + article.parent.relative_to(site).as_posix() + "/")
        violations = axe_violations(page, "planted")
        page.close()
    assert any("image-alt" in violation for violation in violations), violations


def test_structure_check_reports_an_unlabelled_input(site_copy) -> None:
    _site, article = site_copy
    plant(article, "</article>", '<input type="email" name="e-mail" id="planted-email">')
    problems = page_problems(article.read_text(encoding="utf-8"), "article")
    assert problems == [
        'article: <input type="email" name="e-mail" id="planted-email"> has no label'
    ]


def test_privacy_check_reports_an_external_font(site_copy, chromium) -> None:
    site, article = site_copy
    plant(article, "</head>", EXTERNAL_FONT)
    with serving(static_app(site)) as url:
        context = chromium.new_context()
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        context.route("https://**/*", lambda route: route.abort())
        page = context.new_page()
        page.goto(url + "/" + article.parent.relative_to(site).as_posix() + "/")
        page.wait_for_load_state("networkidle")
        context.close()
    foreign = foreign_requests(requests, url)
    assert foreign == ["https://fonts.googleapis.com/css2?family=Roboto"], foreign


def test_contrast_check_reports_a_pale_colour_pair(built_site: Path, tmp_path: Path) -> None:
    theme = sorted((built_site / "assets" / "stylesheets").glob("*.css"))
    pale = tmp_path / "pale.css"
    pale.write_text(".sk-hint { color: #999999; background-color: #ffffff; }", encoding="utf-8")
    problems = check_contrast(theme, [pale])
    assert "pale.css: .sk-hint: contrast 2.85:1 < 4.5:1" in problems, problems


def test_weight_check_reports_a_heavy_first_visit() -> None:
    heavy = measure("/assets/hero.jpg", os.urandom(70 * 1024))  # photos barely compress
    light = measure("/", b"<!doctype html>" * 10)
    lines = over_budget("article", [light, heavy], 60 * 1024)
    assert lines[0].startswith("article: ") and "> budget 60 KB" in lines[0]
    assert lines[1].endswith("/assets/hero.jpg"), lines
