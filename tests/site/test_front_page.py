"""The home page is a front page built from content/index.md's front matter, and articles end
with other articles to read: what a visitor sees, and what an editor is told when it is wrong."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

import site_src.mkdocs_adapter  # noqa: F401  (registers the checks `build.py check` runs)
from site_src.content import Content
from site_src.home import blocks
from site_src.settings import SiteSettings
from site_src.validate import validate_content

REPO = Path(__file__).resolve().parents[2]
HOME = "content/index.md"
QUIZ_OPEN = "2021-06-20T12:00:00+02:00"
QUIZ_OVER = "2026-01-15"


def test_hero_is_the_one_heading_with_an_eager_picture_of_known_size(site):
    home = site.page("/")
    assert [h1.text() for h1 in home.css("h1")] == ["Kassel wird smart"]
    hero = home.css_first(".sk-hero")
    assert "32 Modellprojekten Smart City" in hero.css_first(".sk-hero__lead").text()
    img = hero.css_first("img")
    assert img.attributes["width"] == "1200" and img.attributes["height"] == "675"
    assert img.attributes.get("fetchpriority") == "high" and "loading" not in img.attributes
    assert img.attributes["alt"].startswith("Gezeichnete Illustration")
    assert (site.root / img.attributes["src"]).is_file()


def test_three_fields_are_tiles_with_icon_sentence_and_link(site):
    tiles = site.page("/").css(".sk-tile")
    names = [tile.css_first(".sk-tile__link").text() for tile in tiles]
    assert names == ["Mobilität", "Leben & Wohnen", "Energie & Umwelt"]
    for tile in tiles:
        assert tile.css_first("svg").attributes.get("aria-hidden") == "true"
        assert tile.css_first(".sk-tile__text").text().endswith(".")
        target = site.page("/" + tile.css_first("a").attributes["href"])
        assert target.css_first("h1").text().endswith(tile.css_first("a").text())


def test_news_cards_carry_lazy_teaser_pictures_of_known_size(site):
    cards = site.page("/").css(".sk-latest .sk-card")
    assert len(cards) == 3
    for card in cards:
        img = card.css_first("img")
        assert img.attributes["loading"] == "lazy"
        assert img.attributes["alt"] == "", "the title beside it names the article"
        assert int(img.attributes["width"]) > 0 and int(img.attributes["height"]) > 0


def test_home_shows_next_dates_and_the_video_teaser(site):
    home = site.page("/")
    assert len(home.css(".sk-next-events .sk-event")) >= 1
    teaser = home.css_first(".sk-video-teaser")
    assert teaser.css_first("h2").text() == "Videos zum Auftakt"
    link = teaser.css_first("a").attributes["href"]
    assert link == "videos/smart-kassel-night-2021/"
    assert (site.root / link / "index.html").is_file()
    assert teaser.css_first("img").attributes["loading"] == "lazy"


def _front_page(monkeypatch, content: Path, **environ: str):
    for name in ("SITE_AS_OF", "FORMS_PREVIEW_NOW"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    found, errors = validate_content(content, SiteSettings())
    assert errors == []
    return found


def _markdown(found: Content) -> str:
    body = found.pages["index.md"].body
    return blocks.page_markdown("index.md", body, {}, found, SiteSettings())


def test_mitmachen_offers_the_quiz_while_its_form_is_open(monkeypatch):
    found = _front_page(monkeypatch, REPO / "content", FORMS_PREVIEW_NOW=QUIZ_OPEN)
    html = _markdown(found)
    call = html[html.index('class="sk-call"') :]
    assert 'href="mitmachen/quiz/">Zum Quiz</a>' in call
    assert "Einsendeschluss: Freitag, 25. Juni 2021, 23:59 Uhr" in call
    assert 'href="kontakt/">Schreiben Sie uns</a>' in call


def test_mitmachen_points_to_contact_once_the_quiz_is_over(monkeypatch):
    found = _front_page(monkeypatch, REPO / "content", SITE_AS_OF=QUIZ_OVER)
    html = _markdown(found)
    call = html[html.index('class="sk-call"') :]
    assert "Quiz" not in call
    assert 'class="sk-button" href="kontakt/">Schreiben Sie uns</a>' in call


@pytest.fixture
def home_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    return copy


def _edit(content: Path, old: str, new: str) -> list[int]:
    """Replace text in the copy's index.md; return the lines the new text stands on."""
    path = content / "index.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    start = text[: text.index(new)].count("\n") + 1
    return list(range(start, start + new.count("\n") + 1))


