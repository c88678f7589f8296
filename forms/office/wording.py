"""German counts for the office's messages: "1 Eintrag", "2 Einträge", never "1 Einträge"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str) -> str:
    """Put the count before the singular or the plural noun, as German needs it."""
    return f"{count} {singular if count == 1 else plural}"


def entries(count: int) -> str:
    """Count submissions ("Einträge")."""
    return counted(count, "Eintrag", "Einträge")


def mails(count: int) -> str:
    """Count e-mails."""
    return counted(count, "E-Mail", "E-Mails")
