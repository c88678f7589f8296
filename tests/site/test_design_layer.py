"""KERN UX layer: tokens copied from the installed package, the city's colours from mkdocs.yml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_src.design import kern
from site_src.design.colours import brand_css

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "site_src" / "assets" / "kern-layer.css"

KERN_SAMPLE = """
/* comment { with braces } */
:root { --kern-8: 0.5rem; --kern-16: 1rem; --kern-unused: 3px; }
:root { --kern-metric-space-default: var(--kern-16); }
[data-kern-theme=light], .kern-light { --kern-color-action-default: var(--kern-blue);
  --kern-blue: oklch(40% 0.1 260); }
[data-kern-theme=dark] { --kern-color-action-default: white; }
@media (min-width: 768px) { :root { --kern-metric-space-default: var(--kern-8); } }
"""


def test_only_the_tokens_the_layer_uses_are_copied_with_what_they_refer_to():
    layer = (
        "a { color: var(--kern-color-action-default); margin: var(--kern-metric-space-default); }"
    )
    css = kern.tokens_css(KERN_SAMPLE, layer, "9.9.9")
    declared = dict(re.findall(r"(--kern-[\w-]+): ([^;]+);", css))
    assert declared == {
        "--kern-16": "1rem",
        "--kern-blue": "oklch(40% 0.1 260)",
        "--kern-color-action-default": "var(--kern-blue)",
        "--kern-metric-space-default": "var(--kern-16)",
    }
    assert "KERN UX 9.9.9" in css


def test_a_token_kern_no_longer_has_stops_the_build():
    with pytest.raises(KeyError, match="--kern-gone"):
        kern.tokens_css(KERN_SAMPLE, "a { color: var(--kern-gone); }", "1")


def test_the_installed_kern_serves_every_token_of_our_layer():
    source = kern.find_kern_css(ROOT)
    css = kern.tokens_css(source.read_text(encoding="utf-8"), LAYER.read_text(), "x")
    declared = set(re.findall(r"(--kern-[\w-]+):", css))
    referenced = set(re.findall(r"var\((--kern-[\w-]+)", css + LAYER.read_text()))
    assert referenced <= declared
    assert len(css.encode()) < 4000, "a token cut, not KERN's whole stylesheet"


def test_missing_kern_names_the_fix(tmp_path):
    with pytest.raises(kern.KernMissing, match="npm ci"):
        kern.find_kern_css(tmp_path)


def test_the_layer_holds_no_colour_of_its_own():
    text = re.sub(r"/\*.*?\*/", "", LAYER.read_text(), flags=re.DOTALL)
    colours = set(re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|oklch\(|hsl\(", text))
    assert colours <= {"#ffffff", "#000000"}, "only white and black to mix the city's colour with"


@pytest.mark.parametrize("bad", ["red", "#12345", "#004f6e; } body { display: none", ""])
def test_city_colours_must_be_hex(bad):
    with pytest.raises(ValueError, match="#rrggbb"):
        brand_css(bad, "#a3005c")


def test_city_colours_become_custom_properties():
    css = brand_css("#004f6e", "#a3005c")
    assert "--sk-brand-primary: #004f6e;" in css
    assert "--sk-brand-accent: #a3005c;" in css
