"""Read and check all of content/ in one pass, collecting every error for the editor at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from site_src import frontmatter, schema
from site_src.content import Content, is_post, page_url_of
from site_src.errors import ContentError
from site_src.images.fields import picture_for
from site_src.linkcheck import check_links
from site_src.listings import news_pages
from site_src.news import is_scheduled, newest_first, post_from, title_of
from site_src.placeholders import placeholder_errors
from site_src.schema import parse_date
from site_src.settings import FOREIGN_DIRS, SiteSettings
from site_src.text import german_date

# Folders whose front matter another module checks (it appends its check to EXTRA_CHECKS).
SCHEMA_OWNED_ELSEWHERE = ("videos/", "termine/")
Check = Callable[[Content, SiteSettings], list[ContentError]]
EXTRA_CHECKS: list[Check] = []


def validate_content(
    root: Path, settings: SiteSettings, only: set[str] | None = None
) -> tuple[Content, list[ContentError]]:
    """Read content/ and return it with every error found (empty list: safe to build).

    With `only` (paths relative to content/, as a commit hook passes them) every file is still
    read, since other pages' addresses decide whether a link works, but only those files'
    own errors and links are reported, next to the whole-site checks that cost little.
    """
    content = Content(root=root)
    errors: list[ContentError] = []
    for path in sorted(root.rglob("*")):
        src = path.relative_to(root).as_posix()
        if path.is_file() and not skipped(src):
            found = read_file(content, src, settings)
            errors += found if only is None or src in only else []
    errors += finish(content, settings, links_of=only)
    return content, sorted(set(errors))  # a date is also a page: one broken header, one line


def read_file(content: Content, src: str, settings: SiteSettings) -> list[ContentError]:
    """Add one file of content/ to `content` (page, article, draft or static file); check it."""
    if not src.endswith(".md"):
        content.static.add(src)
        return []
    try:
        fm = frontmatter.read(content.root / src, content.root)
    except frontmatter.FrontMatterError as exc:
        return [exc.error]
    content.pages[src] = fm
    return _check_page(content, src, fm, settings)


def finish(
    content: Content, settings: SiteSettings, links_of: set[str] | None = None
) -> list[ContentError]:
    """Order the articles, generate the lists, and run the checks that need the whole site."""
    errors = _check_duplicate_urls(content)
    content.posts = newest_first(content.posts)
    content.generated = news_pages(content.posts, settings)
    # Extra steps may add generated pages (videos), which links in other pages may point to.
    for extra in EXTRA_CHECKS:
        errors += extra(content, settings)
    return errors + check_site_links(content, links_of)


def check_site_links(content: Content, only: set[str] | None = None) -> list[ContentError]:
    """Check the links of the pages in `only` (None: every page) against the whole site."""
    urls = content.urls()
    pages = {src for src in content.pages if src not in content.drafts}
    held = _held_reasons(content)
    errors = []
    for src, fm in content.pages.items():
        if only is None or src in only:
            visible = pages | _out_by(content, content.scheduled.get(src))
            errors += check_links(fm, src, content.page_url(src), visible, urls, held)
    return errors


def _out_by(content: Content, day) -> set[str]:
    """Scheduled articles that are out by `day`: a scheduled article may link to them."""
    if day is None:
        return set()
    return {src for src, other in content.scheduled.items() if other <= day}


def _held_reasons(content: Content) -> dict[str, str]:
    """Why articles that exist are not published, for link errors that name the reason."""
    scheduled = content.scheduled.items()
    reasons = {src: f"erst am {german_date(day)} erscheint" for src, day in scheduled}
    for src in content.drafts:
        if content.pages[src].meta.get("draft") is True:
            reasons[src] = "noch ein Entwurf ist (draft: true)"
    return reasons


def skipped(src: str) -> bool:
    """Hidden files and folders other parts of the system own are not part of the site."""
    parts = src.split("/")
    return any(part.startswith(".") for part in parts) or src.startswith(FOREIGN_DIRS)


def _check_page(content: Content, src: str, fm, settings: SiteSettings) -> list[ContentError]:
    if src.startswith(SCHEMA_OWNED_ELSEWHERE):
        return []
    if not is_post(src):
        spec = schema.HOME if src == schema.HOME_PAGE else schema.PAGE
        errors = schema.check(fm, spec, settings)
        return errors or _add_picture(content, src, fm)
    errors = schema.check(fm, schema.NEWS, settings)
    if "title" not in fm.meta and title_of(fm) is None:
        hint = "ergänzen Sie title: ... oder beginnen Sie den Text mit '# Überschrift'"
        errors.append(ContentError(fm.path, 1, "title", f"fehlt, ist aber Pflicht; {hint}"))
    image_src, picture = None, None
    if not errors:
        image_src, picture, image_errors = picture_for(content.root, src, fm)
        errors += image_errors
    day = parse_date(fm.meta.get("date"))
    if fm.meta.get("draft") is True:
        content.drafts.add(src)
        return errors
    errors += placeholder_errors(fm)
    if day and is_scheduled(day, settings):
        content.drafts.add(src)
        content.scheduled[src] = day
    elif not errors:
        content.posts.append(post_from(fm, src, settings, picture))
        if image_src and picture:
            content.pictures[image_src] = picture
    return errors


def _add_picture(content: Content, src: str, fm) -> list[ContentError]:
    """Check a page's teaser picture and publish its variants."""
    image_src, picture, errors = picture_for(content.root, src, fm)
    if image_src and picture:
        content.pictures[image_src] = picture
    return errors


def _check_duplicate_urls(content: Content) -> list[ContentError]:
    errors, seen = [], {page_url_of(src): src for src in content.pages if not is_post(src)}
    for post in content.posts:
        if post.url in seen:
            fm = content.pages[post.src]
            other = f"content/{seen[post.url]}"
            message = (
                f"gleiche Adresse /{post.url} wie {other}; geben Sie der Meldung einen anderen slug"
            )
            errors.append(ContentError(fm.path, fm.line_of("slug"), "slug", message))
        seen[post.url] = post.src
    return errors
