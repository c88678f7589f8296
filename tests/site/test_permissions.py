"""The built site is readable by the web server's own user, whatever the builder's umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_output_is_world_readable_even_under_a_strict_umask(tmp_path):
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--site", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o077),  # an operator account with a hardened umask
    )
    assert done.returncode == 0, done.stderr
    private = []
    for path in [site, *site.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            continue
        needed = 0o005 if stat.S_ISDIR(mode) else 0o004
        if mode & needed != needed:
            private.append(f"{path.relative_to(tmp_path)}: {stat.filemode(mode)}")
    assert not private, "not readable by other users (nginx's www-data):\n" + "\n".join(
        private[:20]
    )
    assert (site / "index.html").is_file()
