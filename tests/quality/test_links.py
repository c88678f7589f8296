"""Every internal link and source of the built site leads somewhere, #fragments included."""

from __future__ import annotations

from pathlib import Path

from site_src.quality.links import check_links

# Served by the form service next to the static site, not part of the build.
SERVICE_PREFIXES = ("/api/",)


def test_every_internal_link_resolves(built_site: Path) -> None:
    problems = check_links(built_site, skip_prefixes=SERVICE_PREFIXES)
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems)
