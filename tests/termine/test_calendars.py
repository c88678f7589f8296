"""Calendar files read back with vobject, a parser independent of icalendar that writes them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import vobject

UTC = dt.UTC


def _calendar(site, url: str):
    text = site.text(url)
    return text, vobject.readOne(text)


def _events(calendar) -> dict[str, object]:
    return {event.uid.value: event for event in calendar.vevent_list}


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def test_the_subscription_holds_exactly_the_upcoming_dates(site):
    _text, calendar = _calendar(site, "/termine/kalender.ics")
    uids = sorted(_events(calendar))
    expected = [
        "chat-mittwochs",
        "chat-montags",
        "fruehling-woechentlich",
        "herbstnacht",
        "quiz-einsendeschluss",
        "stadtfest-wochenende",
        "werkstatt-wesertor",
    ]
    assert uids == [f"{slug}@smart.kassel.de" for slug in expected]


def test_files_follow_rfc_5545_lines_and_carry_berlin_timezone(site):
    for url in ("/termine/kalender.ics", "/termine/herbstnacht.ics"):
        raw = (site.root / url.lstrip("/")).read_bytes()
        lines = raw.split(b"\r\n")
        assert lines[-1] == b"", "the file ends with CRLF"
        assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends with CRLF"
        assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
        _text, calendar = _calendar(site, url)
        assert calendar.version.value == "2.0"
        assert calendar.prodid.value
        assert [zone.tzid.value for zone in calendar.vtimezone_list] == ["Europe/Berlin"]
        for event in calendar.vevent_list:
            assert event.dtstamp.value.tzinfo is not None
            start = event.dtstart.value
            if isinstance(start, dt.datetime):
                assert start.tzinfo.tzname(start) in ("CET", "CEST")


def test_uid_is_the_same_in_the_event_file_and_the_subscription(site):
    _text, single = _calendar(site, "/termine/werkstatt-wesertor.ics")
    _text, all_dates = _calendar(site, "/termine/kalender.ics")
    (uid,) = _events(single)
    assert uid in _events(all_dates)


def test_uids_stay_the_same_when_the_build_moment_changes(tmp_path):
    from site_src.settings import SiteSettings
    from site_src.termine.ics import calendar_files
    from site_src.termine.model import agenda
    from site_src.termine.schema import read_event
    from tests.termine.conftest import FIXTURES

    events = []
    for path in sorted(FIXTURES.glob("*.md")):
        target = tmp_path / "termine" / path.name
        target.parent.mkdir(exist_ok=True)
        text = re.sub(r"^image.*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
        target.write_text(text, encoding="utf-8")  # without the picture the copy lacks
        event, _draft, errors = read_event(target, tmp_path, SiteSettings())
        assert not errors
        events.append(event)

    def uids(now: str) -> dict[str, list[str]]:
        moment = dt.datetime.fromisoformat(now)
        files = calendar_files(agenda(events, moment), SiteSettings())
        return {path: re.findall(r"^UID:(.+?)\r$", text, re.M) for path, text in files}

    first, second = uids("2021-01-01T00:00:00+01:00"), uids("2021-02-01T00:00:00+01:00")
    assert first == second
    assert first["termine/herbstnacht.ics"] == ["herbstnacht@smart.kassel.de"]


def test_a_date_across_the_end_of_summer_time_has_the_right_length(site):
    text, calendar = _calendar(site, "/termine/herbstnacht.ics")
    event = calendar.vevent
    assert "DTSTART;TZID=Europe/Berlin:20211031T013000\n" in text
    # 01:30 CEST is 23:30 UTC the day before; 04:00 CET is 03:00 UTC: three and a half hours.
    assert _utc(event.dtstart.value) == dt.datetime(2021, 10, 30, 23, 30)
    assert _utc(event.dtend.value) == dt.datetime(2021, 10, 31, 3, 0)


def test_a_weekly_date_keeps_its_wall_clock_time_across_the_change_to_summer_time(site):
    _text, calendar = _calendar(site, "/termine/fruehling-woechentlich.ics")
    event = calendar.vevent
    assert event.rrule.value.startswith("FREQ=WEEKLY")
    times = [_utc(moment) for moment in event.getrruleset(addRDate=True)]
    # 16:00 in Kassel: 15:00 UTC in winter time, 14:00 UTC from 27 March 2022 on.
    assert times == [
        dt.datetime(2022, 3, 21, 15, 0),
        dt.datetime(2022, 3, 28, 14, 0),
        dt.datetime(2022, 4, 4, 14, 0),
        dt.datetime(2022, 4, 11, 14, 0),
    ]


def test_the_chat_repeats_weekly_without_end(site):
    _text, calendar = _calendar(site, "/termine/chat-montags.ics")
    event = calendar.vevent
    assert event.rrule.value == "FREQ=WEEKLY"
    occurrences = event.getrruleset(addRDate=True)
    winter = occurrences.after(dt.datetime(2021, 12, 1, tzinfo=UTC))
    assert winter.astimezone(UTC).hour == 15
    assert winter.weekday() == 0


def test_all_day_dates_end_on_the_day_after_their_last_day(site):
    _text, calendar = _calendar(site, "/termine/stadtfest-wochenende.ics")
    event = calendar.vevent
    assert event.dtstart.value == dt.date(2021, 9, 10)
    assert event.dtend.value == dt.date(2021, 9, 13)
    assert "VTIMEZONE" not in _text


@pytest.mark.parametrize("slug", ["werkstatt-wesertor", "herbstnacht"])
def test_place_and_page_are_in_the_calendar_entry(site, slug):
    _text, calendar = _calendar(site, f"/termine/{slug}.ics")
    event = calendar.vevent
    assert event.url.value == f"https://smart.kassel.de/termine/{slug}/"
    assert "Kassel" in event.location.value


def test_categories_are_the_focus_areas_names_as_on_the_page(site):
    _text, calendar = _calendar(site, "/termine/kalender.ics")
    events = {event.url.value.split("/")[-2]: event for event in calendar.vevent_list}
    assert events["werkstatt-wesertor"].categories.value == ["Leben & Wohnen"]
    assert events["herbstnacht"].categories.value == ["Energie & Umwelt", "Mobilität"]
