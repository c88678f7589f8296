"""The benchmark's date generator must produce dates our build accepts, the same every time."""

from __future__ import annotations

import subprocess
import sys

from bench.events import generate, write
from bench.sites import our_site
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


def test_generated_dates_with_their_registration_forms_pass_check(tmp_path):
    # Dates with a registration need a form that agrees with them, or the build refuses.
    dates = generate(80)
    assert sum(1 for event in dates if event.form) >= 3
    root = our_site(tmp_path / "ours", [], tuple(dates))
    checked = subprocess.run(
        [sys.executable, "build.py", "check"], cwd=root, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
