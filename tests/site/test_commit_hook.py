"""The check before a commit: `make hooks` installs it, bad content is refused with file:line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COPIED = ("build.py", "mkdocs.yml", "pyproject.toml", "Makefile", ".pre-commit-config.yaml")
POST = "content/aktuelles/posts/2021-07-01-sprechstunde.md"
GOOD = """---
date: 2021-07-01
title: Offene Sprechstunde im Rathaus
description: Das Smart Kassel-Büro beantwortet jeden Donnerstag Fragen.
categories:
  - Beteiligung
---

Mehr zur [Strategie](../../strategie/index.md).
"""


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def editor_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fresh repository with the project's files, hooks installed the way `make hooks` does."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in COPIED:
        shutil.copy2(REPO / name, repo / name)
    for folder in ("site_src", "forms", "content"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / folder, repo / folder, ignore=ignore)
    (repo / ".venv").symlink_to(REPO / ".venv")
    (repo / ".gitignore").write_text(".venv\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Redaktion",
        "GIT_AUTHOR_EMAIL": "redaktion@example.org",
        "GIT_COMMITTER_NAME": "Redaktion",
        "GIT_COMMITTER_EMAIL": "redaktion@example.org",
    }
    assert _git(repo, "init", "-q", "-b", "main", env=env).returncode == 0
    assert _git(repo, "add", "-A", env=env).returncode == 0
    assert _git(repo, "commit", "-q", "-m", "start", env=env).returncode == 0
    # -o: the shared .venv is installed already; never reinstall it from the copy.
    installed = subprocess.run(
        ["make", "-o", ".venv/.installed", "hooks"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    assert (repo / ".git/hooks/pre-commit").is_file()
    return repo, env


def _commit(repo: Path, env: dict[str, str], text: str, path: str = POST):
    (repo / path).write_text(text, encoding="utf-8")
    _git(repo, "add", path, env=env)
    return _git(repo, "commit", "-m", "Meldung", env=env)


def _commits(repo: Path, env: dict[str, str]) -> int:
    return int(_git(repo, "rev-list", "--count", "HEAD", env=env).stdout)


def test_bad_article_is_refused_with_file_line_and_field(editor_repo):
    repo, env = editor_repo
    bad = GOOD.replace("  - Beteiligung\n", "  - Beteiligung\npinned: ja\n")

    refused = _commit(repo, env, bad)

    assert refused.returncode != 0
    shown = refused.stdout + refused.stderr
    assert f"{POST}:7: pinned: muss true oder false sein" in shown
    assert _commits(repo, env) == 1


def test_broken_link_in_the_changed_page_is_refused(editor_repo):
    repo, env = editor_repo
    refused = _commit(repo, env, GOOD.replace("strategie/index.md", "strategie/verkehr.md"))
    assert refused.returncode != 0
    assert f"{POST}:9: link: '../../strategie/verkehr.md'" in refused.stdout + refused.stderr
    assert _commits(repo, env) == 1


def test_good_article_is_committed(editor_repo):
    repo, env = editor_repo
    done = _commit(repo, env, GOOD)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"Inhalte prüfen \(build\.py check\)\.+Passed", done.stderr)
    assert _commits(repo, env) == 2


def test_only_the_changed_files_are_judged(editor_repo):
    repo, env = editor_repo
    other = repo / "content/aktuelles/posts/2021-06-23-nachbarschafts-app.md"
    other.write_text(other.read_text(encoding="utf-8").replace("date:", "pinned: ja\ndate:"))
    _git(repo, "commit", "-q", "--no-verify", "-am", "older mistake", env=env)

    done = _commit(repo, env, GOOD)

    assert done.returncode == 0, "a mistake in another file does not block this commit"
    assert _commits(repo, env) == 3


def test_hook_config_checks_content_with_the_changed_file_names():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    content_hook = hooks["inhalte-pruefen"]
    assert content_hook["entry"].endswith("build.py check")
    assert content_hook["files"] == "^content/"
    assert content_hook.get("pass_filenames", True)


def test_deleting_an_article_that_another_page_links_to_is_refused(editor_repo):
    repo, env = editor_repo
    linked = "content/aktuelles/posts/2021-06-21-bund-foerdert-smart-city.md"
    _git(repo, "rm", "-q", linked, env=env)
    refused = _git(repo, "commit", "-m", "weg damit", env=env)
    assert refused.returncode != 0
    assert "content/strategie/index.md:20: link: " in refused.stderr + refused.stdout
    assert _commits(repo, env) == 1


def test_deleting_an_article_nobody_links_to_is_committed(editor_repo):
    repo, env = editor_repo
    _git(repo, "rm", "-q", "content/aktuelles/posts/2021-06-23-nachbarschafts-app.md", env=env)
    done = _git(repo, "commit", "-m", "weg damit", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _commits(repo, env) == 2
