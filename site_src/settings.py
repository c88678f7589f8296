"""Site settings shared by every step, so categories and paths are defined once (in mkdocs.yml)."""

from __future__ import annotations

from dataclasses import dataclass, field

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

# The 23 Stadtteile of Kassel (the allow-list editors may name; mkdocs.yml can restate it).
DEFAULT_STADTTEILE = (
    "Mitte",
    "Südstadt",
    "Vorderer Westen",
    "Wehlheiden",
    "Bad Wilhelmshöhe",
    "Brasselsberg",
    "Süsterfeld/Helleböhn",
    "Harleshausen",
    "Kirchditmold",
    "Rothenditmold",
    "Nord (Holland)",
    "Philippinenhof/Warteberg",
    "Fasanenhof",
    "Wesertor",
    "Wolfsanger/Hasenhecke",
    "Bettenhausen",
    "Forstfeld",
    "Waldau",
    "Niederzwehren",
    "Oberzwehren",
    "Nordshausen",
    "Jungfernkopf",
    "Unterneustadt",
)
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