def _errors(content: Path) -> list[str]:
    return [str(error) for error in validate_content(content, SiteSettings())[1]]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    icon: blatt",
            "    icon: baum",
            "tiles[3].icon: 'baum' gibt es nicht; erlaubt sind: bus, haus, blatt, sprechblase, "
            "kalender",
        ),
        (
            "    link: strategie/leben-wohnen.md",
            "    link: strategie/wohnen.md",
            "tiles[2].link: 'strategie/wohnen.md' nicht gefunden (Pfade gelten relativ zu "
            "dieser Datei, z. B. strategie/mobilitaet.md)",
        ),
        (
            "    link: strategie/mobilitaet.md",
            "    link: https://example.org/",
            "tiles[1].link: 'https://example.org/' muss eine Seite im Ordner content/ sein",
        ),
        (
            "  title: Kassel wird smart",
            "  titel: Kassel wird smart",
            "hero.titel: unbekannter Schlüssel; erlaubt sind title, text, image, image_alt, "
            "link, link_text (Schreibweise prüfen)",
        ),
        (
            "  image: bilder/startseite.png",
            "  image: bilder/fehlt.png",
            "hero.image: Datei 'bilder/fehlt.png' nicht gefunden (Pfade gelten relativ zu "
            "content/)",
        ),
        (
            "  quiz: smart-kassel-quiz",
            "  quiz: kontakt",
            "mitmachen.quiz: 'kontakt' ist kein Quiz in content/forms/; vorhandene Quizze: "
            "smart-kassel-quiz",
        ),
        (
            "  evening: smart-kassel-night-2021",
            "  evening: smart-kassel-night-2030",
            "video.evening: 'smart-kassel-night-2030' ist kein Abend mit Videos",
        ),
        (
            "    text: Nachbarschaft, Teilhabe und gute Dienste für alle, die in Kassel leben.",
            "    text: " + "Sehr lang. " * 20,
            "tiles[2].text: ist 219 Zeichen lang, höchstens 160 passen; kürzen Sie den Text",
        ),
        (
            "## Die drei Handlungsfelder",
            "# Willkommen",
            "Überschrift: die Überschrift der Seite ist hero.title",
        ),
    ],
)
def test_editor_mistakes_on_the_home_page_name_file_line_and_field(home_copy, old, new, expected):
    lines = _edit(home_copy, old, new)
    errors = _errors(home_copy)
    shown = [e for e in errors if e.startswith(HOME)]
    assert any(e.startswith(f"{HOME}:{lines[0]}: {expected}") for e in shown), errors


def test_hostile_values_are_refused_not_rendered(home_copy):
    _edit(home_copy, "  link: kontakt.md", "  link: ../../etc/passwd.md")
    _edit(home_copy, "tiles:\n", "tiles: <script>alert(1)</script>\nkacheln:\n")
    errors = _errors(home_copy)
    assert any(": mitmachen.link: '../../etc/passwd.md' nicht gefunden" in e for e in errors)
    assert any(": tiles: muss eine Liste mit 1 bis 6 Kacheln sein" in e for e in errors)
    assert any(": kacheln: unbekannter Schlüssel" in e for e in errors)


