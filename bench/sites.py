"""Lay out the three sites the build benchmark compares, each with the same generated articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bench import events as event_files
from bench.articles import Article, write
from bench.measure import REPO

NEWS_POSTS = Path("aktuelles/posts")
EVENTS = Path("termine")
_THEME = {"name": "material", "language": "de", "font": False}
_SEARCH = {"search": {"lang": "de"}}


def our_site(root: Path, articles: list[Article], events: tuple = (), repo: Path = REPO) -> Path:
    """Copy the real project (build.py, mkdocs.yml, content/); add articles as news, and dates.

    `repo` is this checkout, or another version of the code to compare with."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("build.py", "mkdocs.yml"):
        shutil.copy2(repo / name, root / name)
    shutil.copytree(repo / "content", root / "content")
    (root / "site_src").symlink_to(repo / "site_src", target_is_directory=True)
    write(articles, root / "content" / NEWS_POSTS)
    event_files.write(list(events), root / "content" / EVENTS, root / "content" / "forms")
    return root


def plain_site(root: Path, articles: list[Article], events: tuple = ()) -> Path:
    """The reference: the same Markdown as ordinary pages with mkdocs-material and search only."""
    docs = root / "docs"
    write(articles, docs / NEWS_POSTS)
    event_files.write(list(events), docs / EVENTS)
    (docs / "index.md").write_text("# Smart Kassel\n\nStartseite.\n", encoding="utf-8")
    _write_config(root, {"plugins": [_SEARCH], "nav": ["index.md"]})
    return root


def blog_site(
    root: Path, articles: list[Article], categories: list[str], events: tuple = ()
) -> Path:
    """mkdocs-material with its blog plugin: posts in blog/posts, index, archive, categories."""
    docs = root / "docs"
    write(articles, docs / "blog" / "posts")
    event_files.write(list(events), docs / EVENTS)
    (docs / "index.md").write_text("# Smart Kassel\n\nStartseite.\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Aktuelles\n", encoding="utf-8")
    blog = {"blog": {"blog_dir": "blog", "categories_allowed": categories}}
    _write_config(root, {"plugins": [_SEARCH, blog], "nav": ["index.md", "blog/index.md"]})
    return root


def _write_config(root: Path, extra: dict) -> None:
    config = {"site_name": "Smart Kassel", "site_url": "https://smart.kassel.de/", "theme": _THEME}
    config.update(extra)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
