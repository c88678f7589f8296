"""The front page's invitations: take part (quiz or contact) and watch the videos.

Whether the quiz is offered is decided by the build clock (`--as-of`, FORMS_PREVIEW_NOW), the
same moment that shows the quiz page's form open or closed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from forms.clock import german_time
from forms.definitions import DefinitionErrors
from site_src.form_definitions import load_all
from site_src.home.model import CallToAction, QuizOffer, VideoTeaser
from site_src.home.schema import CALL_KEYS, VIDEO_KEYS, PageIndex, mapping, page_link
from site_src.text import german_date
from site_src.videos.catalog import VIDEOS_DIR, load_catalog
from site_src.videos.fields import FieldChecker
from site_src.videos.pages import evening_url


def call_to_action(
    check: FieldChecker, meta: dict, index: PageIndex, src: str, now: dt.datetime
) -> CallToAction | None:
    """The Mitmachen box: contact always, the quiz on top while its form takes entries."""
    data = mapping(check, meta, "mitmachen", CALL_KEYS)
    if data is None:
        return None
    title = check.text(data, ("mitmachen", "title"), "Machen Sie mit")
    text = check.text(data, ("mitmachen", "text"), "Schreiben Sie uns Ihre Fragen und Ideen.")
    url = page_link(check, data, ("mitmachen", "link"), index, src)
    link_text = check.text(data, ("mitmachen", "link_text"), "Zum Kontakt")
    quiz = _quiz(check, data, index, src, now)
    if not (title and text and url is not None and link_text):
        return None
    return CallToAction(title=title, text=text, url=url, link_text=link_text, quiz=quiz)


def _quiz(
    check: FieldChecker, data: dict, index: PageIndex, src: str, now: dt.datetime
) -> QuizOffer | None:
    if data.get("quiz") is None:
        for key in ("quiz_text", "quiz_link"):
            if data.get(key) is not None:
                check.error(("mitmachen", key), "gilt nur mit 'quiz: <formular>'; ergänzen Sie es")
        return None
    form_id = check.text(data, ("mitmachen", "quiz"), "smart-kassel-quiz")
    text = check.text(data, ("mitmachen", "quiz_text"), "Beantworten Sie vier Fragen.")
    url = page_link(check, data, ("mitmachen", "quiz_link"), index, src)
    definition = _quiz_definition(check, form_id)
    if definition is None or text is None or url is None:
        return None
    if now is None or definition.status(now) != "open":
        return None
    deadline = german_time(definition.closes) if definition.closes else ""
    return QuizOffer(text=text, url=url, deadline=deadline)


def _quiz_definition(check: FieldChecker, form_id: str | None):
    if form_id is None:
        return None
    try:
        known = load_all(check.content_dir / "forms")
    except DefinitionErrors:
        return None  # the form check reports broken definitions with their own lines
    definition = known.get(form_id)
    quizzes = sorted(name for name, item in known.items() if item.kind == "quiz")
    if definition is None or definition.kind != "quiz":
        names = ", ".join(quizzes) or "keines"
        check.error(
            ("mitmachen", "quiz"),
            f"'{form_id}' ist kein Quiz in content/forms/; vorhandene Quizze: {names}",
        )
        return None
    return definition


def video_teaser(check: FieldChecker, meta: dict, pictures: dict) -> VideoTeaser | None:
    """An evening of the Smart Kassel Night, named by its file in content/videos/."""
    data = mapping(check, meta, "video", VIDEO_KEYS)
    if data is None:
        return None
    slug = check.text(data, ("video", "evening"), "smart-kassel-night-2021")
    title = check.text(data, ("video", "title"), "Videos der Smart Kassel Night", required=False)
    text = check.text(data, ("video", "text"), "Ein Satz zu den Videos.", required=False)
    if slug is None:
        return None
    catalog = load_catalog(Path(check.content_dir))
    evening = next((item for item in catalog.evenings if item.slug == slug), None)
    if evening is None:
        _no_evening(check, slug, catalog)
        return None
    return VideoTeaser(
        title=title or evening.event,
        evening=evening.event,
        text=text or evening.teaser,
        url=evening_url(evening),
        picture=pictures.get(evening.cover),
        date_text=german_date(dt.date.fromisoformat(evening.date)),
    )


def _no_evening(check: FieldChecker, slug: str, catalog) -> None:
    """Say why the evening is missing, unless its own file's errors already say it."""
    source = f"content/{VIDEOS_DIR}/{slug}.md"
    if any(error.path == source for error in catalog.errors):
        return
    if (check.content_dir / VIDEOS_DIR / f"{slug}.md").is_file():
        message = f"'{slug}' hat noch keine veröffentlichten Videos (alle sind Entwürfe)"
    else:
        names = ", ".join(item.slug for item in catalog.evenings) or "keiner"
        message = (
            f"'{slug}' ist kein Abend mit Videos (Dateiname in content/videos/ ohne .md); "
            f"vorhanden: {names}"
        )
    check.error(("video", "evening"), message)
