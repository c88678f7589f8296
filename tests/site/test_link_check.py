"""Links to pages that do not exist are found with their line; working links are not flagged."""

from __future__ import annotations

from site_src.frontmatter import parse
from site_src.linkcheck import check_links

PAGES = {"index.md", "kontakt.md", "strategie/index.md", "strategie/mobilitaet.md"}
URLS = {"", "kontakt/", "strategie/", "strategie/mobilitaet/", "bilder/plan.png", "aktuelles/"}


def _errors(body: str, src: str = "strategie/mobilitaet.md") -> list[str]:
    fm = parse(f"---\ntitle: T\n---\n{body}", f"content/{src}")
    page_url = "strategie/mobilitaet/"
    return [str(e) for e in check_links(fm, src, page_url, PAGES, URLS)]


def test_working_links_of_every_kind_pass():
    body = (
        "[a](index.md) [b](../kontakt.md#chat) [c](/kontakt/) [d](../../kontakt/)\n"
        "![plan](../bilder/plan.png) [e](https://example.org/x.md) [f](mailto:a@b.de)\n"
        "[g](#oben) [h](/api/forms/kontakt) [i](/aktuelles/)\n"
        "[ref]: ../kontakt.md\n"
    )
    assert _errors(body) == []


def test_missing_targets_are_reported_with_their_line():
    body = "Text\n\n[kaputt](verkehr.md) und [weg](/verkehr/)\n![bild](fehlt.png)\n"
    assert _errors(body) == [
        "content/strategie/mobilitaet.md:6: link: 'verkehr.md' verweist auf eine Seite, "
        "die es nicht gibt; Dateiname und Ordner prüfen",
        "content/strategie/mobilitaet.md:6: link: '/verkehr/' führt zu keiner Seite und "
        "keiner Datei dieser Website; Adresse prüfen",
        "content/strategie/mobilitaet.md:7: link: 'fehlt.png' führt zu keiner Seite und "
        "keiner Datei dieser Website; Adresse prüfen",
    ]


def test_links_inside_code_are_not_links():
    body = "```\n[x](nirgends.md)\n```\n\nSo schreiben Sie Links: `[x](nirgends.md)`\n"
    assert _errors(body) == []
