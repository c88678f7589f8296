"""The theme's bundle is held back by name, not by cutting the theme's rendered markup."""

from __future__ import annotations

import re

import pytest

from site_src.theme_bundle import ThemeBundleMissing, bundle_url


def test_every_page_parks_the_one_bundle_the_site_ships_and_loads_no_other_theme_script(site):
    bundle = bundle_url()
    assert (site.root / bundle).is_file()
    for page in ("index.html", "aktuelles/index.html", "datenschutz/index.html"):
        html = (site.root / page).read_text(encoding="utf-8")
        parked = re.search(r'<template id="__sk-theme-bundle">(.*?)</template>', html, re.S)
        assert parked, page
        assert re.fullmatch(r'<script src="[./]*' + re.escape(bundle) + r'"></script>', parked[1])
        outside = html.replace(parked[0], "")
        assert "assets/javascripts/bundle." not in outside, f"{page} starts the bundle at once"


@pytest.mark.parametrize("names", [[], ["bundle.a.min.js", "bundle.b.min.js"]])
def test_a_theme_without_exactly_one_bundle_stops_the_build_with_a_clear_message(tmp_path, names):
    for name in names:
        (tmp_path / name).write_text("")
    with pytest.raises(ThemeBundleMissing, match="genau ein Skriptpaket"):
        bundle_url(tmp_path)
