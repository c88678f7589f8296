"""What visitors see under /termine/, on the home page and on strategy pages (20 June 2021)."""

from __future__ import annotations

import pytest

UPCOMING = [
    "chat-montags",
    "chat-mittwochs",
    "quiz-einsendeschluss",
    "werkstatt-wesertor",
    "stadtfest-wochenende",
    "herbstnacht",
    "fruehling-woechentlich",
]
PAST = ["digitaltag-2021", "fruehere-begehung"]
DRAFTS = ["werkstatt-nachbarschafts-app", "smart-kassel-night-2", "buergerrat-auftakt"]


def _listed(page, selector: str = "section[aria-labelledby='kommende-termine']") -> list[str]:
    """Slugs of the dates in the first element matching `selector`, in order."""
    lists = page.css(selector)
    if not lists:
        return []
    links = lists[0].css(".sk-event__title a")
    return [link.attributes["href"].strip("/").rsplit("/", 1)[-1] for link in links]


def test_the_list_shows_upcoming_dates_next_first_and_no_past_ones(site):
    assert _listed(site.page("/termine/")) == UPCOMING


def test_past_dates_are_in_the_archive_newest_first(site):
    assert _listed(site.page("/termine/archiv/"), "section[aria-labelledby='archiv']") == PAST


@pytest.mark.parametrize("slug", DRAFTS)
def test_drafts_get_no_page_and_no_calendar_file(site, slug):
    assert not (site.root / "termine" / slug).exists()
    assert not (site.root / "termine" / f"{slug}.ics").exists()
    assert slug not in site.text("/termine/kalender.ics")


def test_a_stadtteil_page_lists_only_its_dates(site):
    assert _listed(site.page("/termine/stadtteil/wesertor/")) == ["werkstatt-wesertor"]
    bettenhausen = site.page("/termine/stadtteil/bettenhausen/")
    assert _listed(bettenhausen) == []
    past = "section[aria-labelledby='vergangene-termine']"
    assert _listed(bettenhausen, past) == ["fruehere-begehung"]
    assert _listed(site.page("/termine/stadtteil/mitte/")) == ["herbstnacht"]


def test_filter_counts_say_they_count_upcoming_dates(site):
    """Bettenhausen lists a past date: its link must not read as if its page were empty."""
    index = site.page("/termine/")
    entries = {
        item.css_first("a").text(): " ".join(item.text().split())
        for item in index.css("nav.sk-filter li")
    }
    assert entries["Bettenhausen"] == "Bettenhausen (0 kommende)"
    assert entries["Mitte"] == "Mitte (1 kommender)"
    assert entries["Mobilität"] == "Mobilität (2 kommende)"


def test_every_stadtteil_of_the_allow_list_has_its_page_linked_without_javascript(site):
    index = site.page("/termine/")
    links = [a.attributes["href"] for a in index.css("nav.sk-filter a")]
    districts = [link for link in links if link.startswith("stadtteil/")]
    assert len(districts) == 23
    for link in links:
        if link.endswith("/"):
            assert (site.root / "termine" / link / "index.html").is_file(), link
    assert index.css_first("script[src*='termine']") is None


def test_a_focus_area_page_lists_its_dates(site):
    assert _listed(site.page("/termine/thema/mobilitaet/")) == [
        "herbstnacht",
        "fruehling-woechentlich",
    ]
    assert _listed(site.page("/termine/thema/leben-wohnen/")) == ["werkstatt-wesertor"]


def test_an_event_page_says_when_where_and_how_accessible(site):
    page = site.page("/termine/werkstatt-wesertor/")
    facts = page.css_first("dl.sk-event-facts").text(separator=" ")
    assert "Donnerstag, 1. Juli 2021, 18:00 bis 20:00 Uhr" in facts
    assert "Beispielstraße 1" in facts and "34125 Kassel" in facts and "Wesertor" in facts
    assert "stufenlos erreichbar" in facts
    assert "mit Induktionsschleife" in facts
    assert "ohne Übersetzung in Gebärdensprache" in facts
    assert "https://example.org/werkstatt" in facts


def test_registration_shows_seats_deadline_and_its_form(site):
    section = site.page("/termine/werkstatt-wesertor/").css_first(".sk-registration")
    text = section.text(separator=" ")
    assert "20 Plätze" in text
    assert "Mittwoch, 30. Juni 2021, 12:00 Uhr" in text
    assert "Warteliste" in text
    form = section.css_first("form")
    assert form.attributes["action"].endswith("/api/forms/werkstatt-wesertor")
    assert form.attributes["method"] == "post"  # works without JavaScript
    assert section.css_first("[data-sk-seats='werkstatt-wesertor']") is not None


