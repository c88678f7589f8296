"""Mark a review build of a branch: a banner that names the branch, and noindex for crawlers.

A merge request's pipeline builds its branch with REVIEW_BRANCH set and its own SITE_URL; that
copy must never pass for the published site, nor end up in a search engine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from html import escape

REVIEW_VARIABLE = "REVIEW_BRANCH"
ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
ROBOTS_PATH = "robots.txt"
ROBOTS_TXT = "# Vorschau eines Zweigs: nicht indexieren.\nUser-agent: *\nDisallow: /\n"
# For the nginx include that travels with the build (security-headers.conf).
NGINX_HEADER = 'add_header X-Robots-Tag "noindex, nofollow" always;\n'
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def review_branch(environ: Mapping[str, str] | None = None) -> str:
    """The branch a review build shows, or "" for the real site."""
    environ = os.environ if environ is None else environ
    return environ.get(REVIEW_VARIABLE, "").strip()


def banner(branch: str) -> str:
    """The notice on top of every page of a review build."""
    return (
        '<div class="sk-review-banner" role="note">'
        f"Vorschau des Zweigs „{escape(branch)}“, nicht veröffentlicht."
        "</div>"
    )


def mark_page(html: str, branch: str) -> str:
    """Add the robots meta tag and the banner to a page of a review build; else change nothing."""
    if not branch:
        return html
    html = html.replace("</head>", f"{ROBOTS_META}\n</head>", 1)
    body = _BODY.search(html)
    if body is None:
        return html
    return f"{html[: body.end()]}\n{banner(branch)}{html[body.end() :]}"


def review_files(branch: str) -> list[tuple[str, str]]:
    """robots.txt that turns every crawler away, for review builds only."""
    return [(ROBOTS_PATH, ROBOTS_TXT)] if branch else []
