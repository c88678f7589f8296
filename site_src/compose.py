"""Add the generated parts to page sources: article headers and the news lists other pages show."""

from __future__ import annotations

import re

from site_src.content import Content
from site_src.images.fields import image_src
from site_src.images.markup import hero_block
from site_src.listings import (
    READY_HTML,
    category_block,
    category_url,
    index_block,
    latest_block,
    more_block,
)
from site_src.news import Post
from site_src.render import render
from site_src.settings import NEWS_DIR, SiteSettings

# Editors may place a generated list with this marker; without it the list goes at the end.
MARKER = "<!-- aktuelles -->"
_H1_LINE = re.compile(r"^#[ \t]+.+$", re.MULTILINE)


def page_markdown(src: str, markdown: str, meta: dict, content: Content, settings: SiteSettings):
    """Return the Markdown the engine should render for the page at `src`."""
    post = content.posts_by_src.get(src)
    if post:
        more = more_block(post, content.posts, content.post_positions[post.src])
        return article_markdown(post, markdown, settings, more)
    url = content.page_url(src)
    if src == f"{NEWS_DIR}/index.md":
        return _place(markdown, index_block(content.posts, url, settings))
    if meta.get("latest_news"):
        block = latest_block(content.posts, url, meta["latest_news"], settings)
        return _place(markdown, block)
    if meta.get("news_category"):
        markdown = _place(
            markdown, category_block(content.posts, meta["news_category"], url, settings)
        )
    return _with_hero(src, markdown, meta, content)


def article_markdown(post: Post, markdown: str, settings: SiteSettings, more: str = "") -> str:
    """Put the title, date, reading time, topics and picture at the top of an article, and
    other articles to read next below it."""
    categories = [(name, category_url(name, settings)) for name in post.categories]
    header = render("news/post_meta.html", post=post, categories=categories)
    if post.picture:
        header += "\n\n" + hero_block(post.picture, post.image_alt or "", post.url)
    match = _H1_LINE.search(markdown) if post.has_h1 else None
    if match:
        head, tail = markdown[: match.end()], markdown[match.end() :]
    else:
        head, tail = f"# {post.title}", "\n" + markdown
    back = render("news/back.html", post=post, news_url=f"{NEWS_DIR}/")
    # The generated lists below the text are finished HTML: past Markdown, not through it.
    return f"{head}\n\n{header}\n{tail}\n\n{READY_HTML}{more}\n\n{back}\n"


def _with_hero(src: str, markdown: str, meta: dict, content: Content) -> str:
    """Show a page's teaser picture under its heading (strategy fields, other pages)."""
    image = meta.get("image")
    picture = content.pictures.get(image_src(src, image)) if isinstance(image, str) else None
    if picture is None:
        return markdown
    block = hero_block(picture, meta.get("image_alt", ""), content.page_url(src))
    match = _H1_LINE.search(markdown)
    if match is None:
        return f"{block}\n\n{markdown}"
    return f"{markdown[: match.end()]}\n\n{block}\n{markdown[match.end() :]}"


def _place(markdown: str, block: str) -> str:
    if MARKER in markdown:
        return markdown.replace(MARKER, f"\n\n{block}\n\n", 1)
    return f"{markdown.rstrip()}\n\n{block}\n"