def test_text_from_front_matter_is_escaped(home_copy, monkeypatch):
    _edit(home_copy, "  title: Kassel wird smart", '  title: "Kassel <b>wird</b> smart"')
    found = _front_page(monkeypatch, home_copy)
    html = _markdown(found)
    assert "Kassel &lt;b&gt;wird&lt;/b&gt; smart" in html and "<b>" not in html


def test_check_prints_every_front_page_error_at_once(run_build, content_copy):
    icon = _edit(content_copy, "    icon: bus", "    icon: auto")[0]
    quiz = _edit(content_copy, "  quiz_link: mitmachen/quiz.md", "  quiz_link: quiz.md")[0]
    result = run_build("check")
    assert result.code == 1
    assert f"{HOME}:{icon}: tiles[1].icon: 'auto' gibt es nicht" in result.stderr
    assert f"{HOME}:{quiz}: mitmachen.quiz_link: 'quiz.md' nicht gefunden" in result.stderr


def test_article_shows_date_topics_as_links_reading_time_and_picture(site):
    article = site.page("/aktuelles/2021/06/24/zukunftsbilder-aus-den-workshops/")
    meta = article.css_first(".sk-post-meta")
    assert "24. Juni 2021" in meta.text() and "Lesezeit" in meta.text()
    topics = {a.text(): a.attributes["href"] for a in meta.css("a")}
    assert topics == {
        "Mobilität": "../../../../kategorie/mobilitaet/",
        "Energie & Umwelt": "../../../../kategorie/energie-umwelt/",
    }
    assert article.css_first(".sk-hero-image img").attributes["width"] == "1200"


def test_article_ends_with_other_articles_sharing_a_topic_first(site):
    url = "/aktuelles/2021/06/24/zukunftsbilder-aus-den-workshops/"
    more = site.page(url).css_first(".sk-more-news")
    assert more.css_first("h2").text() == "Weitere Meldungen"
    cards = more.css(".sk-card")
    assert len(cards) == 3
    titles = [card.css_first(".sk-card__title a").text() for card in cards]
    assert "Zukunftsbilder aus den Workshops" not in titles
    topics = [card.css_first(".sk-meta").text() for card in cards]
    shares = [bool(re.search("Mobilität|Energie & Umwelt", text)) for text in topics]
    assert shares == sorted(shares, reverse=True), "articles sharing a topic come first"
    for card in cards:
        link = card.css_first(".sk-card__title a").attributes["href"]
        assert site.page(url + link).css_first("h1") is not None


def test_front_page_and_article_styles_load_only_on_their_pages(site):
    def styles(url: str) -> set[str]:
        links = site.page(url).css("link[rel='stylesheet']")
        return {link.attributes["href"].rsplit("/", 1)[-1] for link in links}

    article = "/aktuelles/2021/06/24/zukunftsbilder-aus-den-workshops/"
    assert {"home.css", "articles.css"} <= styles("/")
    assert "articles.css" in styles(article) and "home.css" not in styles(article)
    assert not {"home.css", "articles.css"} & styles("/videos/")
    assert (site.root / "assets/sk/css/home.css").is_file()


def test_more_news_choose_among_nearby_articles_only():
    from site_src.listings import MORE_WINDOW, more_posts
    from site_src.news import Post

    def post(number: int, categories: tuple[str, ...]) -> Post:
        day = dt.date(2021, 1, 1) + dt.timedelta(days=1000 - number)
        return Post(f"p{number}.md", f"Meldung {number}", day, f"m{number}", "", categories, 1)

    posts = [post(n, ("Förderung",) if n in (0, 400) else ("Mobilität",)) for n in range(500)]
    chosen = more_posts(posts[0], posts, 0)
    assert [p.src for p in chosen] == ["p1.md", "p2.md", "p3.md"], "far-off topic twin skipped"
    middle = more_posts(posts[250], posts, 250)
    assert {p.src for p in middle} == {"p249.md", "p251.md", "p248.md"}
    assert all(abs(int(p.src[1:-3]) - 250) <= MORE_WINDOW for p in middle)
