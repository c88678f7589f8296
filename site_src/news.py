"""News articles as plain data: where each one lives, what its teaser says, and in which order."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from site_src.frontmatter import FrontMatter
from site_src.images.variants import ResponsiveImage
from site_src.schema import parse_date
from site_src.settings import NEWS_DIR, SiteSettings
from site_src.text import german_date, minutes_label, reading_minutes, slugify

_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True)
class Post:
    """One article with everything lists, feeds and the article page need."""

    src: str
    title: str
    date: dt.date
    slug: str
    description: str
    categories: tuple[str, ...]
    minutes: int
    image: str | None = None
    image_alt: str | None = None
    # The planned variants of `image` (None without a picture).
    picture: ResponsiveImage | None = None
    has_h1: bool = False
    pinned: bool = False

    @cached_property
    def url(self) -> str:
        """The article's address relative to the site root, /aktuelles/YYYY/MM/DD/<slug>/."""
        return f"{NEWS_DIR}/{self.date:%Y/%m/%d}/{self.slug}/"

    @property
    def dest(self) -> str:
        """The HTML file the article is written to."""
        return self.url + "index.html"

    @property
    def date_text(self) -> str:
        """The publication day in German."""
        return german_date(self.date)

    @property
    def minutes_text(self) -> str:
        """The reading time in German."""
        return minutes_label(self.minutes)


def title_of(fm: FrontMatter) -> str | None:
    """The article's title: front matter `title`, else the first '# ' heading of the text."""
    if isinstance(fm.meta.get("title"), str):
        return fm.meta["title"]
    match = _H1.search(fm.body)
    return match.group(1) if match else None


def post_from(
    fm: FrontMatter, src: str, settings: SiteSettings, picture: ResponsiveImage | None = None
) -> Post:
    """Build a Post from front matter that already passed the schema."""
    meta = fm.meta
    title = title_of(fm) or src
    date = parse_date(meta["date"])
    assert date is not None, "validate before building posts"
    return Post(
        src=src,
        title=title,
        date=date,
        slug=meta.get("slug") or slugify(title),
        description=meta["description"],
        categories=tuple(meta.get("categories") or ()),
        minutes=reading_minutes(fm.body, settings.words_per_minute),
        image=meta.get("image"),
        image_alt=meta.get("image_alt"),
        picture=picture,
        has_h1=bool(_H1.search(fm.body)),
        pinned=meta.get("pinned") is True,
    )


def newest_first(posts: list[Post]) -> list[Post]:
    """Sort articles as readers expect: newest first, same day by title."""
    return sorted(posts, key=lambda post: (-post.date.toordinal(), post.title))


def pinned_first(posts: list[Post]) -> list[Post]:
    """Pinned articles on top (newest first among them), then the rest in the order given."""
    return sorted(posts, key=lambda post: not post.pinned)


def is_scheduled(day: dt.date, settings: SiteSettings) -> bool:
    """An article dated after the build day waits for its day."""
    return day > settings.today
