"""Build the real site once for the video checks, and run build.py on other content folders."""

from __future__ import annotations

import mimetypes
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from site_src.quality.samples import publish_samples

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://smart.kassel.de/"


def _run_build(content: Path, site: Path) -> subprocess.CompletedProcess:
    """Run `python build.py` as an editor would, on the given content folder."""
    return subprocess.run(
        [sys.executable, "build.py", "--content", str(content), "--site", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL},
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's content, sample recordings published, built into a temporary folder."""
    root = tmp_path_factory.mktemp("videos")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    publish_samples(content)
    site = root / "site"
    result = _run_build(content, site)
    assert result.returncode == 0, result.stderr
    return site


def with_byte_ranges(site: Path, app):
    """Answer Range requests for files like nginx does, so the browser can seek in a video."""
    root = site.resolve()

    def ranged(environ, start_response):
        wanted = environ.get("HTTP_RANGE", "")
        target = (root / unquote(environ.get("PATH_INFO", "/")).lstrip("/")).resolve()
        if not wanted.startswith("bytes=") or not target.is_file():
            return app(environ, start_response)
        data = target.read_bytes()
        first, _, last = wanted.removeprefix("bytes=").split(",")[0].partition("-")
        start = int(first) if first else max(0, len(data) - int(last))
        end = min(int(last), len(data) - 1) if first and last else len(data) - 1
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        headers = [
            ("Content-Type", kind),
            ("Content-Range", f"bytes {start}-{end}/{len(data)}"),
            ("Accept-Ranges", "bytes"),
            ("Content-Length", str(end - start + 1)),
        ]
        start_response("206 Partial Content", headers)
        return [data[start : end + 1]]

    return ranged


@pytest.fixture(scope="session")
def ranged_app():
    """`ranged_app(site, app)` adds byte-range answers to a static WSGI app."""
    return with_byte_ranges


@pytest.fixture(scope="session")
def run_build_once():
    """`run_build_once(content, site)` runs build.py and returns the finished process."""
    return _run_build
