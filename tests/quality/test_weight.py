"""A first visit stays light: the front page within 90 KB compressed (its hero picture included),
article and video pages within 60 KB, at a phone's and a desktop's width; no search index before
search. Lazy pictures below the fold count only when the browser actually loads them."""

from __future__ import annotations

import re

import pytest

from site_src.quality.weight import measure, over_budget

pytestmark = pytest.mark.browser

BUDGET_BYTES = 60 * 1024
# The front page shows a hero picture, news cards with pictures and a video poster.
HOME_BUDGET_BYTES = 90 * 1024
BUDGETS = {
    "home": HOME_BUDGET_BYTES,
    "article": BUDGET_BYTES,
    "strategy": BUDGET_BYTES,
    "evening": BUDGET_BYTES,
    "recording": BUDGET_BYTES,
}
# Requests that belong to the search, which a first visit must not make.
SEARCH_REQUESTS = re.compile(r"search_index\.json|/workers/search|/lunr|pagefind|bundle\.[0-9a-f]+")


def first_visit(page_type, context, base_url, width: int = 1280):
    """Load a page in a fresh profile and return its own-host responses once the network is idle."""
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = page_type.open(context, base_url, width)
    page.wait_for_load_state("networkidle")
    own = [r for r in responses if r.url.startswith(base_url) and r.status < 300]
    return page, [measure(r.url.removeprefix(base_url), r.body()) for r in own]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", list(BUDGETS))
def test_first_visit_stays_within_budget(name, width, page_registry, context, base_url) -> None:
    page_type = page_registry[name]
    assert not isinstance(page_type, str), f"page type {name!r} is missing: {page_type}"
    _page, resources = first_visit(page_type, context, base_url, width)
    where = f"{name} ({page_type.path}) at {width}px"
    problems = over_budget(where, resources, BUDGETS[name])
    assert not problems, "\n".join(problems)


def test_search_index_loads_only_when_the_visitor_opens_search(
    page_registry, context, base_url, open_search
) -> None:
    article = page_registry["article"]
    assert not isinstance(article, str), f"page type 'article' is missing: {article}"
    page, resources = first_visit(article, context, base_url)
    early = [r.url for r in resources if SEARCH_REQUESTS.search(r.url)]
    assert not early, "search loaded before the visitor asked:\n" + "\n".join(early)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_search(page, "Kassel")
    assert any("/search/pagefind/" in url for url in requested), "opening search loaded no index"
