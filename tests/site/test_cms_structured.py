"""Events and video evenings in the CMS: what the editor can save is what `build.py check` takes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from site_src import cms
from site_src.settings import FOCUS_AREAS, SiteSettings
from site_src.termine import cms as events_cms
from site_src.termine import schema as events_schema
from site_src.termine.model import Registration
from site_src.termine.schema import read_event
from site_src.videos import cms as videos_cms
from site_src.videos.recording_schema import RECORDING_KEYS
from site_src.videos.schema import EVENING_KEYS, read_evening

REPO = Path(__file__).resolve().parents[2]
SETTINGS = SiteSettings()
EVENT = {
    "title": "Werkstatt im Stadtteil",
    "description": "Wir sammeln Ideen.",
    "start": "2021-07-01 18:00",
    "end": "2021-07-01 20:00",
}
PLACE = {
    "name": "Stadtteilzentrum",
    "street": "Obere Königsstraße 8",
    "postal_code": "34117",
    "stadtteil": "Mitte",
}
ONLINE = {"online": "https://www.letsgetsmartkassel.de/"}
MEDIA = "media/smart-kassel-night-2021-in-kuerze"
RECORDING = {
    "title": "Begrüßung",
    "speakers": ["Smart Kassel-Büro"],
    "duration": "0:19",
    "poster": f"{MEDIA}.jpg",
    "youtube": "dQw4w9WgXcQ",
    "transcript": f"{MEDIA}.transkript.md",
}
EVENING = {
    "event": "2. Smart Kassel Night",
    "date": "2021-09-10",
    "place": "Rathaus",
    "teaser": "Ein Abend.",
}


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {field["name"]: field for field in fields}


def matches(spec: dict, value: str) -> bool:
    """Decap tests a string against the pattern as a JavaScript RegExp without flags."""
    return re.search(spec["pattern"][0], value) is not None


def test_every_key_the_checks_know_has_a_widget_in_the_same_order():
    config = cms.config(SETTINGS, REPO / "content", environ={})
    collections = {c["name"]: c for c in config["collections"]}
    events = collections["termine"]
    assert [f["name"] for f in events["fields"]] == [*events_schema.KEYS, "body"]
    nested = by_name(events["fields"])
    assert [f["name"] for f in nested["place"]["fields"]] == list(events_schema.PLACE_KEYS)
    assert [f["name"] for f in nested["registration"]["fields"]] == list(
        events_schema.REGISTRATION_KEYS
    )
    assert nested["place"]["fields"][-1]["options"] == list(SETTINGS.stadtteile)
    assert [o["value"] for o in nested["focus"]["options"]] == list(FOCUS_AREAS)
    videos = collections["videos"]
    assert [f["name"] for f in videos["fields"]] == [*EVENING_KEYS, "body"]
    recordings = by_name(videos["fields"])["videos"]
    assert [f["name"] for f in recordings["fields"]] == list(RECORDING_KEYS)
    assert recordings["required"] is True and recordings["min"] == 1
    assert config["slug"]["encoding"] == "ascii", "file names become addresses: a-z, 0-9, '-'"


def test_registration_fields_follow_the_schema_and_the_model(monkeypatch):
    @dataclasses.dataclass(frozen=True)
    class Wider(Registration):
        waitlist: int | None = None
        opens: dt.date = dt.date(2021, 6, 1)
        note: str = ""

    monkeypatch.setitem(events_cms.GROUP_MODELS, "registration", Wider)
    keys = (*events_schema.REGISTRATION_KEYS, "waitlist", "opens", "note")
    monkeypatch.setitem(events_cms.GROUP_KEYS, "registration", keys)
    fields = by_name(by_name(events_cms.fields(SETTINGS))["registration"]["fields"])
    assert fields["waitlist"]["widget"] == "number" and fields["waitlist"]["min"] == 1
    assert fields["waitlist"]["label"] == "Waitlist", "a readable label until one is given"
    assert fields["capacity"]["value_type"] == "int"
    assert fields["capacity"]["label"] == "Plätze"
    assert matches(fields["opens"], "2021-06-01") and not matches(fields["opens"], "1.6.2021")
    assert fields["note"]["pattern"] == cms.NOT_BLANK
    assert matches(fields["deadline"], "2021-07-01 12:00")
    assert not matches(fields["deadline"], "2021-07-01"), "the deadline needs a time"
    required = events_cms.rules()["groups"]["registration"]
    assert required == ["form", "capacity", "deadline"], "keys with a default stay optional"
    monkeypatch.setitem(events_cms.GROUP_KEYS, "registration", (*keys, "price"))
    with pytest.raises(ValueError, match=r"registration\.price is checked but not in Wider"):
        events_cms.fields(SETTINGS)


def test_a_key_the_check_gains_without_a_widget_stops_the_build(monkeypatch):
    monkeypatch.setattr(events_cms.schema, "KEYS", (*events_schema.KEYS, "price"))
    with pytest.raises(ValueError, match="no CMS widget for event keys"):
        events_cms.fields(SETTINGS)
    monkeypatch.setattr(videos_cms, "RECORDING_KEYS", (*RECORDING_KEYS, "audio"))
    with pytest.raises(ValueError, match="no CMS widget for video keys"):
        videos_cms.collection("content")


@pytest.fixture
def content(tmp_path) -> Path:
    """A content folder with the video media, so file references resolve as in the project."""
    shutil.copytree(REPO / "content" / "videos" / "media", tmp_path / "videos" / "media")
    (tmp_path / "termine").mkdir()
    return tmp_path


def write(path: Path, meta: dict) -> Path:
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\nText.\n")
    return path


def event_errors(content: Path, meta: dict) -> list[str]:
    path = write(content / "termine" / "werkstatt.md", meta)
    return [f"{e.field}: {e.message}" for e in read_event(path, content, SETTINGS)[2]]


def evening_errors(content: Path, meta: dict) -> list[str]:
    path = write(content / "videos" / "abend.md", meta)
    return [f"{e.field}: {e.message}" for e in read_evening(path, content)[1]]


EVENT_PATTERN_CASES = [
    ("start", ["2021-07-01 18:00", "2021-07-01 9:30", "2021-07-01T18:00"], ["1.7.2021", "18 Uhr"]),
    ("online", ["https://kassel.de/chat"], ["http://kassel.de", "kassel.de", "https://lokal"]),
]


@pytest.mark.parametrize(("name", "good", "bad"), EVENT_PATTERN_CASES)
def test_event_patterns_draw_the_line_where_check_does(content, name, good, bad):
    spec = by_name(events_cms.fields(SETTINGS))[name]
    base = EVENT | ONLINE | {"end": "2021-07-01 21:00"}
    for value in good:
        assert matches(spec, value)
        assert not [e for e in event_errors(content, base | {name: value}) if name in e], value
    for value in bad:
        assert not matches(spec, value)
        assert [e for e in event_errors(content, base | {name: value}) if name in e], value


def test_place_patterns_draw_the_line_where_check_does(content):
    place = by_name(by_name(events_cms.fields(SETTINGS))["place"]["fields"])
    for code, ok in [("34117", True), ("3411", False), ("34117a", False)]:
        assert matches(place["postal_code"], code) is ok
        meta = EVENT | {"place": PLACE | {"postal_code": code}}
        meta["accessibility"] = {"step_free": True, "hearing_loop": False, "sign_language": False}
        assert (event_errors(content, meta) == []) is ok, code


def test_recording_patterns_draw_the_line_where_check_does(content):
    fields = by_name(by_name(videos_cms.evening_fields().values())["videos"]["fields"])
    cases = {
        "duration": (["0:19", "12:05", "1:02:05", "PT12M5S"], ["12.05", "1:5", "PT", "12:61"]),
        "youtube": (["dQw4w9WgXcQ"], ["dQw4w9WgXc", "https://youtu.be/dQw4w9WgXcQ"]),
        "slug": (["begruessung-1"], ["Begrüßung", "a--b"]),
    }
    for name, (good, bad) in cases.items():
        for value in good + bad:
            ok = value in good
            assert matches(fields[name], value) is ok, value
            meta = EVENING | {"videos": [RECORDING | {name: value}]}
            assert (evening_errors(content, meta) == []) is ok, (
                value,
                evening_errors(content, meta),
            )


HARNESS = """
const { fromJS } = require(process.argv[3]);
globalThis.window = { alert: () => {}, CMS: { registerEventListener: (l) => handlers.push(l) } };
const handlers = [];
require(process.argv[2]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf-8"));
console.log(JSON.stringify(cases.map(([collection, data]) => {
  try {
    const saved = handlers[0].handler({ entry: fromJS({ collection, data }) });
    return { saved: saved.toJS() };
  } catch (error) { return { refused: error.message }; }
})));
"""


def run_rules(tmp_path: Path, cases: list[tuple[str, dict]]) -> list[dict]:
    """Save each case through the real preSave handler with Decap's Immutable data."""
    script = tmp_path / "regeln.js"
    script.write_text(cms.rules_script())
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS)
    immutable = REPO / "node_modules" / "immutable"
    out = subprocess.run(
        ["node", str(harness), str(script), str(immutable)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


ACCESS_OFF = {"step_free": False, "hearing_loop": False, "sign_language": False}
EVENT_CASES = [
    ("online date", EVENT | ONLINE, True),
    ("online, switches left off", EVENT | ONLINE | {"accessibility": ACCESS_OFF}, True),
    ("in person, switches untouched", EVENT | {"place": PLACE}, True),
    ("blank place and online", EVENT | ONLINE | {"place": {"name": " ", "city": ""}}, True),
    ("all-day without end", EVENT | ONLINE | {"start": "2021-07-01", "end": ""}, True),
    ("weekly until", EVENT | ONLINE | {"repeat": "weekly", "until": "2021-12-31"}, True),
    (
        "registration",
        EVENT
        | ONLINE
        | {"registration": {"form": "werkstatt", "capacity": 20, "deadline": "2021-06-30 12:00"}},
        True,
    ),
    ("neither place nor online", EVENT, False),
    ("place without Stadtteil", EVENT | {"place": PLACE | {"stadtteil": ""}}, False),
    ("timed start without end", EVENT | ONLINE | {"end": ""}, False),
    ("end before start", EVENT | ONLINE | {"end": "2021-07-01 17:00"}, False),
    ("end equals start", EVENT | ONLINE | {"end": "2021-07-01 18:00"}, False),
    ("end without time", EVENT | ONLINE | {"end": "2021-07-02"}, False),
    ("no such day", EVENT | ONLINE | {"start": "2021-02-30 18:00"}, False),
    ("no such hour", EVENT | ONLINE | {"start": "2021-07-01 24:00"}, False),
    ("until without repeat", EVENT | ONLINE | {"until": "2021-12-31"}, False),
    ("until before start", EVENT | ONLINE | {"repeat": "weekly", "until": "2021-06-01"}, False),
    ("registration without seats", EVENT | ONLINE | {"registration": {"form": "w"}}, False),
    (
        "deadline after start",
        EVENT
        | ONLINE
        | {"registration": {"form": "w", "capacity": 5, "deadline": "2021-07-02 12:00"}},
        False,
    ),
    ("image without description", EVENT | ONLINE | {"image": "bilder/a.jpg"}, False),
]


def test_saving_an_event_is_refused_exactly_when_check_would_refuse_it(content, tmp_path):
    results = run_rules(tmp_path, [("termine", meta) for _, meta, _ in EVENT_CASES])
    for (label, meta, ok), result in zip(EVENT_CASES, results, strict=True):
        assert ("saved" in result) is ok, (label, result)
        # What the CMS writes passes check; what it refuses, check refuses too.
        written = result["saved"] if ok else meta
        assert (event_errors(content, written) == []) is ok, (label, event_errors(content, written))
    assert "Stadtteil" in results[8]["refused"]


def test_the_editor_sees_the_accessibility_switches_written_out(tmp_path):
    online, in_person = run_rules(
        tmp_path,
        [
            ("termine", EVENT | ONLINE | {"accessibility": ACCESS_OFF}),
            ("termine", EVENT | {"place": PLACE}),
        ],
    )
    assert online["saved"]["accessibility"] == {"sign_language": False}
    assert in_person["saved"]["accessibility"] == ACCESS_OFF


EVENING_CASES = [
    ("YouTube with transcript", [RECORDING], True),
    (
        "own file with captions",
        [RECORDING | {"youtube": "", "src": f"{MEDIA}.mp4", "captions": f"{MEDIA}.de.vtt"}],
        True,
    ),
    ("no aid but draft", [RECORDING | {"transcript": "", "draft": True}], True),
    (
        "chapters in order",
        [
            RECORDING
            | {"chapters": [{"start": "0:00", "title": "A"}, {"start": "0:10", "title": "B"}]}
        ],
        True,
    ),
    ("two sources", [RECORDING | {"src": f"{MEDIA}.mp4", "captions": f"{MEDIA}.de.vtt"}], False),
    ("no source", [RECORDING | {"youtube": ""}], False),
    ("own file without captions", [RECORDING | {"youtube": "", "src": f"{MEDIA}.mp4"}], False),
    ("neither captions nor transcript", [RECORDING | {"transcript": ""}], False),
    (
        "chapters out of order",
        [
            RECORDING
            | {"chapters": [{"start": "0:10", "title": "A"}, {"start": "0:05", "title": "B"}]}
        ],
        False,
    ),
    ("chapter after the end", [RECORDING | {"chapters": [{"start": "0:30", "title": "A"}]}], False),
    ("zero duration", [RECORDING | {"duration": "0:00"}], False),
    ("same address twice", [RECORDING, RECORDING], False),
    ("no recording", [], False),
]


def test_saving_an_evening_is_refused_exactly_when_check_would_refuse_it(content, tmp_path):
    cases = [("videos", EVENING | {"videos": videos}) for _, videos, _ in EVENING_CASES]
    results = run_rules(tmp_path, cases)
    for (label, videos, ok), result in zip(EVENING_CASES, results, strict=True):
        assert ("saved" in result) is ok, (label, result)
        written = result["saved"] if ok else EVENING | {"videos": videos}
        errors = evening_errors(content, written)
        assert (errors == []) is ok, (label, errors)
    assert "Untertitel" in results[6]["refused"]
