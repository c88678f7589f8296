"""Editor-facing content errors: collected across a whole build and reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in one file, phrased for an editor: where it is, what is wrong, how to fix it."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentErrors(Exception):
    """Raised once per build with every error found, so editors fix them all in one round."""

    def __init__(self, errors: list[ContentError]):
        # A file read by two checks (a date is also a page) reports a broken header once.
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(error) for error in self.errors))


def raise_if_any(errors: list[ContentError]) -> None:
    """Stop the build when anything was collected."""
    if errors:
        raise ContentErrors(errors)


class BuildAborted(Exception):
    """The engine stopped (e.g. a warning in strict mode); its log lines say why."""
