"""The whole content folder read once: pages, articles, other files and the generated lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from site_src.frontmatter import FrontMatter
from site_src.home.model import FrontPage
from site_src.images.variants import ResponsiveImage
from site_src.listings import GeneratedPage
from site_src.news import Post
from site_src.settings import FEED_PATH, JSON_FEED_PATH, POSTS_DIR
from site_src.termine.model import Agenda


@dataclass
class Content:
    """Everything the build needs to know about content/, keyed by path relative to it."""

    root: Path
    pages: dict[str, FrontMatter] = field(default_factory=dict)
    # Pages held back from this build: drafts, scheduled articles, pages replaced by others.
    drafts: set[str] = field(default_factory=set)
    # Articles dated after the build day, with the day they appear.
    scheduled: dict[str, dt.date] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    static: set[str] = field(default_factory=set)
    generated: list[GeneratedPage] = field(default_factory=list)
    # Pictures the published pages show, by path relative to content/: their variants get built.
    pictures: dict[str, ResponsiveImage] = field(default_factory=dict)
    # Files other steps write besides pages (calendars, open data), so links to them check out.
    files: set[str] = field(default_factory=set)
    agenda: Agenda | None = None
    # Front-page parts (hero, tiles, call to action, video teaser) by page source.
    front_pages: dict[str, FrontPage] = field(default_factory=dict)

    @cached_property
    def posts_by_src(self) -> dict[str, Post]:
        """Articles by source path (read once `posts` is complete), to place them at their URL."""
        return {post.src: post for post in self.posts}

    @cached_property
    def post_positions(self) -> dict[str, int]:
        """Where each article stands in `posts` (newest first), read once `posts` is complete."""
        return {post.src: number for number, post in enumerate(self.posts)}

    def page_url(self, src: str) -> str:
        """Site-relative URL of a Markdown page (articles get their dated URL)."""
        post = self.posts_by_src.get(src)
        return post.url if post else page_url_of(src)

    def urls(self) -> set[str]:
        """Every address the built site will answer, for link checks."""
        urls = {page_url_of(src) for src in self.pages if src not in self.drafts}
        urls.update(post.url for post in self.posts)
        urls.update(page.url for page in self.generated)
        urls.update(self.static)
        urls.update(self.files)
        urls.update((FEED_PATH, JSON_FEED_PATH))
        return urls


def page_url_of(src: str) -> str:
    """Where mkdocs puts a page with directory URLs: a/b.md -> a/b/, a/index.md -> a/."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def is_post(src: str) -> bool:
    """Articles are the Markdown files directly or deeper under aktuelles/posts/."""
    return src.startswith(POSTS_DIR + "/") and src.endswith(".md")
