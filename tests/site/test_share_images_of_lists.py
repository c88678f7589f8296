"""A news list's later pages share its first page's card instead of drawing one per number."""

from __future__ import annotations

import re

OG_IMAGE = re.compile(r'<meta property="og:image" content="([^"]+)"')


def _article(number: int) -> str:
    return "\n".join(
        [
            "---",
            f"date: 2021-07-{number:02d}",
            f"title: Testmeldung {number}",
            f"slug: testmeldung-{number}",
            "description: Eine Meldung, damit die Liste eine zweite Seite hat.",
            "categories:",
            "  - Mobilität",
            "---",
            "",
            f"Text der Meldung {number}.",
        ]
    )


def test_later_list_pages_show_the_first_pages_share_image(run_build, content_copy):
    for number in range(1, 16):
        path = content_copy / "aktuelles" / "posts" / f"2021-07-{number:02d}-test.md"
        path.write_text(_article(number), encoding="utf-8")
    run = run_build("--no-cache")
    assert run.code == 0, run.stderr
    first = (run.site / "aktuelles" / "index.html").read_text(encoding="utf-8")
    second = (run.site / "aktuelles" / "seite" / "2" / "index.html").read_text(encoding="utf-8")
    assert "Aktuelles – Seite 2" in second
    card = OG_IMAGE.search(first).group(1)
    assert OG_IMAGE.search(second).group(1) == card
    published = run.site / card.split("/", 3)[3]
    assert published.read_bytes().startswith(b"\x89PNG")
    article = (run.site / "aktuelles/2021/07/03/testmeldung-3/index.html").read_text("utf-8")
    assert OG_IMAGE.search(article).group(1) != card, "an article keeps its own card"
