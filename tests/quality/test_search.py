"""Search in the browser finds German words by their stem, whatever form the visitor types."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("query", "expected_path"),
    [
        ("Bürgerräte", "/aktuelles/2021/06/19/smart-kassel-quiz-buergerrat/"),
        ("Bürgerrates", "/aktuelles/2021/06/19/smart-kassel-quiz-buergerrat/"),
        ("Mobilität", "/strategie/mobilitaet/"),
        ("Förderungen", "/aktuelles/2021/06/21/bund-foerdert-smart-city-kassel/"),
    ],
)
def test_search_finds_pages_by_word_stem(
    query, expected_path, page_registry, context, base_url, open_search
) -> None:
    home = page_registry["home"]
    assert not isinstance(home, str), f"page type 'home' is missing: {home}"
    page = home.open(context, base_url)
    open_search(page, query)
    found = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    assert expected_path in found, f"searching {query!r} did not find {expected_path}: {found}"
