"""The forms as built into the static pages: accessible markup, no answers, the right assets."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from forms.definitions import load_all
from site_src import form_pages
from site_src.content import Content
from site_src.frontmatter import parse
from site_src.settings import SiteSettings

from .conftest import REPO

DEFINITIONS = load_all(REPO / "content" / "forms")
QUIZ = DEFINITIONS["smart-kassel-quiz"]
OPEN = datetime.fromisoformat("2021-06-20T12:00:00+02:00")


def _page(site: Path, path: str) -> HTMLParser:
    return HTMLParser((site / path / "index.html").read_text(encoding="utf-8"))


def test_answers_are_never_published(site):
    published = list(site.rglob("*.yml"))
    assert published == [site / "admin" / "config.yml"], "form definitions must stay out of site/"
    assert "answer" not in published[0].read_text(encoding="utf-8"), "the CMS's config has none"
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".js", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r"""\banswer["']?\s*[:=]""", text), path
    # Every option of a question is rendered alike: nothing tells the right one apart.
    page = _page(site, "mitmachen/quiz")
    for question in QUIZ.questions:
        for option in page.css(f"input[name='{question.id}']"):
            assert set(option.attributes) == {"class", "id", "name", "type", "value"}


def test_rendered_quiz_does_not_depend_on_its_answers():
    rotated = tuple(
        dataclasses.replace(q, answer=next(o.value for o in q.options if o.value != q.answer))
        for q in QUIZ.questions
    )
    other = dataclasses.replace(QUIZ, questions=rotated)
    fixed = datetime.fromisoformat("2026-01-01T00:00:00+00:00")
    render = form_pages.render_section
    assert render(QUIZ, OPEN, built_at=fixed) == render(other, OPEN, built_at=fixed)


def test_quiz_page_shows_questions_deadline_prizes_and_conditions(site):
    page = _page(site, "mitmachen/quiz")
    text = page.body.text()
    legends = [legend.text(strip=True) for legend in page.css("form fieldset > legend")]
    for number, question in enumerate(QUIZ.questions, start=1):
        assert f"Frage {number}: {question.text}" in legends
    assert "Sie können bis Freitag, 25. Juni 2021, 23:59 Uhr teilnehmen." in " ".join(text.split())
    for prize in QUIZ.prizes:
        assert prize.label in [item.text(strip=True) for item in page.css("li")]
    headings = [heading.text(strip=True) for heading in page.css("h2, h3")]
    for heading in ["Teilnahmebedingungen", "Einsendeschluss", "Was mit Ihren Daten geschieht"]:
        assert heading in headings
    links = [link.attributes.get("href", "") for link in page.css("article a")]
    assert any(re.match(r"^(\.\./)+datenschutz/(#.*)?$", href) for href in links), links
    assert "Vorschau:" in text, "a build under FORMS_PREVIEW_NOW says it is a preview"


@pytest.mark.parametrize(("path", "form_id"), [("kontakt", "kontakt"), ("mitmachen/quiz", QUIZ.id)])
def test_form_markup_follows_the_accessible_pattern(site, path, form_id):
    page = _page(site, path)
    form = page.css_first(f"form[data-sk-form='{form_id}']")
    assert form.attributes["action"] == f"/api/forms/{form_id}"
    assert form.attributes["method"] == "post"
    assert "novalidate" in form.attributes
    ids = {node.attributes["id"] for node in page.css("[id]")}
    for control in form.css("input, textarea"):
        if control.attributes["name"] == "website" or control.attributes.get("type") == "hidden":
            continue
        labels = page.css(f"label[for='{control.attributes['id']}']")
        assert len(labels) == 1, f"{control.attributes['id']} needs exactly one label"
    for node in form.css("[aria-describedby]"):
        for described in node.attributes["aria-describedby"].split():
            assert described in ids and described.endswith("-hint")
    for fieldset in form.css("fieldset"):
        assert fieldset.css_first("legend").text(strip=True)
    definition = DEFINITIONS[form_id]
    for field in definition.fields:
        control = form.css_first(f"#{form_id}-{field.name}")
        if field.type == "choice":
            label = control.parent.parent.css_first("legend")
        else:
            label = page.css_first(f"label[for='{form_id}-{field.name}']")
        assert label.text(strip=True).endswith("(optional)") is (not field.required), field.name
        if field.autocomplete:
            assert control.attributes["autocomplete"] == field.autocomplete
        if field.inputmode:
            assert control.attributes["inputmode"] == field.inputmode


@pytest.mark.parametrize("path", ["kontakt", "mitmachen/quiz"])
def test_honeypot_is_hidden_from_people_keyboards_and_screen_readers(site, path):
    page = _page(site, path)
    honeypot = page.css_first("input[name='website']")
    assert honeypot.attributes["tabindex"] == "-1"
    assert honeypot.attributes["autocomplete"] == "off"
    assert honeypot.attributes["type"] == "text", "bots skip type=hidden; CSS hides it instead"
    wrapper = honeypot.parent
    assert wrapper.attributes["aria-hidden"] == "true"
    assert "sk-honeypot" in wrapper.attributes["class"]
    css = (site / "assets" / "sk" / "forms.css").read_text(encoding="utf-8")
    assert re.search(r"\.sk-honeypot\s*\{[^}]*left:\s*-10000px", css)


