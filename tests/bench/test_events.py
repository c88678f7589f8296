"""The benchmark's date generator must produce dates our build accepts, the same every time."""

from __future__ import annotations

from bench.events import generate, write
from site_src.settings import SiteSettings
from site_src.termine.schema import read_event


def test_generated_dates_pass_our_schema(tmp_path):
    events = generate(80)
    write(events, tmp_path / "termine")
    kinds = set()
    for path in sorted((tmp_path / "termine").glob("*.md")):
        event, draft, errors = read_event(path, tmp_path, SiteSettings())
        assert errors == [], errors
        assert not draft
        kinds.add((event.all_day, event.weekly, event.venue is not None))
    assert len(kinds) >= 4, "in person and online, weekly and all-day dates are all generated"


def test_same_seed_gives_the_same_dates():
    assert generate(20, seed=3) == generate(20, seed=3)
    assert generate(20, seed=3) != generate(20, seed=4)
