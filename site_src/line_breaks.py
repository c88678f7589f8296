"""Keep one sentence per line where a page asks for it (`line_breaks: true`, Leichte Sprache).

Markdown joins the lines of a paragraph; Leichte Sprache needs each sentence to start on a new
line. Ending a line with two spaces is Markdown's own hard line break, so the page stays
portable to any Markdown engine.
"""

from __future__ import annotations

import re

# Lines that start a new block: the line before them needs no break, nor do they.
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|#|>|```|~~~|<|\|)")
_NO_BREAK_AFTER = ("#", "```", "~~~", "<", "|")


def page_markdown(src: str, markdown: str, meta: dict, content, settings) -> str:
    """Add a hard line break after each line that the next line of the paragraph continues."""
    if meta.get("line_breaks") is not True:
        return markdown
    lines = markdown.split("\n")
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        continued = following.strip() and not _BLOCK_START.match(following)
        if line.strip() and continued and not line.lstrip().startswith(_NO_BREAK_AFTER):
            lines[index] = line.rstrip() + "  "
    return "\n".join(lines)
