"""Search in the browser finds German words by their stem, whatever form the visitor types."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import type_search

pytestmark = pytest.mark.browser


def open_home(page_registry, context, base_url):
    """Open the home page in a fresh tab, as a visitor arriving at the site."""
    home = page_registry["home"]
    assert not isinstance(home, str), f"page type 'home' is missing: {home}"
    return home.open(context, base_url)


def search_from_home(page_registry, context, base_url, open_search, query: str):
    """Open the home page in a fresh tab and search there as a visitor does."""
    page = open_home(page_registry, context, base_url)
    open_search(page, query)
    return page


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
    page = search_from_home(page_registry, context, base_url, open_search, query)
    found = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    assert expected_path in found, f"searching {query!r} did not find {expected_path}: {found}"


@pytest.mark.parametrize(
    ("query", "expected_path"),
    [
        ("Mobilitaet", "/strategie/mobilitaet/"),
        ("Buergerrat", "/aktuelles/2021/06/19/smart-kassel-quiz-buergerrat/"),
        (
            "Strassenbahn",
            "/videos/smart-kassel-night-2021/beispiel-workshop-zukunftsbilder-einer-smarten-stadt/",
        ),
        (
            "Straßenbahn",
            "/videos/smart-kassel-night-2021/beispiel-workshop-zukunftsbilder-einer-smarten-stadt/",
        ),
    ],
)
def test_search_finds_words_typed_without_umlauts_or_eszett(
    query, expected_path, page_registry, context, base_url, open_search
) -> None:
    test_search_finds_pages_by_word_stem(
        query, expected_path, page_registry, context, base_url, open_search
    )


def test_opening_search_requests_nothing_that_is_missing(
    page_registry, context, base_url, open_search
) -> None:
    missing: list[str] = []
    context.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page = open_home(page_registry, context, base_url)
    open_search(page, "Kassel")
    page.wait_for_load_state("networkidle")
    assert not missing, f"opening the search asked for missing files: {missing}"


def test_result_snippets_keep_labels_and_values_apart(
    page_registry, context, base_url, open_search
) -> None:
    page = search_from_home(page_registry, context, base_url, open_search, "Mitwirkende")
    texts = " ".join(page.locator(".md-search-result__item").all_inner_texts())
    assert "Mitwirkende:" in texts, texts
    assert not re.search(r"Mitwirkende[A-ZÄÖÜ]|Dauer\d", texts), texts


def test_a_result_marks_the_words_found_on_its_page(
    page_registry, context, base_url, open_search
) -> None:
    page = search_from_home(page_registry, context, base_url, open_search, "Mobilitaet")
    result = page.locator(".md-search-result__item > a[href*='/strategie/mobilitaet/']").first
    with page.expect_navigation():
        result.click()
    marked = page.locator(".md-content mark").all_inner_texts()
    assert marked and set(marked) == {"Mobilität"}, marked


def search_results(page, query: str) -> list[str]:
    """Type `query` into the open search, wait for its answer, list result paths."""
    field = page.locator("input[name='query']").first
    field.click()
    field.fill("")
    type_search(page, query)
    return page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


def tab_goes_on_after_the_field(page) -> bool:
    """Press Tab; whether focus lands after the search field (not back at the page's top)."""
    page.keyboard.press("Tab")
    return page.evaluate(
        """() => {
          const field = document.querySelector("input[name='query']");
          return !!(field.compareDocumentPosition(document.activeElement)
            & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


def test_drafts_and_answer_pages_are_never_results(page_registry, context, base_url) -> None:
    page = open_home(page_registry, context, base_url)
    # The date "Werkstatt Nachbarschafts-App" is a draft; the answer pages tell people to
    # look into their spam folder.
    found = search_results(page, "Werkstatt")
    assert "/termine/werkstatt-nachbarschafts-app/" not in found, found
    found = search_results(page, "Spam-Ordner")
    assert not [path for path in found if path.endswith("/danke/")], found


def test_search_works_with_the_keyboard_alone(page_registry, context, base_url) -> None:
    page = open_home(page_registry, context, base_url)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "query":
            break
    else:
        pytest.fail("Tab never reached the search field")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Suche"
    # The answer to the whole word, not to a keystroke before it ("Mobil..." may find nothing).
    type_search(page, "Mobilitaet")
    count = page.locator(".md-search-result__meta")
    found = count.filter(has_text=re.compile(r"\d+ Suchergebnis"))
    try:
        found.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        pytest.fail(f"keyboard search for 'Mobilitaet' lists nothing: {count.inner_text()!r}")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("new URL(document.activeElement.href).pathname")
    assert focused.startswith("/strategie/mobilitaet/"), focused
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked(), "Escape did not close the search"
    # The field keeps the visitor's place: the next Tab goes on after it, not back to the top.
    after_field = tab_goes_on_after_the_field(page)
    assert after_field, "after Escape, Tab started again from the top of the page"


def test_count_line_tells_how_many_pages_matched_not_only_those_listed(
    page_registry, context, base_url
) -> None:
    page = open_home(page_registry, context, base_url)
    search_results(page, "Kassel")
    listed = page.locator(".md-search-result__item").count()
    line = page.locator(".md-search-result__meta").inner_text()
    matched = page.evaluate(
        """async () => {
          const pagefind = await import("/search/pagefind/pagefind.js");
          await pagefind.options({baseUrl: "/"});
          return (await pagefind.search("Kassel")).results.length;
        }"""
    )
    assert matched > listed, f"'Kassel' matches {matched} pages, {listed} listed: nothing to tell"
    expected = f"{matched} Suchergebnisse, die {listed} passendsten sind aufgeführt"
    assert line == expected, line


def test_screen_readers_hear_the_count_line_as_a_status_message(
    page_registry, context, base_url
) -> None:
    page = open_home(page_registry, context, base_url)
    search_results(page, "Mobilität")
    status = page.get_by_role("status").filter(has_text="Suchergebnis")
    assert status.count() == 1, "the result count is no live region a screen reader announces"
    assert re.match(r"\d+ Suchergebnis", status.inner_text()), status.inner_text()


def test_the_first_search_loads_no_theme_bundle(page_registry, context, base_url) -> None:
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page = open_home(page_registry, context, base_url)
    search_results(page, "Mobilität")
    assert any(url.endswith("/assets/sk/search-dialog.js") for url in requested), requested
    assert not [url for url in requested if "/assets/javascripts/" in url], requested


def test_enter_in_the_field_opens_the_best_result(page_registry, context, base_url) -> None:
    page = open_home(page_registry, context, base_url)
    search_results(page, "Mobilitaet")
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("?")[0] == first.split("?")[0], (page.url, first)
    assert page.locator(".md-content mark").count() > 0, "the words found are not marked"


def test_reset_empties_the_list_and_keeps_the_field_focused(
    page_registry, context, base_url
) -> None:
    page = open_home(page_registry, context, base_url)
    search_results(page, "Kassel")
    page.locator(".md-search__options button[type=reset]").click()
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="Suchbegriff eingeben").wait_for(timeout=5_000)
    assert page.locator(".md-search-result__item").count() == 0
    assert page.evaluate("document.activeElement.name") == "query"


def test_arrow_keys_walk_the_results_and_back_to_the_field(
    page_registry, context, base_url
) -> None:
    page = open_home(page_registry, context, base_url)
    search_results(page, "Kassel")
    first = page.locator(".md-search-result__item > a").first.evaluate("a => a.href")
    where = "document.activeElement.closest('.md-search-result__list') !== null"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == first
    page.keyboard.press("ArrowDown")
    assert page.evaluate(where), "ArrowDown left the results"
    assert page.evaluate("document.activeElement.href") != first, "ArrowDown stayed put"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.name") == "query"


def test_a_word_typed_at_once_is_searched_once(page_registry, context, base_url) -> None:
    """Each answer loads its results' fragments: none for the letters on the way to the word."""
    fragments: list[str] = []
    context.on("request", lambda r: fragments.append(r.url) if "/fragment/" in r.url else None)
    page = open_home(page_registry, context, base_url)
    page.locator("input[name='query']").first.click()
    page.locator(".md-search-result__meta", has_text="Suchbegriff eingeben").wait_for()
    type_search(page, "Mobilität")
    assert page.evaluate("window.__searchAnswers") == ["Mobilität"]
    listed = page.locator(".md-search-result__item").count()
    assert 0 < len(set(fragments)) <= listed, (len(set(fragments)), listed)


def test_escape_from_a_result_leaves_no_focus_on_hidden_links(
    page_registry, context, base_url
) -> None:
    page = open_home(page_registry, context, base_url)
    search_results(page, "Kassel")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.md-search-result__list') !== null")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked(), "Escape did not close the search"
    assert page.evaluate("document.activeElement.closest('.md-search-result__list') === null")
    assert page.evaluate("document.activeElement.name") == "query", "focus fell to the page"
    after_field = tab_goes_on_after_the_field(page)
    assert after_field, "after Escape from a result, Tab did not go on after the search field"
    assert page.evaluate("!document.activeElement.closest('.md-search')"), (
        "Tab went into the closed dialog"
    )


def test_on_a_phone_escape_returns_focus_to_the_search_button(
    page_registry, context, base_url
) -> None:
    page = open_home(page_registry, context, base_url)
    page.set_viewport_size({"width": 375, "height": 740})
    button = page.get_by_role("button", name="Suche")
    button.focus()
    page.keyboard.press("Enter")
    field = page.locator("input[name='query']").first
    page.wait_for_function("document.activeElement.name === 'query'")
    field.press_sequentially("Kassel")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked(), "Escape did not close the search"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Suche", (
        page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    )
    assert button.get_attribute("aria-expanded") == "false"


FAILED_SEARCH = "Die Suche ist gerade nicht erreichbar"


@pytest.mark.parametrize(
    "lost",
    ["**/search/pagefind/**", "**/search/pagefind/index/**"],
    ids=["pagefind itself", "the word's index chunk"],
)
def test_a_search_the_line_dropped_says_so_and_the_next_one_works(
    lost, page_registry, context, base_url
) -> None:
    """A citizen on a failing line must not read "no results"; once it works again, search does."""
    context.route(lost, lambda route: route.abort("internetdisconnected"))
    page = open_home(page_registry, context, base_url)
    search_results(page, "Mobilität")
    meta = page.locator(".md-search-result__meta")
    assert FAILED_SEARCH in meta.inner_text(), meta.inner_text()
    assert page.locator(".md-search-result__item").count() == 0
    context.unroute(lost)
    found = search_results(page, "Mobilität")
    assert "/strategie/mobilitaet/" in found, (found, meta.inner_text())
    assert FAILED_SEARCH not in meta.inner_text()


def test_a_search_worker_that_did_not_load_says_so_and_loads_on_the_next_try(
    page_registry, context, base_url
) -> None:
    lost = "**/assets/sk/workers/search.js"
    context.route(lost, lambda route: route.abort("internetdisconnected"))
    page = open_home(page_registry, context, base_url)
    page.locator("input[name='query']").first.click()
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text=FAILED_SEARCH).wait_for(timeout=10_000)
    assert page.get_by_role("status").filter(has_text=FAILED_SEARCH).count() == 1
    context.unroute(lost)
    found = search_results(page, "Mobilität")
    assert "/strategie/mobilitaet/" in found, (found, meta.inner_text())
