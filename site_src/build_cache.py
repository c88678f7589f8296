"""Reuse the last build's output when nothing that shapes it has changed (the warm build).

A cold build of a thousand articles renders every page again. When the content, the
configuration, the code and templates that render it, the installed packages, the variables
the build reads and the build clock are all the same as last time, the output is the same
too, so the build restores it instead: it checks every file of site/ against the recorded
manifest and repairs what is missing or different from the cached copy.

The key covers each input as bytes, never as a modification time. The clock is not in the
key: an output is reused only before the moment it would change by itself (a date ending, a
form closing, midnight; see `time_horizon`). Builds on a fixed clock (`--as-of`,
`FORMS_PREVIEW_NOW`) are never reused: their form sections carry the real time they were built
at, from which the preview clock in the browser runs on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import forms
import site_src

ROOT = Path(__file__).resolve().parent.parent
# The packages that render, wherever they are imported from (a bench copy uses the installed forms).
CODE_PACKAGES = (Path(site_src.__file__).parent, Path(forms.__file__).parent)
CODE_FILES = ("build.py", "pyproject.toml", "requirements.lock", "package-lock.json")
NPM_RECORD = "node_modules/.package-lock.json"
# The clock's, form_pages' and review's variables, spelled out: importing those modules costs
# more than a warm build may take (a test keeps the names equal).
AS_OF_VARIABLE, FORMS_PREVIEW_VARIABLE = "SITE_AS_OF", "FORMS_PREVIEW_NOW"
# SOURCE_DATE_EPOCH: mkdocs' build date (sitemap.xml's lastmod) when set.
READ_VARIABLES = (
    AS_OF_VARIABLE,
    FORMS_PREVIEW_VARIABLE,
    "FORMS_API_URL",
    "REVIEW_BRANCH",
    "SOURCE_DATE_EPOCH",
)
READ_PREFIXES = ("CMS_",)
KEPT_BUILDS = 3
MANIFEST = "manifest.json"
_ENV_TAG = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")
_SKIPPED_PARTS = {"__pycache__", ".pytest_cache"}


@dataclass(frozen=True)
class Built:
    """What a build made, and from when until when its output is what a build would give."""

    pages: int
    articles: int
    started: dt.datetime
    valid_until: dt.datetime


@dataclass(frozen=True)
class Reused:
    """What the restored build had produced, for the one-line report."""

    pages: int
    articles: int
    repaired: int


def input_key(
    config_file: Path, docs_dir: Path, environ: Mapping[str, str] | None = None
) -> str | None:
    """A hash of everything but the clock the output depends on; None for a fixed clock."""
    environ = os.environ if environ is None else environ
    if environ.get(AS_OF_VARIABLE, "").strip() or environ.get(FORMS_PREVIEW_VARIABLE, "").strip():
        return None
    digest = hashlib.sha256()
    config_text = config_file.read_bytes()
    _add(digest, "config", config_text)
    for name, value in sorted(_read_variables(config_text.decode("utf-8"), environ).items()):
        _add(digest, f"env:{name}", value)
    for label, path in _input_files(config_file, docs_dir):
        _add(digest, label, path.read_bytes())
    _add(digest, "python", sys.version)
    _add(digest, "packages", "\n".join(_installed_packages()))
    return digest.hexdigest()


def restore(site_dir: Path, key: str, cache_dir: Path, now: dt.datetime) -> Reused | None:
    """Make `site_dir` the cached output of `key`; None when there is none, it is out of date
    at `now`, or it is damaged."""
    entry = cache_dir / key
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        built = dt.datetime.fromisoformat(manifest["built"])
        valid_until = dt.datetime.fromisoformat(manifest["valid_until"])
    except (OSError, ValueError, KeyError):
        return None
    if not built <= now < valid_until:
        return None
    files: dict[str, str] = manifest["files"]
    with ThreadPoolExecutor() as pool:  # hashlib hashes outside the GIL: all cores help
        found = pool.map(_digest, [site_dir / path for path in files])
        broken = [path for path, digest in zip(files, found, strict=True) if digest != files[path]]
    for path in broken:
        if _digest(entry / "site" / path) != files[path]:
            return None  # the cache is damaged too: build again
    try:
        for path in broken:
            _replace(entry / "site" / path, site_dir / path)
        _remove_others(site_dir, set(files))
    except OSError:  # another build pruned the entry meanwhile: build instead
        return None
    os.utime(entry)  # most recently used: kept longest
    return Reused(manifest["pages"], manifest["articles"], len(broken))


def store(site_dir: Path, key: str, cache_dir: Path, built: Built) -> None:
    """Keep a copy of the output of `key` (its own, so damage to site/ cannot reach it)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    if (cache_dir / key).exists():
        shutil.rmtree(cache_dir / key, ignore_errors=True)  # older, with an earlier horizon
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=cache_dir))
    files = {}
    for path in _tree(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        files[relative] = _digest(path)
        target = staging / "site" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    manifest = {
        "pages": built.pages,
        "articles": built.articles,
        "built": built.started.isoformat(),
        "valid_until": built.valid_until.isoformat(),
        "files": files,
    }
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
    # mkdocs follows symbolic links in docs_dir: so does the key.
    for path in _tree(docs_dir, follow_links=True):
        yield f"content:{path.relative_to(docs_dir).as_posix()}", path
    for package in CODE_PACKAGES:
        for path in _tree(package):
            yield f"code:{package.name}/{path.relative_to(package).as_posix()}", path
    for name in (*CODE_FILES, NPM_RECORD):
        if (ROOT / name).is_file():
            yield f"code:{name}", ROOT / name


def _installed_packages() -> list[str]:
    found = {f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()}
    return sorted(found)


def _tree(root: Path, follow_links: bool = False) -> list[Path]:
    """Every file under `root`, in a stable order, without caches of Python tools."""
    found = []
    for folder, subfolders, files in os.walk(root, followlinks=follow_links):
        subfolders[:] = sorted(name for name in subfolders if name not in _SKIPPED_PARTS)
        found += [Path(folder, name) for name in sorted(files) if not name.endswith(".pyc")]
    return found


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


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
