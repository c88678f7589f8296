"""A merge request's review copy: own address, a banner naming the branch, noindex everywhere."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from site_src.quality.serving import serving, static_app

REPO = Path(__file__).resolve().parents[2]
# A branch name git allows, written to break out of HTML and of a shell command line.
BRANCH = 'feature/<script>alert(1)</script>";touch${IFS}PWNED;"'
REVIEW_URL = "https://vorschau.example.org/feature-script/"
BANNER = f"Vorschau des Zweigs „{BRANCH}“, nicht veröffentlicht."


def _make(*args: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess:
    # -o: the .venv is installed already; a test never reinstalls it.
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def review_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("review") / "site"
    done = _make("review-build", f"SITE_DIR={site}", REVIEW_BRANCH=BRANCH, REVIEW_URL=REVIEW_URL)
    assert done.returncode == 0, done.stderr
    return site


def _pages(site: Path) -> list[Path]:
    """The site's pages; /admin/ (the CMS app) says noindex itself and shows no banner."""
    return sorted(p for p in site.rglob("*.html") if not p.is_relative_to(site / "admin"))


def test_every_page_of_a_review_build_says_noindex_and_names_the_branch(review_site):
    pages = _pages(review_site)
    assert len(pages) > 20
    for path in pages:
        page = LexborHTMLParser(path.read_text(encoding="utf-8"))
        robots = page.css_first('head meta[name="robots"]')
        assert robots is not None and robots.attributes["content"] == "noindex, nofollow", path
        banner = page.css_first("body .sk-review-banner")
        assert banner is not None and banner.text() == BANNER, path
        assert banner.css_first("script") is None


def test_review_build_turns_crawlers_away_and_links_to_its_own_address(review_site):
    robots = (review_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *\nDisallow: /\n" in robots
    headers = (review_site / "security-headers.conf").read_text(encoding="utf-8")
    assert 'add_header X-Robots-Tag "noindex, nofollow" always;' in headers
    home = LexborHTMLParser((review_site / "index.html").read_text(encoding="utf-8"))
    assert home.css_first('link[rel="canonical"]').attributes["href"] == REVIEW_URL
    sitemap = (review_site / "sitemap.xml").read_text(encoding="utf-8")
    assert REVIEW_URL in sitemap and "https://smart.kassel.de/" not in sitemap


def test_branch_name_runs_no_command(review_site):
    assert not (REPO / "PWNED").exists()
    assert not (review_site.parent / "PWNED").exists()


def test_the_published_site_has_no_banner_and_no_noindex(site):
    for path in site.html_files():
        text = path.read_text(encoding="utf-8")
        assert "sk-review-banner" not in text and "noindex" not in text, path
    assert not (site.root / "robots.txt").exists()
    assert "X-Robots-Tag" not in (site.root / "security-headers.conf").read_text("utf-8")


@pytest.mark.parametrize(
    ("variables", "missing"),
    [({"REVIEW_URL": REVIEW_URL}, "REVIEW_BRANCH"), ({"REVIEW_BRANCH": "x"}, "REVIEW_URL")],
)
def test_review_build_without_its_settings_stops_before_building(tmp_path, variables, missing):
    env = {"REVIEW_BRANCH": "", "REVIEW_URL": "", **variables}
    done = _make("review-build", f"SITE_DIR={tmp_path / 'site'}", **env)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{missing} fehlt: ")
    assert not (tmp_path / "site").exists()


@pytest.mark.browser
def test_reviewer_sees_the_banner_on_top_of_the_page(review_site, chromium):
    page = chromium.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serving(static_app(review_site)) as base:
            url = base + "/"
            page.goto(url + "aktuelles/")
            banner = page.locator(".sk-review-banner")
            assert banner.is_visible()
            assert banner.inner_text() == BANNER
            box = banner.bounding_box()
            assert box is not None and box["y"] < 5 and box["height"] > 10
            assert dialogs == [], "the branch name must not run as script"
            assert page.get_by_role("note").count() == 1
    finally:
        page.close()
