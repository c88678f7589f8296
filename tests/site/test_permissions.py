"""The built site is readable by the web server's own user, whatever the builder's umask."""

from __future__ import annotations

import stat


def test_output_is_world_readable_even_under_a_strict_umask(run_build):
    done = run_build(umask=0o077)  # an operator account with a hardened umask
    assert done.code == 0, done.stderr
    private = []
    for path in [done.site, *done.site.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            continue
        needed = 0o005 if stat.S_ISDIR(mode) else 0o004
        if mode & needed != needed:
            private.append(f"{path.relative_to(done.site.parent)}: {stat.filemode(mode)}")
    assert not private, "not readable by other users (nginx's www-data):\n" + "\n".join(
        private[:20]
    )
    assert "previous build" not in (done.site / "index.html").read_text(encoding="utf-8")
