"""Hash the inline scripts of the built pages so the Content-Security-Policy allows exactly them.

Engine-independent: works on any folder of built HTML. The build calls `write_nginx_include`
after every build, so a theme update that changes an inline script updates the policy too.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from forms.intake.security_headers import security_headers

NGINX_INCLUDE = "security-headers.conf"
# One regular-expression pass instead of a full HTML parse (a large build has thousands of
# pages): comments are matched too, so a commented-out script is skipped as browsers skip it.
# A script's text ends at the first "</script" (the HTML "script data" state).
_TOKENS = re.compile(
    r"<!--.*?-->|<script\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</script\s*>",
    re.DOTALL | re.IGNORECASE,
)

# Script types a browser executes (and CSP therefore governs); data blocks such as
# type="application/json" are inert and need no hash.
_EXECUTABLE_TYPES = {
    "",
    "module",
    "importmap",
    "speculationrules",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "application/x-javascript",
    "text/ecmascript",
}


class _StartTag(HTMLParser):
    """Read the attributes of one start tag, with HTML's rules for quotes and case."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.attributes: dict[str, str | None] = {}
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = dict(attrs)


# Every page carries the same few script tags: parse each distinct one once.
@functools.lru_cache(maxsize=256)
def _executable(attribute_text: str) -> bool:
    attributes = _StartTag(f"<script{attribute_text}>").attributes
    script_type = (attributes.get("type") or "").strip().lower()
    return "src" not in attributes and script_type in _EXECUTABLE_TYPES


def script_hash(body: str) -> str:
    """Return the CSP hash source of one script body, as the browser computes it."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def inline_script_hashes(html: str) -> set[str]:
    """Hash every inline executable script of one page."""
    # Browsers normalise line breaks before parsing; hash what they will hash.
    html = html.replace("\r\n", "\n").replace("\r", "\n")
    return {
        script_hash(match.group(2))
        for match in _TOKENS.finditer(html)
        if match.group(2) is not None and _executable(match.group(1))
    }


def site_script_hashes(site_dir: Path) -> list[str]:
    """Hash the inline scripts of every built page, sorted and without repeats."""
    hashes: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"))
    return sorted(hashes)


def nginx_include(script_hashes: list[str]) -> str:
    """Render the security headers as nginx directives for every location that includes them."""
    lines = [
        "# Written by the site build (site_src/csp.py) from forms/intake/security_headers.py.",
        "# Do not edit: change the table there and rebuild. Include this file in every",
        "# location that has its own add_header (nginx drops inherited add_header lines),",
        "# then `nginx -s reload` after each deployment of a new build.",
    ]
    return "\n".join(lines + header_directives(security_headers(script_hashes))) + "\n"


def header_directives(headers: dict[str, str]) -> list[str]:
    """nginx lines that send `headers` (and hide the service's own copies of them)."""
    lines = []
    for name, value in headers.items():
        if "$" in value:
            raise ValueError(f"{name}: '$' would be read as an nginx variable")
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        # The service sends the same headers; hide its copy so each header appears once.
        lines.append(f"proxy_hide_header {name};")
        lines.append(f'add_header {name} "{quoted}" always;')
    return lines


def write_nginx_include(site_dir: Path) -> Path:
    """Write the include file into the built site, so it travels with the pages it matches."""
    target = site_dir / NGINX_INCLUDE
    target.write_text(nginx_include(site_script_hashes(site_dir)), encoding="utf-8")
    return target
