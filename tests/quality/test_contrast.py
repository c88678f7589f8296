"""The colour pairs our stylesheets define reach WCAG AA contrast (4.5:1) in every state."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from site_src.quality.contrast import check_contrast

REPO = Path(__file__).resolve().parents[2]


def test_our_colour_pairs_reach_aa_contrast(built_site: Path) -> None:
    theme = sorted((built_site / "assets" / "stylesheets").glob("*.css"))
    ours = sorted((REPO / "site_src" / "assets").rglob("*.css"))
    assert theme, "the built site has no theme stylesheets under assets/stylesheets/"
    body = LexborHTMLParser((built_site / "index.html").read_text(encoding="utf-8")).body
    palette = {
        key.removeprefix("data-md-color-"): value or ""
        for key, value in body.attributes.items()
        if key.startswith("data-md-color-")
    }
    problems = check_contrast(theme, ours, palette or {"scheme": "default"})
    assert not problems, "colour pairs below 4.5:1:\n" + "\n".join(problems)
