"""The evening schema checked directly: the cases the build fixtures do not cover."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_src.quality.samples import publish_samples
from site_src.videos.catalog import load_catalog, replaced_sources
from site_src.videos.pages import poster_pictures, video_pages
from site_src.videos.recording_schema import RECORDING_KEYS
from site_src.videos.schema import EVENING_KEYS, read_evening

REPO = Path(__file__).resolve().parents[2]
MEDIA = REPO / "content" / "videos" / "media"
HEAD = """---
event: Abend
date: 2021-06-18
place: Kassel
teaser: Worum es ging.
videos:
"""
MISSING = "content/videos/abend.md:1:"
YOUTUBE = """  - title: Vortrag
    speakers: [Eine Person]
    duration: 12:30
    poster: media/beispiel-begruessung.jpg
    youtube: Beispiel-01
    transcript: media/beispiel-workshop-zukunftsbilder.transkript.md
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MEDIA, root / "videos" / "media")
    return root


def errors_of(content: Path, text: str, name: str = "abend.md") -> list[str]:
    path = content / "videos" / name
    path.write_text(text, encoding="utf-8")
    evening, errors = read_evening(path, content)
    assert (evening is None) == bool(errors)
    return [str(error) for error in errors]


def test_the_sample_evening_is_valid_and_publishes_only_the_real_clip() -> None:
    catalog = load_catalog(REPO / "content")

    assert catalog.errors == []
    (evening,) = catalog.evenings
    assert [r.kind for r in evening.recordings] == ["file"]
    assert [r.duration for r in evening.recordings] == [19]


def test_with_the_samples_published_every_recording_is_read(content: Path) -> None:
    evening = "videos/smart-kassel-night-2021.md"
    shutil.copy(REPO / "content" / evening, content / evening)
    publish_samples(content)
    (evening,) = load_catalog(content).evenings
    assert [r.kind for r in evening.recordings] == ["file", "youtube", "youtube", "youtube"]
    assert [r.duration for r in evening.recordings] == [19, 750, 3900, 1450]


def test_an_evening_of_drafts_only_is_not_listed(content: Path) -> None:
    errors_of(
        content, HEAD + YOUTUBE.replace("    youtube:", "    draft: true\n    youtube:") + "---\n"
    )
    slugs = [evening.slug for evening in load_catalog(content).evenings]
    assert "abend" not in slugs


def test_a_valid_youtube_recording_passes(content: Path) -> None:
    assert errors_of(content, HEAD + YOUTUBE + "---\n") == []


def test_unknown_keys_are_named_with_their_line(content: Path) -> None:
    text = HEAD.replace("place:", "ort: x\nplace:") + YOUTUBE + "    dauer: 5:00\n---\n"

    assert errors_of(content, text) == [
        "content/videos/abend.md:4: ort: unbekannter Schlüssel; erlaubt sind "
        "event, date, place, teaser, poster, videos (Schreibweise prüfen)",
        "content/videos/abend.md:14: videos[1].dauer: unbekannter Schlüssel; erlaubt sind "
        "title, slug, speakers, duration, poster, youtube, src, captions, transcript, chapters, "
        "description, draft (Schreibweise prüfen)",
    ]


def test_missing_event_fields_are_each_reported(content: Path) -> None:
    text = "---\nvideos:\n" + YOUTUBE + "---\n"

    assert errors_of(content, text) == [
        f"{MISSING} event: fehlt, ist aber Pflicht; ergänzen Sie z. B. "
        "'event: 2. Smart Kassel Night'",
        f"{MISSING} date: fehlt, ist aber Pflicht; ergänzen Sie z. B. 'date: 2021-06-18'",
        f"{MISSING} place: fehlt, ist aber Pflicht; ergänzen Sie z. B. "
        "'place: Rathaus Kassel und online'",
        f"{MISSING} teaser: fehlt, ist aber Pflicht; ergänzen Sie z. B. "
        "'teaser: Ein Satz, worum es an dem Abend ging.'",
    ]