def test_a_past_event_says_so_and_shows_no_registration(site):
    page = site.page("/termine/fruehere-begehung/")
    assert "bereits stattgefunden" in page.text()


def test_a_weekly_date_names_its_rhythm_and_next_time(site):
    facts = site.page("/termine/chat-montags/").css_first("dl.sk-event-facts").text()
    assert "jeden Montag, 16:00 bis 17:00 Uhr (ab 21. Juni 2021)" in facts
    assert "Nächster Termin: Montag, 21. Juni 2021" in facts


@pytest.mark.parametrize("slug", UPCOMING + PAST)
def test_each_page_links_its_own_calendar_file(site, slug):
    link = site.page(f"/termine/{slug}/").css_first("a[type='text/calendar']")
    assert link.text() == "In meinen Kalender"
    target = (site.root / "termine" / slug / link.attributes["href"]).resolve()
    assert target == (site.root / "termine" / f"{slug}.ics").resolve()
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_event_jsonld_describes_place_address_free_and_organiser(site):
    data = site.event_data("/termine/werkstatt-wesertor/")
    assert data["@context"] == "https://schema.org"
    assert data["startDate"] == "2021-07-01T18:00:00+02:00"
    assert data["endDate"] == "2021-07-01T20:00:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Beispielstraße 1",
        "postalCode": "34125",
        "addressLocality": "Kassel",
        "addressRegion": "Hessen",
        "addressCountry": "DE",
    }
    assert virtual == {"@type": "VirtualLocation", "url": "https://example.org/werkstatt"}
    assert data["isAccessibleForFree"] is True
    assert data["organizer"]["@type"] == "Organization"
    assert data["url"] == "https://smart.kassel.de/termine/werkstatt-wesertor/"


def test_online_and_all_day_dates_in_jsonld(site):
    online = site.event_data("/termine/stadtfest-wochenende/")
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["startDate"] == "2021-09-10"
    assert online["endDate"] == "2021-09-12"
    offline = site.event_data("/termine/herbstnacht/")
    assert offline["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    # Starts in summer time, ends in winter time.
    assert offline["startDate"] == "2021-10-31T01:30:00+02:00"
    assert offline["endDate"] == "2021-10-31T04:00:00+01:00"
    weekly = site.event_data("/termine/chat-montags/")
    assert weekly["eventSchedule"]["repeatFrequency"] == "P1W"
    assert weekly["eventSchedule"]["byDay"] == "https://schema.org/Monday"


def test_home_page_shows_the_next_three_dates(site):
    home = site.page("/")
    block = home.css_first(".sk-next-events")
    assert _listed(block, ".sk-events") == UPCOMING[:3]
    assert "Chat mit dem Smart Kassel-Büro (montags)" in block.text()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/strategie/leben-wohnen/", ["werkstatt-wesertor"]),
        ("/strategie/mobilitaet/", ["herbstnacht", "fruehling-woechentlich"]),
        ("/strategie/energie-umwelt/", ["herbstnacht"]),
    ],
)
def test_strategy_pages_show_their_focus_areas_dates(site, url, expected):
    block = site.page(url).css_first(".sk-next-events")
    assert _listed(block, ".sk-events") == expected


def test_lists_follow_the_build_clock(tmp_path):
    """A year later the chat is still ahead, the workshop is in the archive."""
    from tests.termine.conftest import build_at, content_with_fixtures

    later = build_at(
        content_with_fixtures(tmp_path), tmp_path / "site", "2022-06-20T12:00:00+02:00"
    )
    assert _listed(later.page("/termine/")) == ["chat-montags", "chat-mittwochs"]
    archive = later.page("/termine/archiv/")
    assert "werkstatt-wesertor" in _listed(archive, "section[aria-labelledby='archiv']")
    assert later.page("/termine/werkstatt-wesertor/").css_first(".sk-registration") is None


def test_an_image_shows_with_its_description_and_in_jsonld(site):
    image = site.page("/termine/herbstnacht/").css_first("article img.sk-post-image")
    assert image.attributes["alt"] == "Begrüßung im Saal"
    target = site.root / "termine" / "herbstnacht" / image.attributes["src"]
    assert target.resolve().is_file()
    data = site.event_data("/termine/herbstnacht/")
    assert data["image"] == ["https://smart.kassel.de/videos/media/beispiel-begruessung.jpg"]
