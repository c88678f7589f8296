"""Generate the news lists (index, year archive, categories, page blocks) as page sources.

Each list page shows at most `per_page` articles, so the total output grows linearly with the
number of articles and no page lists them all.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from site_src.news import Post, pinned_first
from site_src.render import html_block, render
from site_src.settings import NEWS_DIR, SiteSettings

# Everything after this line of a generated page is finished HTML: the adapter passes it through
# without Markdown conversion (a third of the build's pages are lists; converting their HTML
# cost about a tenth of the build). Markdown itself would keep the comment and the HTML as is.
READY_HTML = "<!-- sk:ready-html -->\n"
# Front matter of generated pages whose share image shows another title (a list's later pages).
SHARE_TITLE = "share_title"
# "Weitere Meldungen" choose among this many articles before and after an article in time.
MORE_WINDOW = 12


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: its source path (as if under content/) and Markdown."""

    src: str
    markdown: str

    @property
    def url(self) -> str:
        """Site-relative address; generated sources are always <dir>/index.md."""
        return self.src.removesuffix("index.md")


def news_pages(posts: list[Post], settings: SiteSettings) -> list[GeneratedPage]:
    """Every list page except the first index page (that one is content/aktuelles/index.md)."""
    pages = _paginate(pinned_first(posts), f"{NEWS_DIR}/", "Aktuelles", settings, pins=True)[1:]
    for year, year_posts in _group(posts, lambda post: [str(post.date.year)]).items():
        base = f"{NEWS_DIR}/archiv/{year}/"
        pages += _paginate(year_posts, base, f"Aktuelles aus {year}", settings)
    for name, cat_posts in _group(posts, lambda post: post.categories).items():
        base = f"{NEWS_DIR}/kategorie/{settings.category_slugs[name]}/"
        pages += _paginate(cat_posts, base, f"Aktuelles: {name}", settings)
    return pages


def index_block(posts: list[Post], page_url: str, settings: SiteSettings) -> str:
    """The list shown on the first index page, with links to archives and categories."""
    first = pinned_first(posts)[: settings.per_page]
    pages = max(1, -(-len(posts) // settings.per_page))
    html = _teasers(first, page_url, 1, pages, f"{NEWS_DIR}/", pins=True)
    return html + _overview(posts, page_url, settings)


def latest_block(posts: list[Post], page_url: str, limit: int, settings: SiteSettings) -> str:
    """A short list of the newest articles, pinned ones on top (home page)."""
    more = f"{NEWS_DIR}/"
    shown = pinned_first(posts)[:limit]
    return html_block("news/latest.html", posts=shown, page_url=page_url, more_url=more)


def more_posts(post: Post, posts: list[Post], position: int, limit: int = 3) -> list[Post]:
    """Other articles to read after `post` (at `position` in `posts`, newest first): those
    sharing a topic first, each group nearest in time.

    Only the articles around it in time are considered, so an article appears under a bounded
    number of others: the build stays linear and a live-preview edit re-renders a few pages.
    """
    window = posts[max(0, position - MORE_WINDOW) : position + MORE_WINDOW + 1]
    nearby = [other for other in window if other.src != post.src]
    shared = set(post.categories)

    def rank(other: Post) -> tuple:
        apart = abs((other.date - post.date).days)
        return (not shared.intersection(other.categories), apart, -other.date.toordinal())

    return sorted(nearby, key=rank)[:limit]


def more_block(post: Post, posts: list[Post], position: int) -> str:
    """The "Weitere Meldungen" section under an article."""
    chosen = more_posts(post, posts, position)
    return html_block("news/more.html", posts=chosen, page_url=post.url)


def category_block(
    posts: list[Post], category: str, page_url: str, settings: SiteSettings, limit: int = 5
) -> str:
    """The newest articles of one category, with a link to all of them (strategy pages)."""
    matching = []
    for post in posts:
        if category in post.categories:
            matching.append(post)
            if len(matching) == limit:
                break
    more = f"{NEWS_DIR}/kategorie/{settings.category_slugs[category]}/"
    return render(
        "news/related.html", posts=matching, page_url=page_url, more_url=more, category=category
    )


def category_url(category: str, settings: SiteSettings) -> str:
    """Site-relative address of a category's list."""
    return f"{NEWS_DIR}/kategorie/{settings.category_slugs[category]}/"


def _group(posts: list[Post], keys) -> dict[str, list[Post]]:
    groups: dict[str, list[Post]] = {}
    for post in posts:
        for key in keys(post):
            groups.setdefault(key, []).append(post)
    return groups


def _paginate(
    posts: list[Post], base: str, title: str, settings: SiteSettings, pins: bool = False
) -> list[GeneratedPage]:
    per = settings.per_page
    count = max(1, -(-len(posts) // per))
    pages = []
    for number in range(1, count + 1):
        url = base if number == 1 else f"{base}seite/{number}/"
        chunk = posts[(number - 1) * per : number * per]
        heading = title if number == 1 else f"{title} – Seite {number}"
        body = _teasers(chunk, url, number, count, base, pins)
        front = f"title: {json.dumps(heading, ensure_ascii=False)}\nsearch:\n  exclude: true"
        if number > 1:
            # Its share image is the first page's: one card per list, not one per page number.
            front += f"\n{SHARE_TITLE}: {json.dumps(title, ensure_ascii=False)}"
        markdown = f"---\n{front}\n---\n\n# {heading}\n\n{READY_HTML}{body}"
        pages.append(GeneratedPage(src=url + "index.md", markdown=markdown))
    return pages


def _teasers(
    posts: list[Post], page_url: str, number: int, count: int, base: str, pins: bool = False
) -> str:
    """Teasers of one list page; `pins` marks pinned articles where they stand on top."""
    return _teasers_cached(tuple(posts), page_url, number, count, base, pins)


# The live preview regenerates all lists on every edit; unchanged pages come from here.
@functools.lru_cache(maxsize=8192)
def _teasers_cached(
    posts: tuple[Post, ...], page_url: str, number: int, count: int, base: str, pins: bool
):
    def page_link(n: int) -> str:
        return base if n == 1 else f"{base}seite/{n}/"

    return render(
        "news/teasers.html",
        posts=posts,
        page_url=page_url,
        number=number,
        count=count,
        previous_url=page_link(number - 1) if number > 1 else None,
        next_url=page_link(number + 1) if number < count else None,
        pins=pins,
    )


def _overview(posts: list[Post], page_url: str, settings: SiteSettings) -> str:
    years = sorted({post.date.year for post in posts}, reverse=True)
    used = {name for post in posts for name in post.categories}
    categories = [
        (name, category_url(name, settings)) for name in settings.categories if name in used
    ]
    return render(
        "news/overview.html",
        years=[(year, f"{NEWS_DIR}/archiv/{year}/") for year in years],
        categories=categories,
        page_url=page_url,
        feed_url=f"{NEWS_DIR}/feed.xml",
    )
