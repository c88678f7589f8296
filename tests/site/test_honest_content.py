"""The site says only what is true: claims come from data, placeholders stay unpublished, one
raffle rule everywhere, privacy statements match the configuration (issue 14, items 11 and 14)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

RAFFLE_RULE = (
    "In die Verlosung kommen alle bestätigten Teilnahmen, bei denen alle Antworten richtig sind."
)
EVENING = "videos/smart-kassel-night-2021"


def _text(site, url: str) -> str:
    return " ".join(site.page(url).css_first("article").text().split())


def test_placeholder_recordings_are_drafts_and_stay_off_the_site(site):
    evening = (REPO / f"content/{EVENING}.md").read_text(encoding="utf-8")
    assert evening.count("\n    draft: true") == 3
    for page in site.html_files():
        html = page.read_text(encoding="utf-8")
        assert "Beispiel-0" not in html, page
        assert "Beispiel: Begrüßung" not in html and "Beispiel: Ideen" not in html, page


def test_link_texts_and_lists_claim_only_the_aids_a_recording_has(site):
    links = site.page(f"/{EVENING}/").css(".sk-recording__more a")
    assert [link.text() for link in links] == [
        "Kurzüberblick: der Auftakt am Digitaltag (19 Sekunden): Kapitel, Transkript und Untertitel"
    ]
    assert "Die Aufzeichnung hat Untertitel und ein Transkript." in _text(site, "/videos/")
    assert "Jede Aufzeichnung" not in _text(site, "/videos/")


def _evening_with(content: Path, recording: str) -> None:
    path = content / f"{EVENING}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("videos:\n", f"videos:\n{recording}", 1), encoding="utf-8")


TRANSCRIPT_ONLY = """  - title: Nur mit Transkript
    speakers: [Smart Kassel-Büro]
    duration: 1:00:00
    poster: media/beispiel-workshop-zukunftsbilder.jpg
    youtube: abcdefghijk
    transcript: media/beispiel-workshop-zukunftsbilder.transkript.md
