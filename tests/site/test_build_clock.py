"""One clock for the build: --as-of (SITE_AS_OF) first, FORMS_PREVIEW_NOW for forms, else today."""

from __future__ import annotations

import datetime as dt

import pytest

from forms.clock import BERLIN
from site_src.clock import ClockError, build_clock

DEMO = "2021-06-20T12:00:00+02:00"


def test_as_of_day_means_noon_in_kassel_for_articles_and_forms():
    clock = build_clock({"SITE_AS_OF": "2021-06-25"})
    assert clock.day == dt.date(2021, 6, 25)
    assert clock.moment == dt.datetime(2021, 6, 25, 12, 0, tzinfo=BERLIN)
    assert clock.preview


def test_as_of_wins_over_the_forms_preview_time():
    clock = build_clock({"SITE_AS_OF": "2021-06-30", "FORMS_PREVIEW_NOW": DEMO})
    assert clock.day == dt.date(2021, 6, 30)
    assert clock.moment.astimezone(BERLIN).date() == dt.date(2021, 6, 30)


def test_the_day_is_the_day_in_kassel_not_in_utc():
    clock = build_clock({"SITE_AS_OF": "2021-06-29T23:30:00+00:00"})
    assert clock.day == dt.date(2021, 6, 30), "01:30 in Kassel is already the 30th"


def test_forms_preview_time_moves_forms_but_holds_no_article_back():
    clock = build_clock({"FORMS_PREVIEW_NOW": DEMO})
    assert clock.moment == dt.datetime.fromisoformat(DEMO)
    assert clock.day == dt.datetime.now(BERLIN).date()
    assert clock.preview


def test_without_settings_the_clock_is_today_in_kassel():
    clock = build_clock({})
    assert clock.day == dt.datetime.now(BERLIN).date()
    assert not clock.preview


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"SITE_AS_OF": "30.06.2021"}, "SITE_AS_OF"),
        ({"SITE_AS_OF": "2021-06-30T12:00:00"}, "SITE_AS_OF"),
        ({"FORMS_PREVIEW_NOW": "2021-06-20T12:00:00"}, "FORMS_PREVIEW_NOW"),
    ],
)
def test_bad_clock_setting_names_the_variable(environ, variable):
    with pytest.raises(ClockError) as caught:
        build_clock(environ)
    error = caught.value.as_content_error()
    assert (error.path, error.line, error.field) == (variable, 1, "Umgebungsvariable")
    assert repr(environ[variable]) in error.message
