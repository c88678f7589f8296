"""Stylesheets only some pages need, linked from those pages' head so every other page stays light.

Every other file under site_src/assets/css/ loads on every page (mkdocs' extra_css); a first
visit of an article or a video page has 60 KB, and the front page's hero, tiles and boxes would
spend part of that on pages that show none of them.
"""

from __future__ import annotations

from html import escape

from site_src.render import relative_url

ASSETS_URL = "assets/sk/"
HOME_CSS = "css/home.css"
ARTICLES_CSS = "css/articles.css"
# Asset path -> which pages link it: front pages (content.front_pages), articles, or both.
PAGE_STYLES = (HOME_CSS, ARTICLES_CSS)


def styles_for(src: str, content) -> list[str]:
    """The page-only stylesheets of the page at `src` (news cards: articles and front pages)."""
    front = src in content.front_pages
    article = src in content.posts_by_src
    found = [ARTICLES_CSS] if front or article else []
    return found + ([HOME_CSS] if front else [])


def link_tags(src: str, page_url: str, content) -> str:
    """The <link> tags for the page's head, relative so the site works under any path."""
    return "".join(
        f'<link rel="stylesheet" href="{escape(relative_url(ASSETS_URL + name, page_url))}">'
        for name in styles_for(src, content)
    )
