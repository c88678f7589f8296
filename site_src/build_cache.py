"""Reuse the last build's output when nothing that shapes it has changed (the warm build).

A cold build of a thousand articles renders every page again. When the content, the
configuration, the code and templates that render it, the installed packages, the variables
the build reads and the build clock are all the same as last time, the output is the same
too, so the build restores it instead: it checks every file of site/ against the recorded
manifest and repairs what is missing or different from the cached copy.

The key covers each input as bytes, never as a modification time. A clock that follows the
real time never repeats, so only builds with a fixed clock (`--as-of`, `FORMS_PREVIEW_NOW`;
CI, `make run`, the tests) are reused; a build on the real clock always renders.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from site_src.clock import AS_OF_VARIABLE, FORMS_PREVIEW_VARIABLE, build_clock
from site_src.form_pages import API_VARIABLE
from site_src.review import REVIEW_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("site_src", "forms")
CODE_FILES = ("build.py", "pyproject.toml", "requirements.lock", "package-lock.json")
NPM_RECORD = "node_modules/.package-lock.json"
READ_VARIABLES = (AS_OF_VARIABLE, FORMS_PREVIEW_VARIABLE, API_VARIABLE, REVIEW_VARIABLE)
READ_PREFIXES = ("CMS_",)
KEPT_BUILDS = 3
MANIFEST = "manifest.json"
_ENV_TAG = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")
_SKIPPED_PARTS = {"__pycache__", ".pytest_cache"}


@dataclass(frozen=True)
class Reused:
    """What the restored build had produced, for the one-line report."""

    pages: int
    articles: int
    repaired: int


def input_key(
    config_file: Path, docs_dir: Path, environ: Mapping[str, str] | None = None
) -> str | None:
    """A hash of everything the output depends on, or None when the clock follows real time."""
    environ = os.environ if environ is None else environ
    if not (environ.get(AS_OF_VARIABLE, "").strip() or environ.get(FORMS_PREVIEW_VARIABLE, "")):
        return None
    clock = build_clock(environ)
    digest = hashlib.sha256()
    _add(digest, "clock", f"{clock.day}|{clock.moment.isoformat()}|{clock.preview}")
    config_text = config_file.read_bytes()
    _add(digest, "config", config_text)
    for name, value in sorted(_read_variables(config_text.decode("utf-8"), environ).items()):
        _add(digest, f"env:{name}", value)
    for label, path in _input_files(config_file, docs_dir):
        _add(digest, label, path.read_bytes())
    _add(digest, "python", sys.version)
    _add(digest, "packages", "\n".join(_installed_packages()))
    return digest.hexdigest()


def restore(site_dir: Path, key: str, cache_dir: Path) -> Reused | None:
    """Make `site_dir` the cached output of `key`; None when there is none or it is damaged."""
    entry = cache_dir / key
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files: dict[str, str] = manifest["files"]
    broken = [path for path, digest in files.items() if _digest(site_dir / path) != digest]
    for path in broken:
        if _digest(entry / "site" / path) != files[path]:
            return None  # the cache is damaged too: build again
    for path in broken:
        _replace(entry / "site" / path, site_dir / path)
    _remove_others(site_dir, set(files))
    os.utime(entry)  # most recently used: kept longest
    return Reused(manifest["pages"], manifest["articles"], len(broken))


def store(site_dir: Path, key: str, cache_dir: Path, pages: int, articles: int) -> None:
    """Keep the output of `key` (hard links where possible) and drop the oldest entries."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    if (cache_dir / key).exists():
        return
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=cache_dir))
    files = {}
    for path in _tree(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        files[relative] = _digest(path)
        target = staging / "site" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(path, target)
    manifest = {"pages": pages, "articles": articles, "files": files}
    (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    try:
        staging.rename(cache_dir / key)
    except OSError:  # another build stored the same key first
        shutil.rmtree(staging, ignore_errors=True)
    _prune(cache_dir)


def _add(digest, label: str, value: bytes | str) -> None:
    data = value.encode("utf-8") if isinstance(value, str) else value
    for part in (label.encode("utf-8"), data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)


def _read_variables(config_text: str, environ: Mapping[str, str]) -> dict[str, str]:
    """The variables the build reads: ours, and those mkdocs.yml names with !ENV."""
    names = set(READ_VARIABLES) | set(_ENV_TAG.findall(config_text))
    names |= {name for name in environ if name.startswith(READ_PREFIXES)}
    return {name: environ[name] for name in names if name in environ}


def _input_files(config_file: Path, docs_dir: Path) -> Iterator[tuple[str, Path]]:
    for path in _tree(docs_dir):
        yield f"content:{path.relative_to(docs_dir).as_posix()}", path
    for folder in CODE_DIRS:
        for path in _tree(ROOT / folder):
            yield f"code:{path.relative_to(ROOT).as_posix()}", path
    for name in (*CODE_FILES, NPM_RECORD):
        if (ROOT / name).is_file():
            yield f"code:{name}", ROOT / name


def _installed_packages() -> list[str]:
    found = {f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()}
    return sorted(found)


def _tree(root: Path) -> list[Path]:
    """Every file under `root`, in a stable order, without caches of Python tools."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in _SKIPPED_PARTS)
        found += [Path(folder, name) for name in sorted(files) if not name.endswith(".pyc")]
    return found


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _replace(source: Path, target: Path) -> None:
    """Put a fresh copy in place with a rename, so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.restore")
    shutil.copyfile(source, temporary)
    temporary.chmod(0o644)
    temporary.replace(target)


def _remove_others(site_dir: Path, wanted: set[str]) -> None:
    for path in _tree(site_dir):
        if path.relative_to(site_dir).as_posix() not in wanted:
            path.unlink()
    for folder, _subfolders, _files in os.walk(site_dir, topdown=False):
        if Path(folder) != site_dir and not any(Path(folder).iterdir()):
            Path(folder).rmdir()


def _prune(cache_dir: Path) -> None:
    entries = [path for path in cache_dir.iterdir() if path.is_dir() and len(path.name) == 64]
    entries.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for old in entries[KEPT_BUILDS:]:
        shutil.rmtree(old, ignore_errors=True)
