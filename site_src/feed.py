"""Write the Atom feed of all articles, so people and other sites can subscribe to the news."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from site_src.clock import kassel_midnight
from site_src.news import Post
from site_src.settings import FEED_PATH, NEWS_DIR, SiteSettings

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(posts: list[Post], settings: SiteSettings) -> str:
    """One entry per article (newest first) with absolute URLs, as an Atom 1.0 document."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "de"})
    base = settings.site_url
    _text(feed, "title", f"{settings.site_name}: Aktuelles")
    _text(feed, "subtitle", "Meldungen aus dem Modellprojekt Smart City der Stadt Kassel")
    _text(feed, "id", base + FEED_PATH)
    _link(feed, base + FEED_PATH, "self", "application/atom+xml")
    _link(feed, base + f"{NEWS_DIR}/", "alternate", "text/html")
    newest = posts[0].date if posts else dt.date(2021, 1, 1)
    _text(feed, "updated", kassel_midnight(newest))
    licence, licence_url = settings.license
    _text(feed, "rights", f"{licence} ({licence_url})")  # as the documents under /api/v1/
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Stadt Kassel, Smart Kassel-Büro")
    for post in posts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = base + post.url
        _text(entry, "title", post.title)
        _text(entry, "id", url)
        _link(entry, url, "alternate", "text/html")
        _text(entry, "published", kassel_midnight(post.date))
        _text(entry, "updated", kassel_midnight(post.date))
        _text(entry, "summary", post.description)
        for name in post.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": name})
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": kind})
