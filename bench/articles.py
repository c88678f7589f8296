"""Seeded generator of realistic German news articles, so every benchmark builds the same site."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

FALLBACK_CATEGORIES = ["Mobilität", "Leben & Wohnen", "Energie & Umwelt"]

_SUBJECTS = [
    "Die Stadt Kassel",
    "Das Smart Kassel-Büro",
    "Der Bürgerinnen- und Bürgerrat",
    "Das Modellprojekt",
    "Die Verkehrsplanung",
    "Ein Team aus der Verwaltung",
    "Der Ortsbeirat",
    "Die Nachbarschafts-App",
    "Das Umwelt- und Gartenamt",
    "Eine Arbeitsgruppe der Universität",
]
_VERBS = [
    "stellt",
    "erprobt",
    "diskutiert",
    "veröffentlicht",
    "sammelt",
    "bewertet",
    "plant",
    "erweitert",
]
_OBJECTS = [
    "neue Ideen für die Mobilität im Stadtteil",
    "Messdaten zur Luftqualität an der Kölnischen Straße",
    "Vorschläge für mehr Grün in den Höfen",
    "einen Entwurf für digitale Bürgerdienste",
    "Fragen der Bürgerinnen und Bürger zum Datenschutz",
    "Sensoren für freie Parkplätze am Bahnhof Wilhelmshöhe",
    "das Konzept für ein offenes Datenportal",
    "Ergebnisse der Werkstatt im Rathaus",
    "einen Plan für energiesparende Straßenbeleuchtung",
    "die Wünsche älterer Menschen an die Stadt",
]
_ENDINGS = [
    "vor und lädt zur Diskussion ein.",
    "gemeinsam mit Fachleuten aus der Region.",
    "im Rahmen der Smart City-Strategie.",
    "und bittet um Rückmeldungen bis Ende des Monats.",
    "mit Blick auf die nächsten sieben Jahre.",
    "für alle Stadtteile zugleich.",
    "nach den Grundsätzen der Smart City Charta.",
]
_HEADINGS = [
    "Worum es geht",
    "Was sich ändert",
    "Wie Sie mitmachen können",
    "Nächste Schritte",
    "Hintergrund",
    "Stimmen aus dem Stadtteil",
]
_LIST_ITEMS = [
    "Werkstatt im Rathaus, Eingang Obere Königsstraße",
    "Online-Umfrage für alle Kasselerinnen und Kasseler",
    "Sprechstunde des Smart Kassel-Büros",
    "Rundgang durch den Stadtteil mit der Verwaltung",
    "Chat montags von 16 bis 17 Uhr",
    "Ausstellung der Entwürfe in der Stadtbibliothek",
    "Bericht im Bürgerinnen- und Bürgerrat",
]
_TITLE_WORDS = [
    "Quartier",
    "Radweg",
    "Sensor",
    "Werkstatt",
    "Datenportal",
    "Straßenbahn",
    "Stadtgarten",
    "Energiewende",
    "Bürgerrat",
    "Ladepunkt",
]
_STREETS = [
    "Wilhelmshöhe",
    "Nordstadt",
    "Bettenhausen",
    "Wehlheiden",
    "Vorderer Westen",
    "Fasanenhof",
]


@dataclass(frozen=True)
class Article:
    """One generated post: the file name it is stored under and its full Markdown text."""

    slug: str
    date: str
    title: str
    filename: str
    text: str


def generate(count: int, seed: int = 2021, categories: list[str] | None = None) -> list[Article]:
    """Return `count` distinct articles; the same seed always gives the same site."""
    rng = random.Random(seed)
    allowed = categories or FALLBACK_CATEGORIES
    start = date(2019, 1, 1)
    days = [start + timedelta(days=rng.randrange(0, 7 * 365)) for _ in range(count)]
    filenames = [f"{day.isoformat()}-meldung-{index:05d}.md" for index, day in enumerate(days)]
    return [_article(rng, index, days[index], allowed, filenames) for index in range(count)]


def write(articles: list[Article], directory: Path) -> None:
    """Store the articles as Markdown files in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (directory / article.filename).write_text(article.text, encoding="utf-8")


def _article(
    rng: random.Random, index: int, day: date, allowed: list[str], filenames: list[str]
) -> Article:
    place = rng.choice(_STREETS)
    topic = rng.choice(_OBJECTS)
    title = f"{rng.choice(_TITLE_WORDS)} in {place}: {topic[0].upper()}{topic[1:]}"
    slug = f"meldung-{index:05d}"
    chosen = rng.sample(allowed, k=rng.randint(1, min(2, len(allowed))))
    teaser = _sentence(rng)
    body = _body(rng, index, filenames, target_words=rng.randint(300, 640))
    front = "\n".join(
        [
            "---",
            f"date: {day.isoformat()}",
            f"slug: {slug}",
            f'description: "{teaser}"',
            "categories:",
            *[f'  - "{name}"' for name in chosen],
            "---",
        ]
    )
    text = f"{front}\n\n# {title}\n\n{teaser}\n\n{body}"
    return Article(slug, day.isoformat(), title, filenames[index], text)


def _body(rng: random.Random, index: int, filenames: list[str], target_words: int) -> str:
    parts: list[str] = []
    words = 0
    while words < target_words:
        parts.append(f"## {rng.choice(_HEADINGS)}")
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        if rng.random() < 0.5:
            other = rng.randrange(len(filenames))
            if other != index:
                paragraph += f" Mehr dazu in [einer weiteren Meldung]({filenames[other]})."
            else:
                paragraph += " Details auf [kassel.de](https://www.kassel.de/smart)."
        parts.append(paragraph)
        if rng.random() < 0.6:
            parts.append("\n".join(f"- {item}" for item in rng.sample(_LIST_ITEMS, k=3)))
        words = sum(len(part.split()) for part in parts)
    return "\n\n".join(parts) + "\n"


def _sentence(rng: random.Random) -> str:
    parts = (_SUBJECTS, _VERBS, _OBJECTS, _ENDINGS)
    return " ".join(rng.choice(words) for words in parts)
