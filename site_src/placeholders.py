"""Refuse to publish an article that still carries the scaffold's placeholder text."""

from __future__ import annotations

from site_src.errors import ContentError
from site_src.frontmatter import FrontMatter
from site_src.scaffold import PLACEHOLDER_BODY, PLACEHOLDER_DESCRIPTION

_HINT = "ersetzen Sie den Platzhaltertext der Vorlage, bevor Sie 'draft: true' entfernen"


def placeholder_errors(fm: FrontMatter) -> list[ContentError]:
    """One error per place where the template's sample text is still there."""
    errors = []
    description = fm.meta.get("description")
    if isinstance(description, str) and PLACEHOLDER_DESCRIPTION in description:
        line = fm.line_of("description")
        errors.append(
            ContentError(fm.path, line, "description", f"ist noch der Platzhalter; {_HINT}")
        )
    for offset, text in enumerate(fm.body.splitlines()):
        if PLACEHOLDER_BODY in text:
            line = fm.body_line + offset
            errors.append(
                ContentError(fm.path, line, "text", f"enthält noch den Platzhalter; {_HINT}")
            )
            break
    return errors
