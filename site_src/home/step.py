"""The build step for front pages: check their parts and keep them for the page filter."""

from __future__ import annotations

from site_src.errors import ContentError
from site_src.form_pages import build_moment
from site_src.home.model import FrontPage
from site_src.home.offers import call_to_action, video_teaser
from site_src.home.schema import PageIndex, body_heading_line, hero, tiles
from site_src.settings import SiteSettings
from site_src.videos.fields import FieldChecker
from site_src.videos.yamlnodes import front_matter_spots

HOME_KEYS = ("hero", "tiles", "mitmachen", "video")


def add_front_pages(content, settings: SiteSettings) -> list[ContentError]:
    """Check every page that asks for front-page parts; keep the valid ones in the content."""
    errors: list[ContentError] = []
    index = PageIndex(content)
    for src, fm in sorted(content.pages.items()):
        if src in content.drafts or not any(key in fm.meta for key in HOME_KEYS):
            continue
        path = content.root / src
        spots = front_matter_spots(path.read_text(encoding="utf-8"))
        check = FieldChecker(fm.path, spots, path.parent, content.root)
        page = FrontPage(
            hero=hero(check, fm.meta, index, src),
            tiles=tiles(check, fm.meta, index, src),
            call=call_to_action(check, fm.meta, index, src, _now()),
            video=video_teaser(check, fm.meta, content.pictures),
        )
        heading = body_heading_line(fm) if "hero" in fm.meta else None
        if heading is not None:
            message = (
                "die Überschrift der Seite ist hero.title; löschen Sie die Zeile mit '# ' "
                "oder machen Sie daraus eine Zwischenüberschrift '## '"
            )
            check.errors.append(ContentError(fm.path, heading, "Überschrift", message))
        errors += check.errors
        if not check.errors:
            content.front_pages[src] = page
            if page.hero and page.hero.picture and page.hero.picture_src:
                content.pictures[page.hero.picture_src] = page.hero.picture
    return errors


def _now():
    # check_forms reports a bad clock setting; here it only means "no quiz on offer".
    try:
        return build_moment().moment
    except ValueError:
        return None
