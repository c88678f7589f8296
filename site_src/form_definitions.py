"""The form definitions in content/forms/, read once per build instead of once per use.

Seven build steps ask for them (checks, form pages, dates with registration, the home page,
embeds, the CMS), and with a registration form per date that cost grew with the dates. The
result is kept while no file in the folder changed (name, size, time, inode), so the live
preview and tests that rewrite a form still see the new version.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from forms.definitions import FormDefinition
from forms.definitions import load_all as load_from_files


def load_all(directory: str | Path) -> dict[str, FormDefinition]:
    """Like forms.definitions.load_all (same errors), from memory while the folder is unchanged."""
    directory = Path(directory)
    if not directory.is_dir():
        return load_from_files(directory)  # raises the loader's own error
    return dict(_load(directory, _signature(directory)))


def _signature(directory: Path) -> tuple:
    files = []
    for path in sorted(directory.glob("*.yml")):
        stat = path.stat()
        files.append((path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(files)


@lru_cache(maxsize=16)
def _load(directory: Path, _signature: tuple) -> dict[str, FormDefinition]:
    return load_from_files(directory)
