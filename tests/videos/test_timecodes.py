"""Durations and chapter times: the three forms editors may write, and the ones they get wrong."""

from __future__ import annotations

import pytest

from site_src.videos.timecodes import clock, iso_duration, parse_seconds, spoken
from site_src.videos.webvtt import webvtt_problem


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:19", 19),
        ("12:05", 725),
        ("90:00", 5400),
        ("1:02:05", 3725),
        ("PT19S", 19),
        ("PT1H5M", 3900),
        ("pt24m10s", 1450),
        (" 12:05 ", 725),
    ],
)
def test_accepted_time_forms(text: str, seconds: int) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("text", ["12:5", "1:2:03", "12:60", "1:60:00", "12 Min", "PT", "P1D", ""])
def test_rejected_time_forms_name_the_allowed_ones(text: str) -> None:
    with pytest.raises(ValueError, match=r"schreiben Sie MM:SS \(z\. B\. 12:05\), H:MM:SS"):
        parse_seconds(text)


@pytest.mark.parametrize(
    ("seconds", "shown", "iso", "words"),
    [
        (0, "0:00", "PT0S", "0 Sek."),
        (19, "0:19", "PT19S", "19 Sek."),
        (750, "12:30", "PT12M30S", "12 Min. 30 Sek."),
        (3900, "1:05:00", "PT1H5M", "1 Std. 5 Min."),
    ],
)
def test_times_are_written_for_players_search_engines_and_screen_readers(
    seconds: int, shown: str, iso: str, words: str
) -> None:
    assert clock(seconds) == shown
    assert iso_duration(seconds) == iso
    assert parse_seconds(iso) == seconds
    assert spoken(seconds) == words


def test_webvtt_with_a_cue_is_accepted() -> None:
    assert webvtt_problem("WEBVTT\n\n00:00.400 --> 00:03.000\nHallo\n") is None
    with_bom = "\ufeffWEBVTT - Deutsch\n\n1\n00:00:00.400 --> 00:00:03.000\nHallo\n"
    assert webvtt_problem(with_bom) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1\n00:00:00,400 --> 00:00:03,344\nHallo\n", "ist kein WebVTT"),
        ("", "ist kein WebVTT"),
        ("WEBVTTX\n", "ist kein WebVTT"),
        ("WEBVTT\n\nHallo\n", "enthält keine Untertitel"),
    ],
)
def test_other_caption_files_are_rejected(text: str, problem: str) -> None:
    assert webvtt_problem(text).startswith(problem)
