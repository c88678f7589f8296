"""Each broken evening file stops the build with one precise message and writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
TIME_FORMATS = (
    "schreiben Sie MM:SS (z. B. 12:05), H:MM:SS (z. B. 1:02:05) oder ISO 8601 (z. B. PT12M5S)"
)
WHERE = "(Pfade gelten relativ zu content/videos/)"
EXPECTED = {
    "two-sources": "7: videos[1]: hat 'youtube' und 'src'; behalten Sie genau eine Quelle",
    "no-source": "7: videos[1]: braucht eine Quelle: 'youtube: <11-stellige Video-ID>' "
    "oder 'src: media/<datei>.mp4'",
    "self-hosted-without-captions": "7: videos[1].captions: ist Pflicht für ein selbst "
    "bereitgestelltes Video ('src'); ergänzen Sie eine WebVTT-Datei, "
    "z. B. 'captions: media/clip.de.vtt'",
    "captions-missing": "12: videos[1].captions: Datei 'media/fehlt.de.vtt' nicht gefunden "
    + WHERE,
    "captions-not-webvtt": "12: videos[1].captions: 'media/srt-inhalt.vtt' ist kein WebVTT: "
    "die erste Zeile muss 'WEBVTT' lauten (.srt-Dateien in .vtt umwandeln)",
    "bad-duration": f"9: videos[1].duration: '19 Sekunden' ist keine Zeitangabe; {TIME_FORMATS}",
    "chapters-out-of-order": "18: videos[1].chapters[3].start: 0:05 liegt nicht nach dem "
    "vorigen Kapitel (0:10); ordnen Sie die Kapitel in Abspielreihenfolge",
    "chapter-past-duration": "16: videos[1].chapters[2].start: 0:25 liegt nach dem Ende der "
    "Aufzeichnung (Dauer 0:19)",
    "missing-poster": f"10: videos[1].poster: Datei 'media/fehlt.jpg' nicht gefunden {WHERE}",
    "duplicate-slug": "13: videos[2].title: ergibt dieselbe Adresse 'begruessung' wie "
    "videos[1] (Zeile 7); ändern Sie den Titel oder setzen Sie einen anderen 'slug'",
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory, run_build_once):
    """One build of a content copy holding every broken fixture: all errors come back at once."""
    root = tmp_path_factory.mktemp("broken")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(FIXTURES / "media", content / "videos" / "media", dirs_exist_ok=True)
    for case in EXPECTED:
        shutil.copy(FIXTURES / f"{case}.md", content / "videos" / f"{case}.md")
    site = root / "site"
    return run_build_once(content, site), site


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_broken_evening_is_reported_with_file_line_and_fix(case: str, broken_build) -> None:
    result, _site = broken_build
    source = f"content/videos/{case}.md"

    reported = [line for line in result.stderr.splitlines() if line.startswith(source)]

    assert reported == [f"{source}:{EXPECTED[case]}"]


def test_a_broken_evening_fails_the_build_and_writes_nothing(broken_build) -> None:
    result, site = broken_build

    assert result.returncode == 1
    assert f"{len(EXPECTED)} Fehler in den Inhalten; nichts wurde geschrieben." in result.stderr
    assert not site.exists()
    assert not list(site.parent.glob(".site-*"))


def test_every_fixture_has_an_expected_message() -> None:
    assert {path.stem for path in FIXTURES.glob("*.md")} == set(EXPECTED)
