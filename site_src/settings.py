"""Site settings shared by every step, so categories and paths are defined once (in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forms.definitions.stadtteile import STADTTEILE
from site_src.clock import berlin_today
from site_src.text import slugify

NEWS_DIR = "aktuelles"
POSTS_DIR = f"{NEWS_DIR}/posts"
FEED_PATH = f"{NEWS_DIR}/feed.xml"
JSON_FEED_PATH = f"{NEWS_DIR}/feed.json"
EVENTS_DIR = "termine"
# Folders under content/ that other parts of the system own and validate themselves.
FOREIGN_DIRS = ("forms/",)
DEFAULT_CATEGORIES = (
    "Mobilität",
    "Leben & Wohnen",
    "Energie & Umwelt",
    "Beteiligung",
    "Förderung",
)

# The 23 Stadtteile of Kassel, one list for forms, dates and quotas (mkdocs.yml restates it).
DEFAULT_STADTTEILE = STADTTEILE
# The strategy's focus areas: the slug editors write and the name readers see.
FOCUS_AREAS = {
    "mobilitaet": "Mobilität",
    "leben-wohnen": "Leben & Wohnen",
    "energie-umwelt": "Energie & Umwelt",
}
# Open data is published under this licence unless mkdocs.yml names another.
DEFAULT_LICENSE = (
    "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "https://www.govdata.de/dl-de/by-2-0",
)


@dataclass(frozen=True)
class SiteSettings:
    """What the engine-independent steps need to know about the site."""

    site_url: str = "https://smart.kassel.de/"
    site_name: str = "Smart Kassel"
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    per_page: int = 10
    words_per_minute: int = 200
    # Articles dated after this day (Europe/Berlin) are held back until it comes.
    today: dt.date = field(default_factory=berlin_today)
    # The branch a review build shows in its banner; "" for the published site.
    review_branch: str = ""
    site_description: str = ""
    # The city's colour for the browser bar, icons and share images (mkdocs.yml: theme_color).
    theme_color: str = "#004f6e"
    stadtteile: tuple[str, ...] = DEFAULT_STADTTEILE
    license: tuple[str, str] = DEFAULT_LICENSE
    category_slugs: dict[str, str] = field(init=False, repr=False)
    stadtteil_slugs: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        slugs = {name: slugify(name) for name in self.categories}
        object.__setattr__(self, "category_slugs", slugs)
        districts = {name: slugify(name) for name in self.stadtteile}
        object.__setattr__(self, "stadtteil_slugs", districts)
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")
