"""Validate built pages with the Nu Html Checker in one JVM run and list its errors readably."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"

# Checker errors we accept: (start of the message, text the offending markup contains), each with
# the reason. Only for theme markup we cannot change without copying the theme's base template;
# the markup pattern keeps the same error in our own templates reported.
ACCEPTED_ERRORS: dict[tuple[str, str], str] = {
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'): (
        "Material's base.html sets autocomplete=off on its CSS-only state checkboxes (drawer, "
        "search) so Firefox does not restore an open menu after reload; no block to override."
    ),
}


def validate_html(pages: list[Path], jar: Path = VNU_JAR, root: Path | None = None) -> list[str]:
    """Return 'file:line: message' for every error the checker finds in the given pages."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java is not installed: install default-jre-headless (.ci/run does)")
    if not jar.is_file():
        raise RuntimeError(f"{jar} is missing: run `npm ci` (make test does)")
    if not pages:
        return []
    command = [java, "-Xss8m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]
    command += [str(page) for page in pages]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [
        _format(message, root)
        for message in report.get("messages", [])
        if message.get("type") in {"error", "non-document-error"} and not _accepted(message)
    ]


def _accepted(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(start) and markup in extract for start, markup in ACCEPTED_ERRORS)


def _format(message: dict, root: Path | None) -> str:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    if root is not None and path.is_relative_to(root):
        path = path.relative_to(root)
    line = message.get("lastLine", "?")
    extract = " ".join(message.get("extract", "").split())[:120]
    return f"{path}:{line}: {message.get('message', '')} [{extract}]"
