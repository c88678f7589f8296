"""Field checks shared by the evening and recording schemas, each error tied to a file line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from site_src.errors import ContentError
from site_src.images.source import SUFFIXES as IMAGE_SUFFIXES
from site_src.images.source import image_problem
from site_src.text import slugify
from site_src.videos.yamlnodes import Spot

KeyPath = tuple[str | int, ...]

__all__ = ["FieldChecker", "KeyPath", "label", "slugify"]


def label(path: KeyPath) -> str:
    """Name a nested key as editors count: ('videos', 0, 'title') -> 'videos[1].title'."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass
class FieldChecker:
    """Collect errors for one file; resolves editor paths relative to the file's folder."""

    source: str
    spots: dict[KeyPath, Spot]
    folder: Path
    content_dir: Path
    errors: list[ContentError] = field(default_factory=list)

    def line(self, path: KeyPath) -> int:
        """The line of `path`, else of its nearest parent that exists in the file."""
        while path and path not in self.spots:
            path = path[:-1]
        return self.spots[path].line if path else 1

    def error(self, path: KeyPath, message: str, at: KeyPath | None = None) -> None:
        """Record a problem with the key at `path`, pointing at the line of `at` if given.

        `at` names the key that made a missing one necessary (image_alt: the image's line).
        """
        line = self.line(at or path)
        self.errors.append(ContentError(self.source, line, label(path), message))

    def raw(self, path: KeyPath, value: object) -> str:
        """The value as typed: YAML would read 12:05 as the number 725, so take the file's text."""
        spot = self.spots.get(path)
        return spot.text if spot and spot.text is not None else str(value)

    def text(self, data: dict, path: KeyPath, example: str, required: bool = True) -> str | None:
        """A non-empty string, or an error that shows how to write it."""
        value = data.get(path[-1])
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(
                    path, f"fehlt, ist aber Pflicht; ergänzen Sie z. B. '{path[-1]}: {example}'"
                )
            return None
        if not isinstance(value, str | int | float):
            self.error(path, f"muss ein Text sein, z. B. '{path[-1]}: {example}'")
            return None
        return self.raw(path, value).strip()

    def file_name(self, path: Path, section: str) -> None:
        """The file name becomes the address /<section>/<name>/: a-z, 0-9 and '-' only."""
        if slugify(path.stem) != path.stem:
            good = slugify(path.stem)
            message = (
                f"'{path.name}' darf nur a-z, 0-9 und '-' enthalten, z. B. '{good}.md'; "
                f"der Name wird zur Adresse /{section}/{good}/"
            )
            self.errors.append(ContentError(self.source, 1, "file name", message))

    def unknown_keys(self, data: dict, path: KeyPath, allowed: tuple[str, ...]) -> None:
        """Reject keys the schema does not know, so typos never pass silently."""
        for key in data:
            if key not in allowed:
                names = ", ".join(allowed)
                message = f"unbekannter Schlüssel; erlaubt sind {names} (Schreibweise prüfen)"
                self.error((*path, str(key)), message)

    def file(self, path: KeyPath, value: str, suffixes: tuple[str, ...]) -> Path | None:
        """Resolve a file an editor named; None (with an error) if it is missing or misplaced."""
        target = (self.folder / value).resolve()
        where = f"Pfade gelten relativ zu {self._shown_folder()}"
        if PurePosixPath(value).is_absolute() or "://" in value:
            self.error(path, f"'{value}' muss eine Datei im Inhaltsordner sein ({where})")
            return None
        if not target.is_relative_to(self.content_dir.resolve()):
            self.error(path, f"'{value}' zeigt aus dem Inhaltsordner heraus ({where})")
            return None
        if target.suffix.lower() not in suffixes:
            self.error(path, f"'{value}' muss auf {' oder '.join(suffixes)} enden")
            return None
        if not target.is_file():
            self.error(path, f"Datei '{value}' nicht gefunden ({where})")
            return None
        problem = image_problem(target) if target.suffix.lower() in IMAGE_SUFFIXES else None
        if problem:
            self.error(path, f"'{value}' {problem}")
            return None
        return target

    def content_path(self, target: Path) -> str:
        """The file's path inside the content folder, as the built site will serve it."""
        return target.relative_to(self.content_dir.resolve()).as_posix()

    def _shown_folder(self) -> str:
        """The folder editors see paths relative to, e.g. 'content/videos/'."""
        inside = self.folder.resolve().relative_to(self.content_dir.resolve()).as_posix()
        return f"content/{inside}/" if inside != "." else "content/"
