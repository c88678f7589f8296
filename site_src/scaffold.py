"""Create a news article with valid front matter, so editors start from something that builds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from site_src.clock import berlin_today
from site_src.settings import POSTS_DIR
from site_src.text import slugify

# Sentences of the template that must never reach readers; `check` looks for them.
PLACEHOLDER_DESCRIPTION = "Ein Satz, der sagt, worum es geht. Er erscheint in Listen und im Feed."
PLACEHOLDER_BODY = "Hier steht der Text der Meldung."

TEMPLATE = f"""---
date: {{date}}
title: {{title}}
description: "{PLACEHOLDER_DESCRIPTION}"
categories:
  - Beteiligung
# Entwurf: erscheint nicht auf der Website. Löschen Sie diese Zeile, wenn die Meldung fertig ist.
draft: true
---

<!-- Schreiben Sie hier Ihren Text. Absätze trennen Sie mit einer Leerzeile. -->

{PLACEHOLDER_BODY} Ersetzen Sie diesen Absatz und die Beschreibung oben,
bevor Sie die Meldung veröffentlichen.
"""


class ScaffoldError(Exception):
    """The article cannot be created (empty title, file exists)."""


def new_news(content_dir: Path, title: str, today: dt.date | None = None) -> Path:
    """Write content/aktuelles/posts/<date>-<slug>.md for `title` as a draft; return its path."""
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("Der Titel braucht mindestens einen Buchstaben oder eine Ziffer.")
    day = today or berlin_today()
    path = content_dir / POSTS_DIR / f"{day.isoformat()}-{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path} gibt es schon; wählen Sie einen anderen Titel.")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(date=day.isoformat(), title=json.dumps(title, ensure_ascii=False))
    path.write_text(text, encoding="utf-8")
    return path
