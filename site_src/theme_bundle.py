"""The theme's script bundle by its file name, so pages can hold it back until search opens.

Material loads one bundle, `assets/javascripts/bundle.<hash>.min.js`, which starts the search
and with it the download of the whole index. Pages park it in a `<template>` that
`theme-loader.js` starts on demand. Reading the name from the installed theme (pinned to one
minor version) replaces splitting the rendered `scripts` block, which would break silently if
the theme changed that block's markup; a different layout of the theme stops the build instead.
"""

from __future__ import annotations

from pathlib import Path

import material

SCRIPTS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"


class ThemeBundleMissing(RuntimeError):
    """The installed theme does not ship exactly one script bundle where we expect it."""


def bundle_url(scripts: Path = SCRIPTS) -> str:
    """The bundle's address relative to the site root, e.g. assets/javascripts/bundle.x.min.js."""
    found = sorted(scripts.glob("bundle.*.min.js"))
    if len(found) != 1:
        raise ThemeBundleMissing(
            f"{scripts}: erwartet genau ein Skriptpaket bundle.*.min.js des Themes, "
            f"gefunden {len(found)}. Bitte die Version aus requirements.lock installieren "
            "(make) oder site_src/theme_bundle.py an das neue Theme anpassen."
        )
    return f"assets/javascripts/{found[0].name}"
