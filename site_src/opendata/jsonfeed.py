"""Write the news as a JSON Feed 1.1, for readers and apps that prefer JSON to Atom."""

from __future__ import annotations

import json

from site_src.clock import kassel_midnight
from site_src.news import Post
from site_src.settings import JSON_FEED_PATH, NEWS_DIR, SiteSettings

VERSION = "https://jsonfeed.org/version/1.1"
AUTHOR = "Stadt Kassel, Smart Kassel-Büro"


def json_feed(posts: list[Post], settings: SiteSettings) -> str:
    """One item per article (newest first) with absolute URLs."""
    base = settings.site_url
    licence, licence_url = settings.license
    feed = {
        "version": VERSION,
        "title": f"{settings.site_name}: Aktuelles",
        "home_page_url": base + f"{NEWS_DIR}/",
        "feed_url": base + JSON_FEED_PATH,
        "description": "Meldungen aus dem Modellprojekt Smart City der Stadt Kassel",
        "language": "de",
        "authors": [{"name": AUTHOR, "url": base}],
        "items": [_item(post, base) for post in posts],
        # JSON Feed has no licence field; custom objects start with "_", "about" explains them.
        "_license": {"about": base + "offene-daten/", "name": licence, "url": licence_url},
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def _item(post: Post, base: str) -> dict:
    item = {
        "id": base + post.url,
        "url": base + post.url,
        "title": post.title,
        "summary": post.description,
        "content_text": post.description,
        "date_published": kassel_midnight(post.date),
        "tags": list(post.categories),
    }
    if post.image:
        item["image"] = base + _image_path(post)
    return item


def _image_path(post: Post) -> str:
    """Images sit next to the article's source; the site publishes them at the same path."""
    folder = post.src.rsplit("/", 1)[0]
    return f"{folder}/{post.image}"
