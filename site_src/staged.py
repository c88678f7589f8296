"""Ask git which content files the next commit removes, so the commit hook checks links to them.

Commit hooks are handed the files a commit adds or changes, never the ones it deletes or
renames away; a link elsewhere to such a file would break unnoticed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def removed_content(repo: Path, content_dir: str = "content") -> list[str]:
    """Paths under `content_dir` that the staged commit deletes or renames (none outside git)."""
    listing = subprocess.run(
        ["git", "diff", "--cached", "--name-status", "-M", "--", content_dir],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        return []
    removed = []
    for line in listing.stdout.splitlines():
        status, *paths = line.split("\t")
        if status.startswith(("D", "R")) and paths:
            removed.append(paths[0])
    return removed
