"""Turn an editor's Markdown transcript into HTML that fits under the 'Transkript' heading."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

_HEADING = re.compile(r"<(/?)h([1-6])\b")


def transcript_html(path: Path, below_level: int = 2) -> str:
    """Render the transcript; its top headings become one level below `below_level`, no gaps."""
    html = markdown.markdown(
        path.read_text(encoding="utf-8"), extensions=["extra", "sane_lists"], output_format="html"
    )
    levels = [int(level) for _close, level in _HEADING.findall(html)]
    if not levels:
        return html
    shift = below_level + 1 - min(levels)
    return _HEADING.sub(lambda m: f"<{m[1]}h{max(1, min(6, int(m[2]) + shift))}", html)