"""


def test_a_recording_without_captions_says_so(run_build, content_copy):
    _evening_with(content_copy, TRANSCRIPT_ONLY)
    result = run_build()
    assert result.code == 0, result.stderr
    evening = (result.site / EVENING / "index.html").read_text(encoding="utf-8")
    assert ">Nur mit Transkript: Transkript</a>" in evening
    page = (result.site / EVENING / "nur-mit-transkript/index.html").read_text(encoding="utf-8")
    assert "<dt>Untertitel:</dt>\n<dd>keine</dd>" in page
    listing = (result.site / "videos/index.html").read_text(encoding="utf-8")
    assert "Alle 2 Aufzeichnungen haben Untertitel" not in listing
    assert "1 von 2 Aufzeichnungen haben Untertitel, alle 2 Aufzeichnungen ein Transkript." in (
        listing
    )


def test_check_refuses_a_published_recording_without_captions_or_transcript(
    run_build, content_copy
):
    _evening_with(content_copy, TRANSCRIPT_ONLY.replace("    transcript: media/", "    # "))
    result = run_build("check")
    assert result.code == 1
    assert result.stderr.splitlines()[0] == (
        f"content/{EVENING}.md:12: videos[1]: braucht Untertitel ('captions:') oder ein "
        "Transkript ('transcript:'), bevor sie erscheint; ergänzen Sie eines davon oder setzen "
        "Sie 'draft: true'"
    )


def test_every_page_and_mail_states_the_same_raffle_rule(site):
    pages = ("/mitmachen/", "/mitmachen/quiz/", "/mitmachen/quiz/danke/", "/datenschutz/")
    post = "/aktuelles/2021/06/19/smart-kassel-quiz-buergerrat/"
    for url in (*pages, post):
        text = _text(site, url)
        assert RAFFLE_RULE in text, url
    for page in site.html_files():
        text = page.read_text(encoding="utf-8")
        assert "unter allen Teilnehmenden" not in text, page
    mail = (REPO / "forms/storage/templates/mail/confirm_quiz.txt").read_text(encoding="utf-8")
    assert RAFFLE_RULE in mail
    assert "Sie nehmen an diesen Verlosungen teil" not in mail


def test_the_quiz_promises_no_publication_that_does_not_exist(site):
    text = _text(site, "/mitmachen/quiz/")
    for promise in ("Fingerabdruck", "Lottozahlen", "veröffentlichen das Protokoll"):
        assert promise not in text


def test_the_home_page_promises_no_dates_under_aktuelles(site):
    text = _text(site, "/")
    assert "unter Aktuelles an" not in text
    assert "Termine kündigen wir unter" not in _text(site, "/mitmachen/")


def test_the_privacy_page_names_what_is_stored_and_for_how_long(site):
    text = _text(site, "/datenschutz/")
    assert "Ihren Vornamen, wenn Sie ihn angeben (freiwillig)" in text
    assert "Ihre Losnummer" in text
    forms = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (REPO / "content/forms").glob("*.yml")
    }
    days = {form["retention_days"] for form in forms.values()}
    after = r"(\d+) Tage nach dem (?:Eingang|Einsendeschluss|Ende des Termins)"
    stated = {int(n) for n in re.findall(after, text)}
    assert stated == days
    assert "sechs Monate" not in text
    nginx = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert "error_log" in nginx
    assert "Fehlerprotokoll" in text and "nach 14 Tagen" in text
    assert "In den Protokolldateien des Webservers speichern wir keine IP-Adressen" not in text


def test_the_contact_forms_checkbox_and_the_privacy_page_agree_on_the_legal_basis(site):
    form = yaml.safe_load((REPO / "content/forms/kontakt.yml").read_text(encoding="utf-8"))
    consent = next(field for field in form["fields"] if field["type"] == "consent")
    assert consent["label"].startswith("Ich bin einverstanden")
    section = (
        _text(site, "/datenschutz/").split("Kontaktformular", 1)[1].split("Smart Kassel-Quiz")[0]
    )
    assert "Einwilligung" in section and "Art. 6 Abs. 1 Buchst. a DSGVO" in section
    assert "widerrufen" in section


def test_leichte_sprache_keeps_one_sentence_per_line(site):
    article = site.page("/leichte-sprache/").css_first("article")
    paragraphs = [p for p in article.css("p, li") if p.text().strip()]
    for paragraph in paragraphs:
        html = paragraph.html
        lines = [line for line in html.split("\n") if line.strip()]
        for line in lines[:-1]:
            assert line.rstrip().endswith("<br>") or line.rstrip().endswith("<br />"), html
    assert sum(p.html.count("<br") for p in paragraphs) > 40


def test_leichte_sprache_says_honestly_whether_a_pruefgruppe_has_checked_it(site):
    lines = _text(site, "/leichte-sprache/")
    checked = re.search(r"Diesen Text hat die Prüf-Gruppe von (?!\[)\S.* geprüft\. Stand: ", lines)
    assert checked or "Eine Prüf-Gruppe hat diesen Text noch nicht geprüft." in lines
    if not checked:
        open_points = (REPO / "docs/redaktion.md").read_text(encoding="utf-8")
        assert "Prüfung der Seite „Leichte Sprache“" in open_points


def test_the_barrierefreiheit_page_names_the_hessian_procedure(site):
    text = _text(site, "/barrierefreiheit/")
    for fact in ("§ 6 HVBIT", "sechs Wochen", "Regierungspräsidium Gießen"):
        assert fact in text


def test_every_placeholder_for_the_city_is_visible_and_listed_in_the_docs(site):
    listed = (REPO / "docs/redaktion.md").read_text(encoding="utf-8")
    found = set()
    for path in (REPO / "content").rglob("*.md"):
        found |= set(re.findall(r"\[Platzhalter: ([^\]]+)\]", path.read_text(encoding="utf-8")))
    assert len(found) >= 5
    for name in found:
        assert f"Platzhalter: {name}" in listed, name
    assert site.page("/impressum/").css("mark.sk-placeholder")


def test_the_strategy_is_spelt_as_the_city_spells_it_everywhere():
    for path in (REPO / "content").rglob("*"):
        if path.suffix in {".md", ".yml", ".vtt"}:
            assert "Smart-City-Strategie" not in path.read_text(encoding="utf-8"), path
