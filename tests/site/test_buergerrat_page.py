"""/mitmachen/buergerrat/: the page says what the published draw files back, and nothing more."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from site_src.buergerrat import data

FIXTURE = Path(__file__).parent / "buergerrat_data"
PAGE = "mitmachen/buergerrat/index.html"
EASY = "mitmachen/buergerrat/leichte-sprache/index.html"


def article(root: Path, page: str) -> LexborHTMLParser:
    html = (root / page).read_text(encoding="utf-8")
    return LexborHTMLParser(html).css_first("article")


def publish(content: Path, *names: str) -> Path:
    folder = content / data.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURE / name, folder / name)
    return folder


def sentences_on_own_lines(node) -> None:
    for paragraph in node.css("p"):
        lines = [line for line in paragraph.html.split("\n") if line.strip()]
        for line in lines[:-1]:
            assert line.rstrip().endswith(("<br>", "<br />")), paragraph.html


def test_before_the_draw_the_page_says_that_nothing_is_announced(site):
    text = article(site.root, PAGE).text()
    assert "Die Auslosung hat noch nicht stattgefunden" in text
    assert "Einen Termin und einen Startwert haben wir noch nicht angekündigt" in text
    node = article(site.root, PAGE)
    assert not [li for li in node.css("li") if li.text().startswith("Startwert:")]
    assert node.css("table") == []
    links = {a.attributes.get("href") for a in article(site.root, PAGE).css("a")}
    assert {"interesse/", "leichte-sprache/", "../quiz/"} <= links
    assert not (site.root / data.FOLDER).exists()


def test_mitmachen_links_the_page_and_the_form(site):
    links = {a.attributes.get("href") for a in article(site.root, "mitmachen/index.html").css("a")}
    assert {"buergerrat/", "buergerrat/interesse/"} <= links


def test_the_form_page_offers_the_stadtteile_and_the_letter_code(site):
    form = article(site.root, "mitmachen/buergerrat/interesse/index.html").css_first("form")
    stadtteile = form.css('input[name="stadtteil"]')
    assert len(stadtteile) == 23
    assert form.css_first('input[name="briefcode"]') is not None
    assert form.css_first('input[name="geburtsdatum"]') is None


def test_leichte_sprache_has_one_sentence_per_line_and_the_state(site):
    node = article(site.root, EASY)
    sentences_on_own_lines(node)
    assert "Die Auslosung war noch nicht.<br" in node.html
    assert "Wir sagen den Tag für die Auslosung noch an." in node.text()


def test_after_the_draw_the_page_shows_the_protocol_and_every_chance(run_build, content_copy):
    publish(content_copy, "ankuendigung.json", "protokoll.json", "chancen.csv")
    run = run_build("build")
    assert run.code == 0, run.stderr
    node = article(run.site, PAGE)
    text = node.text()
    record = json.loads((FIXTURE / "protokoll.json").read_text(encoding="utf-8"))
    assert "Die Auslosung hat stattgefunden (angekündigt für den 1. März 2027)" in text
    assert f"Startwert: {record['seed']} (wie angekündigt)" in text
    assert "Personen im Pool (bestätigte Meldungen): 40" in text
    assert "Sitze im Bürgerrat: 8" in text and "reserviert): 1, ausgelost: 7" in text
    assert f"gezogen wurde Los Nr. {record['draw']['pick']}" in text
    assert all(token in text for token in record["panel"])
    rows = {row.css("td")[0].text(): row.css("td")[1].text() for row in node.css("tbody tr")}
    with (FIXTURE / "chancen.csv").open(encoding="utf-8") as file:
        published = {r["token"]: float(r["probability"]) for r in csv.DictReader(file)}
    assert set(rows) == set(published)
    for token, chance in published.items():
        assert rows[token] == f"{chance * 100:.2f} %".replace(".", ",")
    for link in ("ziehung/protokoll.json", "ziehung/chancen.csv"):
        assert node.css_first(f'a[href="{link}"]') is not None
        assert (run.site / "mitmachen/buergerrat" / link).is_file()
    easy = article(run.site, EASY)
    sentences_on_own_lines(easy)
    assert "So viele Menschen waren im Los-Topf: 40." in easy.text()


def test_an_announced_seed_is_shown_escaped_before_the_draw(run_build, content_copy):
    folder = publish(content_copy)
    hostile = '<script>alert("x")</script> & 7'
    announcement = {"seed": hostile, "seats": 30, "reserved": 1, "draw_date": "2027-05-04"}
    (folder / "ankuendigung.json").write_text(json.dumps(announcement), encoding="utf-8")
    run = run_build("build")
    assert run.code == 0, run.stderr
    node = article(run.site, PAGE)
    assert node.css("script") == []
    assert f"Startwert: {hostile}" in node.text()
    assert "Die Auslosung ist für den 4. Mai 2027 angekündigt" in node.text()
    assert node.css("table") == []
    easy = article(run.site, EASY)
    assert "Die Auslosung ist am 4. Mai 2027." in easy.text()


def test_check_names_file_line_and_field_of_every_mistake(run_build, content_copy):
    folder = publish(content_copy, "ankuendigung.json", "protokoll.json", "chancen.csv")
    protocol = (folder / "protokoll.json").read_text(encoding="utf-8")
    (folder / "protokoll.json").write_text(
        protocol.replace('"seed": "2027-03-01', '"seed": "2027-03-02', 1), encoding="utf-8"
    )
    run = run_build("check")
    assert run.code == 1
    expected = f"content/{data.PROTOCOL}:3: seed: weicht vom angekündigten Startwert"
    assert expected in run.stderr


@pytest.fixture
def published(tmp_path):
    publish(tmp_path, "ankuendigung.json", "protokoll.json", "chancen.csv")
    return tmp_path / data.FOLDER


def errors_of(root: Path) -> list[str]:
    return [str(error) for error in data.load(root)[1]]


def test_the_fixture_files_pass(published):
    draw, errors = data.load(published.parents[2])
    assert errors == []
    assert draw.result.pool_size == 40 and draw.announcement.seats == 8


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("chancen.csv", "\n0", "\n<script>", f"{data.CHANCES}:2: token: "),
        ("chancen.csv", ",0.343", ",NaN", f"{data.CHANCES}:2: probability: 'NaN"),
        ("chancen.csv", ",0.343", ",1.343", f"{data.CHANCES}:2: probability: "),
        ("chancen.csv", "token,probability", "id,probability", f"{data.CHANCES}:1: (Kopf"),
        ("ankuendigung.json", '"seats": 8', '"seats": "8"', f"{data.ANNOUNCEMENT}:3: seats: "),
        ("ankuendigung.json", '"reserved": 1', '"reserved": 9', f"{data.ANNOUNCEMENT}:4: reserved"),
        (
            "ankuendigung.json",
            '2027-03-01"\n',
            '2027-02-30"\n',
            f"{data.ANNOUNCEMENT}:5: draw_date",
        ),
        ("ankuendigung.json", '"seats": 8,', '"seats": 8', f"{data.ANNOUNCEMENT}:4: (Datei): kein"),
        (
            "ankuendigung.json",
            "Lotto 3",
            "Lotto\\u0000",
            f"{data.ANNOUNCEMENT}:2: seed: darf keine",
        ),
        ("protokoll.json", '"method": "smart-kassel-panel/1"', '"method": "x"', ":2: method: "),
        ("ankuendigung.json", '"seats": 8', '"seats": 9', f"{data.PROTOCOL}:4: seats: 8 Sitze"),
        ("protokoll.json", '"panel": [\n    "', '"panel": [\n    "<b>', ": panel: muss eine Liste"),
    ],
)
def test_broken_or_hostile_files_are_named_with_line_and_field(published, name, old, new, expected):
    path = published / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    errors = errors_of(published.parents[2])
    assert any(expected in error for error in errors), errors
    assert all(error.startswith(f"content/{data.FOLDER}/") for error in errors), errors


def test_a_result_without_announcement_or_chances_is_refused(published):
    (published / "chancen.csv").unlink()
    assert any("chancen.csv fehlt" in e for e in errors_of(published.parents[2]))
    publish(published.parents[2], "chancen.csv")
    (published / "ankuendigung.json").unlink()
    assert any("ein Ergebnis ohne Ankündigung" in e for e in errors_of(published.parents[2]))


def test_a_chance_list_that_does_not_add_up_to_the_seats_drawn_is_refused(published):
    path = published / "chancen.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    errors = errors_of(published.parents[2])
    assert any("39 Zeilen, der Pool hat 40 Personen" in e for e in errors), errors


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(["ankuendigung.json", "protokoll.json"]), data_=st.data())
def test_any_value_in_any_field_gives_errors_never_a_crash(published, name, data_):
    path = published / name
    record = json.loads((FIXTURE / name).read_text(encoding="utf-8"))
    key = data_.draw(st.sampled_from(sorted(record)))
    record[key] = data_.draw(JSON)
    path.write_text(json.dumps(record), encoding="utf-8")
    draw, errors = data.load(published.parents[2])
    assert all(str(e).startswith(f"content/{data.FOLDER}/") for e in errors)
    assert (draw.result is None) == bool(errors)


def test_a_file_that_is_not_text_is_an_error(published):
    (published / "chancen.csv").write_bytes(b"\xff\xfe\x00token")
    (published / "ankuendigung.json").write_bytes(b"\xff\xfe{}")
    errors = errors_of(published.parents[2])
    assert any("ankuendigung.json:1: (Datei): kein gültiges JSON" in e for e in errors), errors
