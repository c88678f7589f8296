"""The warm build: an unchanged site is restored from the last build, never a stale one."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_src import build_cache, time_horizon
from site_src.clock import BERLIN
from site_src.mkdocs_adapter import Built
from site_src.termine.model import agenda

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "aktuelles/posts/2021-06-18-kassel-wird-smart.md"


def _build(content: Path, site: Path, cache: Path, *extra: str, env: dict | None = None):
    command = [sys.executable, str(REPO / "build.py"), "--content", str(content)]
    command += ["--site", str(site), "--cache-dir", str(cache), *extra]
    environ = {k: v for k, v in os.environ.items() if k not in ("SITE_AS_OF", "FORMS_PREVIEW_NOW")}
    environ.update(env or {})
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=REPO, timeout=300, env=environ
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _stamps(root: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> tuple[Path, Path]:
    """The content and a build of it that used no cache at all."""
    folder = tmp_path_factory.mktemp("cold")
    content = folder / "content"
    subprocess.run(["cp", "-r", str(REPO / "content"), str(content)], check=True)
    _build(content, folder / "site", folder / "unused", "--no-cache")
    return content, folder / "site"


def test_unchanged_site_is_restored_byte_for_byte_and_touches_nothing(cold, tmp_path):
    content, reference = cold
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert "Website gebaut" in _build(content, site, cache)
    before = _stamps(site)
    second = _build(content, site, cache)
    assert "Website unverändert" in second
    assert _tree(site) == _tree(reference)
    assert _stamps(site) == before  # not one file rewritten


def test_damaged_site_is_repaired_from_the_cache(cold, tmp_path):
    content, reference = cold
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(content, site, cache)
    (site / "index.html").write_text("kaputt", encoding="utf-8")
    (site / "impressum" / "index.html").unlink()
    (site / "stray.html").write_text("nicht aus dem Bau", encoding="utf-8")
    assert "Website unverändert" in _build(content, site, cache)
    assert _tree(site) == _tree(reference)


def test_damaged_cache_falls_back_to_a_full_build(cold, tmp_path):
    content, reference = cold
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(content, site, cache)
    (entry,) = [p for p in cache.iterdir() if p.is_dir()]
    (entry / "site" / "index.html").write_text("kaputt", encoding="utf-8")
    (site / "index.html").write_text("auch kaputt", encoding="utf-8")
    assert "Website gebaut" in _build(content, site, cache)
    assert _tree(site) == _tree(reference)


def test_an_edited_article_is_built_again_not_restored(cold, tmp_path):
    content, _reference = cold
    site, cache = tmp_path / "site", tmp_path / "cache"
    edited = tmp_path / "content"
    subprocess.run(["cp", "-r", str(content), str(edited)], check=True)
    _build(edited, site, cache)
    article = edited / ARTICLE
    text = article.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1)
    article.write_text(text.replace(title, "Geänderter Titel im Test", 1), encoding="utf-8")
    assert "Website gebaut" in _build(edited, site, cache)
    assert "Geänderter Titel im Test" in (site / "aktuelles" / "index.html").read_text("utf-8")


def test_a_changed_site_address_is_built_again(cold, tmp_path):
    content, _reference = cold
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(content, site, cache)
    _build(content, site, cache, env={"SITE_URL": "https://beispiel.kassel.de/"})
    assert "https://beispiel.kassel.de/" in (site / "index.html").read_text("utf-8")


# The key: every input class changes it; a fixed clock means no key at all.


@pytest.fixture
def inputs(tmp_path, monkeypatch) -> dict[str, Path]:
    content = tmp_path / "content"
    (content / "aktuelles").mkdir(parents=True)
    (content / "aktuelles" / "a.md").write_text("---\ntitle: A\n---\nText\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: !ENV [SITE_URL, 'https://x/']\ndocs_dir: content\n", "utf-8")
    code = tmp_path / "code"
    (code / "templates").mkdir(parents=True)
    (code / "templates" / "page.html").write_text("<main>{{ page }}</main>", encoding="utf-8")
    (code / "render.py").write_text("STYLE = 1\n", encoding="utf-8")
    monkeypatch.setattr(build_cache, "CODE_PACKAGES", (code,))
    for name in ("SITE_AS_OF", "FORMS_PREVIEW_NOW", "SITE_URL", "CMS_BRANCH", "FORMS_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return {"content": content, "config": config, "code": code}


def _key(inputs, environ=None):
    return build_cache.input_key(inputs["config"], inputs["content"], environ or {})


@pytest.mark.parametrize(
    "change",
    [
        lambda i: (i["content"] / "aktuelles" / "a.md").write_text("---\ntitle: B\n---\nText\n"),
        lambda i: (i["content"] / "aktuelles" / "neu.md").write_text("---\ntitle: N\n---\n"),
        lambda i: (i["content"] / "aktuelles" / "a.md").rename(i["content"] / "aktuelles/b.md"),
        lambda i: i["config"].write_text(i["config"].read_text() + "site_name: Anders\n"),
        lambda i: (i["code"] / "templates" / "page.html").write_text("<main>{{ x }}</main>"),
        lambda i: (i["code"] / "render.py").write_text("STYLE = 2\n"),
    ],
    ids=["article edited", "article added", "article renamed", "config", "template", "code"],
)
def test_every_input_changes_the_key(inputs, change):
    before = _key(inputs)
    change(inputs)
    assert _key(inputs) != before


@pytest.mark.parametrize(
    "variable", ["SITE_URL", "CMS_BRANCH", "FORMS_API_URL", "REVIEW_BRANCH", "SOURCE_DATE_EPOCH"]
)
def test_variables_the_build_reads_change_the_key(inputs, variable):
    assert _key(inputs, {variable: "eins"}) != _key(inputs, {variable: "zwei"})
    assert _key(inputs, {"UNRELATED": "eins"}) == _key(inputs, {"UNRELATED": "zwei"})


def test_an_article_in_a_linked_folder_changes_the_key(inputs, tmp_path):
    # mkdocs publishes what a symbolic link in content/ leads to, so an edit there must count.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.md").write_text("---\ntitle: B\n---\nalt\n", encoding="utf-8")
    (inputs["content"] / "linked").symlink_to(elsewhere, target_is_directory=True)
    before = _key(inputs)
    (elsewhere / "b.md").write_text("---\ntitle: B\n---\nneu\n", encoding="utf-8")
    assert _key(inputs) != before


@pytest.mark.parametrize("variable", ["SITE_AS_OF", "FORMS_PREVIEW_NOW"])
def test_a_fixed_clock_is_never_reused(inputs, variable):
    # Preview pages carry the real time they were built at; the browser's clock runs from it.
    assert _key(inputs, {variable: "2021-06-20T12:00:00+02:00"}) is None


# The horizon: a restored build is never older than the moment it would change by itself.


def _stored(tmp_path, valid_until: dt.datetime) -> tuple[Path, Path, dt.datetime]:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "index.html").write_text("<p>Quiz offen</p>", encoding="utf-8")
    started = valid_until - dt.timedelta(hours=1)
    build_cache.store(site, "k" * 64, cache, Built(1, 0, started, valid_until))
    return site, cache, started


def test_output_is_reused_only_until_it_would_change(tmp_path):
    closes = dt.datetime(2021, 6, 25, 23, 59, 59, tzinfo=BERLIN)
    site, cache, started = _stored(tmp_path, closes)
    assert build_cache.restore(site, "k" * 64, cache, closes - dt.timedelta(seconds=1))
    assert build_cache.restore(site, "k" * 64, cache, closes) is None
    assert build_cache.restore(site, "k" * 64, cache, started - dt.timedelta(minutes=1)) is None


def _event(slug: str, start: dt.datetime, end: dt.datetime, weekly: bool = False):
    from site_src.termine.model import Event

    return Event(
        src=f"termine/{slug}.md",
        slug=slug,
        title=slug,
        description="",
        start=start,
        end=end,
        weekly=weekly,
    )


def _form(opens=None, closes=None, event_start=None):
    from types import SimpleNamespace

    event = SimpleNamespace(start=event_start) if event_start else None
    return SimpleNamespace(opens=opens, closes=closes, event=event)


NOW = dt.datetime(2021, 6, 20, 12, 0, tzinfo=BERLIN)


def test_horizon_is_midnight_in_kassel_when_nothing_else_changes():
    assert time_horizon.valid_until(NOW, None, []) == dt.datetime(2021, 6, 21, tzinfo=BERLIN)


def test_horizon_is_midnight_in_utc_when_it_comes_first():
    # The sitemap's lastmod is mkdocs' UTC day: at 00:30 in Kassel UTC's midnight is still ahead.
    after_midnight = dt.datetime(2021, 12, 20, 0, 30, tzinfo=BERLIN)
    horizon = time_horizon.valid_until(after_midnight, None, [])
    assert horizon == dt.datetime(2021, 12, 20, tzinfo=dt.UTC)


def test_horizon_is_the_next_form_deadline():
    closes = dt.datetime(2021, 6, 20, 18, 0, tzinfo=BERLIN)
    forms = [_form(opens=NOW - dt.timedelta(days=2), closes=closes), _form()]
    assert time_horizon.valid_until(NOW, None, forms) == closes


def test_horizon_is_the_end_of_a_date_under_way_and_the_start_of_the_next():
    running = _event("laeuft", NOW - dt.timedelta(hours=1), NOW + dt.timedelta(hours=2))
    later = _event("spaeter", NOW + dt.timedelta(hours=1), NOW + dt.timedelta(hours=3))
    over = _event("vorbei", NOW - dt.timedelta(days=3), NOW - dt.timedelta(days=3, hours=-1))
    found = time_horizon.valid_until(NOW, agenda([running, later, over], NOW), [])
    assert found == NOW + dt.timedelta(hours=1)


def test_horizon_of_a_weekly_date_is_its_next_occurrence():
    first = dt.datetime(2021, 6, 14, 17, 0, tzinfo=BERLIN)  # a Monday
    chat = _event("chat", first, first + dt.timedelta(hours=1), weekly=True)
    monday_morning = dt.datetime(2021, 6, 21, 10, 0, tzinfo=BERLIN)
    found = time_horizon.valid_until(monday_morning, agenda([chat], monday_morning), [])
    assert found == dt.datetime(2021, 6, 21, 17, 0, tzinfo=BERLIN)
    during = monday_morning + dt.timedelta(hours=7, minutes=30)
    found = time_horizon.valid_until(during, agenda([chat], during), [])
    assert found == dt.datetime(2021, 6, 21, 18, 0, tzinfo=BERLIN)


CLOCK_USERS = re.compile(r"\b(build_clock|build_moment)\(\)|\bberlin_today\b|\.now\(")


def test_every_use_of_the_clock_is_covered_by_the_horizon():
    """A new use of the build clock must be added to time_horizon (and then to this list)."""
    known = {
        "site_src/clock.py",  # the clock itself
        # form states: opens, closes, a registration's start; the preview's real build time,
        # which is why a build on a fixed clock is never reused
        "site_src/form_pages.py",
        "site_src/embed.py",  # the same form sections
        "site_src/termine/step.py",  # upcoming dates: each date's next start and end
        "site_src/termine/registration.py",  # registration forms: as form_pages
        "site_src/home/step.py",  # the quiz offered while its form is open
        "site_src/mkdocs_adapter.py",  # today: midnight; the build's start moment
        "site_src/settings.py",  # today: midnight
        "site_src/scaffold.py",  # `new news`, not the build
        "site_src/pipeline.py",  # whether a stored build still holds
        "site_src/opendata/documents.py",  # the agenda's moment, a day stamp
    }
    users = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "site_src").rglob("*.py")
        if "quality" not in path.parts and CLOCK_USERS.search(path.read_text(encoding="utf-8"))
    }
    assert users <= known, f"new users of the clock: {sorted(users - known)}"


def test_the_key_reads_the_variables_the_build_reads():
    from site_src import clock, form_pages, review

    for name in (form_pages.API_VARIABLE, clock.AS_OF_VARIABLE, review.REVIEW_VARIABLE):
        assert name in build_cache.READ_VARIABLES
    assert build_cache.FORMS_PREVIEW_VARIABLE == clock.FORMS_PREVIEW_VARIABLE