def test_a_pasted_youtube_address_is_explained(content: Path) -> None:
    text = HEAD + YOUTUBE.replace("Beispiel-01", "https://youtu.be/abc") + "---\n"

    assert errors_of(content, text) == [
        "content/videos/abend.md:11: videos[1].youtube: 'https://youtu.be/abc' ist keine "
        "YouTube-Video-ID; tragen Sie die 11 Zeichen nach 'v=' aus der Adresse des Videos ein, "
        "z. B. 'youtube: dQw4w9WgXcQ'"
    ]


def test_an_impossible_date_is_rejected(content: Path) -> None:
    text = HEAD.replace("2021-06-18", "2021-13-01") + YOUTUBE + "---\n"

    assert errors_of(content, text) == [
        "content/videos/abend.md:3: date: '2021-13-01' ist kein gültiges Datum; "
        "schreiben Sie JJJJ-MM-TT, z. B. 2021-06-18"
    ]


def test_files_outside_the_content_folder_are_refused(content: Path) -> None:
    text = HEAD + YOUTUBE.replace("media/beispiel-begruessung.jpg", "../../bild.jpg") + "---\n"

    assert errors_of(content, text) == [
        "content/videos/abend.md:10: videos[1].poster: '../../bild.jpg' zeigt aus dem "
        "Inhaltsordner heraus (Pfade gelten relativ zu content/videos/)"
    ]


def test_an_explicit_slug_resolves_a_title_clash(content: Path) -> None:
    second = YOUTUBE.replace("youtube: Beispiel-01", "youtube: Beispiel-02\n    slug: vortrag-2")
    text = HEAD + YOUTUBE + second + "---\n"

    assert errors_of(content, text) == []


def test_a_file_name_that_is_no_address_is_rejected(content: Path) -> None:
    errors = errors_of(content, HEAD + YOUTUBE + "---\n", name="Smart Night.md")

    assert errors == [
        "content/videos/Smart Night.md:1: file name: 'Smart Night.md' darf nur a-z, 0-9 und '-' "
        "enthalten, z. B. 'smart-night.md'; der Name wird zur Adresse /videos/smart-night/"
    ]


def test_evenings_are_listed_newest_first(content: Path) -> None:
    (content / "videos" / "alt.md").write_text(HEAD + YOUTUBE + "---\n", encoding="utf-8")
    newer = HEAD.replace("2021-06-18", "2022-05-20").replace("event: Abend", "event: Neu")
    (content / "videos" / "neu.md").write_text(newer + YOUTUBE + "---\n", encoding="utf-8")

    catalog = load_catalog(content)
    pictures = poster_pictures(catalog, content)
    index = video_pages(catalog, content, "https://smart.kassel.de/", pictures)[0]

    assert [evening.slug for evening in catalog.evenings] == ["neu", "alt"]
    assert index.src == "videos/index.md"
    assert index.markdown.index('href="neu/"') < index.markdown.index('href="alt/"')


def test_transcripts_and_evening_files_are_replaced_by_generated_pages(content: Path) -> None:
    (content / "videos" / "abend.md").write_text(HEAD + YOUTUBE + "---\n", encoding="utf-8")
    (content / "videos" / "media" / "abschrift.md").write_text("Text", encoding="utf-8")

    replaced = replaced_sources(content)

    assert {"videos/abend.md", "videos/media/abschrift.md"} <= replaced
    assert all(src.endswith(".md") for src in replaced)


def test_every_key_is_documented_for_editors() -> None:
    readme = (REPO / "docs/redaktion.md").read_text(encoding="utf-8")
    section = readme.split("## Eine Videoseite anlegen")[1].split("\n## ")[0]

    for key in (*EVENING_KEYS, *RECORDING_KEYS, "start"):
        assert f"`{key}`" in section, key