def test_form_script_loads_only_on_pages_with_a_form(site):
    with_form = {"kontakt", "mitmachen/quiz", "mitmachen/buergerrat/interesse"}
    for index in site.rglob("index.html"):
        folder = index.parent.relative_to(site).as_posix()
        scripts = [
            s.attributes.get("src") or "" for s in HTMLParser(index.read_text()).css("script")
        ]
        loads = any(src.endswith("assets/sk/js/forms.js") for src in scripts)
        assert loads is (folder in with_form), folder
        assert not any(src.endswith("form-answers.js") for src in scripts), "forms.js imports it"
    for script in ["js/forms.js", "js/form-answers.js", "workers/altcha.js"]:
        assert (site / "assets" / "sk" / script).is_file(), script
    assert (site / "assets" / "sk" / "forms.css").is_file(), "the service's pages link it"


def test_closed_and_not_yet_open_states_render_no_usable_form():
    after = datetime.fromisoformat("2021-06-26T00:00:00+02:00")
    closed = HTMLParser(form_pages.render_section(QUIZ, after))
    assert closed.css_first("form") is None
    assert "hidden" not in closed.css_first("[data-sk-form-ended]").attributes
    assert closed.css_first("script") is None
    before = datetime.fromisoformat("2021-06-17T12:00:00+02:00")
    early = HTMLParser(form_pages.render_section(QUIZ, before))
    assert "hidden" in early.css_first("[data-sk-form-body]").attributes
    assert "hidden" not in early.css_first("[data-sk-form-not-yet]").attributes
    live = HTMLParser(form_pages.render_section(QUIZ, OPEN))
    assert "hidden" not in live.css_first("[data-sk-form-body]").attributes
    assert live.css_first("[data-sk-preview-now]") is None, "a real build is no preview"


def test_page_naming_an_unknown_form_is_a_content_error(tmp_path):
    (tmp_path / "forms").mkdir()
    for definition in (REPO / "content" / "forms").glob("*.yml"):
        (tmp_path / "forms" / definition.name).write_text(definition.read_text())
    source = "---\ntitle: Umfrage\nform: umfrage\n---\n\n# Umfrage\n"
    content = Content(root=tmp_path, pages={"umfrage.md": parse(source, "content/umfrage.md")})
    errors = form_pages.check_forms(content, SiteSettings())
    assert [str(error) for error in errors] == [
        "content/umfrage.md:3: form: unbekanntes Formular 'umfrage'; vorhanden sind: "
        "buergerrat-interesse, kontakt, smart-kassel-quiz, werkstatt-nachbarschafts-app "
        "(Dateien in content/forms/)"
    ]


def test_bad_preview_clock_is_reported(tmp_path, monkeypatch):
    (tmp_path / "forms").mkdir()
    monkeypatch.setenv("FORMS_PREVIEW_NOW", "2021-06-20T12:00:00")
    errors = form_pages.check_forms(Content(root=tmp_path), SiteSettings())
    assert len(errors) == 1
    assert str(errors[0]).startswith(
        "FORMS_PREVIEW_NOW:1: Umgebungsvariable: '2021-06-20T12:00:00'"
    )


def test_form_action_follows_the_configured_api_url(monkeypatch):
    monkeypatch.setenv("FORMS_API_URL", "https://formulare.kassel.de/api/")
    html = form_pages.render_section(QUIZ, OPEN, api_url=form_pages.api_url())
    page = HTMLParser(html)
    assert page.css_first("form").attributes["action"] == (
        "https://formulare.kassel.de/api/forms/smart-kassel-quiz"
    )
    assert page.css_first("[data-sk-api]").attributes["data-sk-api"] == (
        "https://formulare.kassel.de/api"
    )


def test_broken_definition_stops_the_build_with_file_and_line(tmp_path):
    (tmp_path / "forms").mkdir()
    broken = (
        (REPO / "content" / "forms" / "kontakt.yml")
        .read_text()
        .replace("    type: textarea", "    type: freitext")
    )
    (tmp_path / "forms" / "kontakt.yml").write_text(broken)
    line = broken.splitlines().index("    type: freitext") + 1
    errors = form_pages.check_forms(Content(root=tmp_path), SiteSettings())
    assert errors, "a broken definition must stop the build"
    first = errors[0]
    assert first.path.endswith("forms/kontakt.yml")
    assert (first.line, first.field) == (line, "fields[4].type")
    assert "muss einer dieser Werte sein" in first.message


def test_quiz_page_puts_the_way_to_take_part_before_the_conditions(site):
    page = _page(site, "mitmachen/quiz")
    html = page.body.html
    jump = page.css_first("article a[href='#zum-quiz']")
    assert jump is not None, "no 'Zum Quiz' link"
    assert html.index('href="#zum-quiz"') < html.index("<h2"), "the link is not at the top"
    assert html.index("<form") < html.index('id="teilnahmebedingungen"')
    hint = page.css_first("#smart-kassel-quiz-conditions-hint")
    assert hint is not None and "Teilnahmebedingungen" in hint.text()
    checkbox = page.css_first("#smart-kassel-quiz-conditions")
    assert "smart-kassel-quiz-conditions-hint" in checkbox.attributes.get("aria-describedby", "")
