"""The benchmark's article generator must produce posts our build accepts, the same every time."""

from __future__ import annotations

import re

from bench.articles import generate
from site_src.frontmatter import parse
from site_src.schema import NEWS, check
from site_src.settings import SiteSettings

_LINK = re.compile(r"\]\(([^)]+)\)")


def test_generated_front_matter_passes_our_news_schema():
    settings = SiteSettings()
    for article in generate(60, categories=list(settings.categories)):
        fm = parse(article.text, f"content/aktuelles/posts/{article.filename}")
        assert check(fm, NEWS, settings) == []
        assert fm.meta["slug"] == article.slug
        assert fm.meta["date"] == article.date


def test_same_seed_gives_the_same_site_and_another_seed_a_different_one():
    assert generate(20, seed=7) == generate(20, seed=7)
    assert generate(20, seed=7) != generate(20, seed=8)


def test_articles_are_realistic_length_with_headings_lists_and_links():
    posts = generate(200)
    names = {post.filename for post in posts}
    for post in posts:
        body = post.text.split("---", 2)[2]
        assert 300 <= len(body.split()) <= 800
        assert "\n## " in body and "\n- " in body
    targets = [target for post in posts for target in _LINK.findall(post.text)]
    internal = [target for target in targets if "://" not in target]
    assert internal and all(target in names for target in internal)
    assert len({post.slug for post in posts}) == len(posts)
