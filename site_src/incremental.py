"""Re-read only the files an editor changed and work out which pages that changes (live preview).

A full build reads and renders every page; with a thousand articles that takes many seconds.
The preview keeps the validated `Content` in memory, refreshes it with the changed files only,
and re-renders exactly the pages whose source or generated list differs, so an edit shows in
well under a second while the result stays identical to a full build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from site_src import compose
from site_src.content import Content, is_post
from site_src.errors import ContentError
from site_src.listings import more_posts
from site_src.settings import SiteSettings
from site_src.validate import check_site_links, finish, read_file, skipped

# (src, markdown, meta, content, settings) -> markdown, as the engine adapter applies them.
PageFilter = Callable[[str, str, dict, Content, SiteSettings], str]


@dataclass
class Changes:
    """What an edit means for the built site, in source paths relative to content/."""

    render: set[str] = field(default_factory=set)
    removed: dict[str, str] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    generated: dict[str, str] = field(default_factory=dict)
    generated_removed: set[str] = field(default_factory=set)
    static: set[str] = field(default_factory=set)


def refresh(
    content: Content, changed: set[str], settings: SiteSettings
) -> tuple[Content, list[ContentError]]:
    """Return a new Content with the `changed` files re-read, and every error of the new state."""
    new = Content(
        root=content.root,
        pages={src: fm for src, fm in content.pages.items() if src not in changed},
        drafts=content.drafts - changed,
        scheduled={src: day for src, day in content.scheduled.items() if src not in changed},
        posts=[post for post in content.posts if post.src not in changed],
        static=content.static - changed,
        pictures=dict(content.pictures),
    )
    errors: list[ContentError] = []
    for src in sorted(changed):
        if (content.root / src).is_file() and not skipped(src):
            errors += read_file(new, src, settings)
    errors += finish(new, settings, links_of=changed)
    if new.urls() != content.urls() or _published_pages(new) != _published_pages(content):
        errors += check_site_links(new, only=set(new.pages) - changed)
    return new, sorted(errors)


def affected(
    old: Content,
    new: Content,
    changed: set[str],
    settings: SiteSettings,
    page_filters: list[PageFilter] | tuple[PageFilter, ...] = (compose.page_markdown,),
) -> Changes:
    """Say which pages to render again, which outputs to delete, and which lists changed."""
    changes = Changes()
    for src in changed:
        if not src.endswith(".md"):
            changes.static.add(src)
        elif _published(new, src):
            changes.render.add(src)
            if _published(old, src) and old.page_url(src) != new.page_url(src):
                changes.moved[src] = old.page_url(src)
        elif _published(old, src):
            changes.removed[src] = old.page_url(src)
    if changes.moved or changes.removed or _added(old, new, changed):
        changes.render |= _linking_to(new, changed)
    changes.render |= _listing_pages(old, new, settings, page_filters)
    changes.render |= _more_news_changed(old, new)
    before = {page.src: page.markdown for page in old.generated}
    after = {page.src: page.markdown for page in new.generated}
    changes.generated = {src: text for src, text in after.items() if before.get(src) != text}
    changes.generated_removed = set(before) - set(after)
    return changes


def _published_pages(content: Content) -> set[str]:
    return {src for src in content.pages if src not in content.drafts}


def _published(content: Content, src: str) -> bool:
    return src in content.pages and src not in content.drafts


def _added(old: Content, new: Content, changed: set[str]) -> bool:
    return any(_published(new, src) and not _published(old, src) for src in changed)


def _linking_to(content: Content, changed: set[str]) -> set[str]:
    """Pages whose links may resolve differently now that an article appeared, moved or went."""
    names = {posixpath.basename(src) for src in changed if src.endswith(".md")}
    return {
        src
        for src, fm in content.pages.items()
        if _published(content, src) and any(name in fm.body for name in names)
    }


def _more_news_changed(old: Content, new: Content) -> set[str]:
    """Articles whose "Weitere Meldungen" differ: an article nearby was added, changed or went."""
    if old.posts == new.posts:
        return set()
    changed = set()
    for post in new.posts:
        before = old.post_positions.get(post.src)
        after = more_posts(post, new.posts, new.post_positions[post.src])
        if before is None or more_posts(post, old.posts, before) != after:
            changed.add(post.src)
    return changed


def _listing_pages(old: Content, new: Content, settings: SiteSettings, page_filters) -> set[str]:
    """Pages (not articles) whose generated parts, such as news lists, differ after the edit."""
    found = set()
    for src, fm in new.pages.items():
        if is_post(src) or not _published(new, src) or src not in old.pages:
            continue
        before = after = fm.body
        for page_filter in page_filters:
            before = page_filter(src, before, fm.meta, old, settings)
            after = page_filter(src, after, fm.meta, new, settings)
        if before != after:
            found.add(src)
    return found
