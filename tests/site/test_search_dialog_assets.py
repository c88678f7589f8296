"""Pages carry no theme bundle: the search dialog is ours and loads only when the search opens."""

from __future__ import annotations

import re

SCRIPT_TAG = re.compile(r'<script[^>]*\bsrc="([^"]+)"')


def test_no_page_loads_or_parks_material_s_script_bundle(site):
    for page in site.html_files():
        html = page.read_text(encoding="utf-8")
        assert "assets/javascripts/bundle." not in html, page
        assert "__sk-theme-bundle" not in html, page


def test_the_dialog_is_loaded_on_demand_by_the_script_every_page_has(site):
    dialog = site.root / "assets" / "sk" / "search-dialog.js"
    assert dialog.is_file()
    for page in (site.root / "index.html", site.root / "aktuelles" / "index.html"):
        sources = SCRIPT_TAG.findall(page.read_text(encoding="utf-8"))
        assert any(source.endswith("assets/sk/theme-loader.js") for source in sources), sources
        assert not any("search-dialog" in source for source in sources), sources
    loader = (site.root / "assets" / "sk" / "theme-loader.js").read_text(encoding="utf-8")
    assert '"search-dialog.js"' in loader
