"""`make deploy`, `review-deploy` and `review-stop` mirror a build over SSH, as CI runs them.

A stand-in for ssh runs the remote side on this machine, so rsync really copies and deletes.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Drops ssh's options and the host name, then runs the remote command locally, as sshd would.
FAKE_SSH = """#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in -o|-i|-l|-p) shift 2;; -*) shift;; *) break;; esac
done
echo "$1" >> "$(dirname "$0")/hosts"
shift
exec sh -c "$*"
"""


@pytest.fixture
def server(tmp_path: Path) -> dict[str, str]:
    """Environment for the make targets, pointing at a folder that plays the web server."""
    fake = tmp_path / "ssh"
    fake.write_text(FAKE_SSH, encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Startseite</h1>", encoding="utf-8")
    (site / "aktuelles").mkdir()
    (site / "aktuelles/index.html").write_text("<h1>Aktuelles</h1>", encoding="utf-8")
    (tmp_path / "web/vorschau").mkdir(parents=True)
    return {
        "DEPLOY_SSH": str(fake),
        "SITE_DIR": str(site),
        "DEPLOY_HOST": "web1.example.org",
        "DEPLOY_USER": "deploy",
        "DEPLOY_PATH": str(tmp_path / "web/site"),
        "REVIEW_ROOT": str(tmp_path / "web/vorschau"),
        "SSH_PRIVATE_KEY": "",
        "SSH_KNOWN_HOSTS": "",
        "DEPLOY_RELOAD": "",
    }


def _make(target: str, env: dict[str, str], **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=REPO,
        env={**os.environ, **env, **extra},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_mirrors_the_build_and_removes_what_the_build_no_longer_has(server, tmp_path):
    target = Path(server["DEPLOY_PATH"])
    first = _make("deploy", server)
    assert first.returncode == 0, first.stderr
    (target / "alt.html").write_text("alte Seite", encoding="utf-8")
    (Path(server["SITE_DIR"]) / "index.html").write_text("<h1>Neu</h1>", encoding="utf-8")

    done = _make("deploy", server, DEPLOY_RELOAD=f"touch {tmp_path}/reloaded")

    assert done.returncode == 0, done.stderr
    assert (target / "index.html").read_text(encoding="utf-8") == "<h1>Neu</h1>"
    assert (target / "aktuelles/index.html").is_file()
    assert not (target / "alt.html").exists()
    assert (tmp_path / "reloaded").exists(), "the reload command ran on the server"
    hosts = (tmp_path / "hosts").read_text().split()
    assert len(hosts) == 3 and all(host.endswith("web1.example.org") for host in hosts)


def test_review_deploy_and_stop_touch_only_the_review_folder(server, tmp_path):
    done = _make("review-deploy", server, REVIEW_SLUG="feature-seilbahn")
    assert done.returncode == 0, done.stderr
    review = Path(server["REVIEW_ROOT"]) / "feature-seilbahn"
    assert (review / "index.html").is_file()
    assert not Path(server["DEPLOY_PATH"]).exists(), "the real site stays untouched"

    stopped = _make("review-stop", server, REVIEW_SLUG="feature-seilbahn")
    assert stopped.returncode == 0, stopped.stderr
    assert not review.exists() and Path(server["REVIEW_ROOT"]).is_dir()


@pytest.mark.parametrize("slug", ["", "..", "../site", "a b", "Feature"])
def test_review_stop_refuses_a_slug_that_is_no_short_name(server, slug):
    keep = Path(server["REVIEW_ROOT"]) / "andere"
    keep.mkdir()
    done = _make("review-stop", server, REVIEW_SLUG=slug)
    assert done.returncode == 2
    assert "REVIEW_SLUG fehlt oder ist kein Kurzname" in done.stderr
    assert keep.is_dir()


@pytest.mark.parametrize("missing", ["DEPLOY_HOST", "DEPLOY_USER", "DEPLOY_PATH"])
def test_deploy_names_a_missing_setting_in_german(server, missing):
    done = _make("deploy", {**server, missing: ""})
    assert done.returncode == 2
    assert done.stderr.startswith(f"{missing} fehlt: ")
    assert not Path(server["DEPLOY_PATH"]).exists()


def test_deploy_without_a_build_says_to_build_first(server, tmp_path):
    done = _make("deploy", {**server, "SITE_DIR": str(tmp_path / "leer")})
    assert done.returncode == 2
    assert "hat keine gebaute Website; zuerst make build" in done.stderr
