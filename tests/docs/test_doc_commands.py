"""Every command of the quick start, the editors' guide and the office guide runs as written.

The commands come from the fenced blocks marked ```` ```sh test ```` in README.md,
docs/redaktion.md and docs/office.md, and run in that order in a fresh copy of the repository
(the files git tracks, plus new ones it does not ignore), so the guides cannot drift from the
code. The copy reuses the project's installed `.venv` and `node_modules` through symlinks.
Two liberties, both needed to share a machine: a server command ("until Ctrl+C" / "bis
Strg+C") runs on a free port and is stopped with Ctrl+C (SIGINT) once it answers, and
`make test` only collects the suite (PYTEST_ADDOPTS), because running it would run this test.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GUIDES = ("README.md", "docs/redaktion.md", "docs/office.md")
_BLOCK = re.compile(r"^([ \t]*)```sh test\n(.*?)^\1```", re.M | re.S)
_SERVER = re.compile(r"until Ctrl\+C|bis Strg\+C")
_URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")
_PORT = re.compile(r"--port \d+")
_CONFIRM = re.compile(r"/api/bestaetigen/([^\s/]+)")
QUIZ_ENTRY = [
    ("kommunen", "32"),
    ("laufzeit", "7"),
    ("foerderung", "11"),
    ("auftakt", "digitaltag"),
    ("raffles", "buergerrat"),
    ("raffles", "auebad"),
    ("conditions", "on"),
    ("consent", "on"),
    ("website", ""),
]
# One seat and 20 tickets: 21 entrants leave no prize undrawn (`draw` exits 3 otherwise).
ENTRANTS = ["person@example.org", *(f"person{n}@example.org" for n in range(1, 21))]


def documented_commands(guide: str) -> list[str]:
    """The shell commands of one guide's tested blocks, continuation lines joined."""
    text = (REPO / guide).read_text(encoding="utf-8")
    commands = []
    for indent, body in _BLOCK.findall(text):
        lines = [line.removeprefix(indent) for line in body.splitlines()]
        joined = "\n".join(lines).replace("\\\n", " ")
        commands += [line.strip() for line in joined.splitlines() if line.strip()]
    return commands


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of the repository that shares the installed packages."""
    root = tmp_path_factory.mktemp("docs") / "smart-kassel"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    for shared in (".venv", "node_modules"):
        (root / shared).symlink_to(REPO / shared)
    # Editors work in a Git checkout: `make hooks` installs into its .git/hooks.
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    # The install stamps in the shared folders must look newer than what they were made from,
    # or make would reinstall the shared environment from the copy.
    for made_from in ("pyproject.toml", "package.json", "package-lock.json"):
        os.utime(root / made_from, (0, 0))
    return root


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.pop("VIRTUAL_ENV", None)
    # The seeding posts more entries a minute than a visitor may; the limit is not under test.
    return env | {
        "PORT": str(port),
        "PYTEST_ADDOPTS": "--collect-only -q -p no:cacheprovider",
        "RATELIMIT_SUBMIT": "1000 per minute",
    }


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{url}: the server stopped early"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _take_part_in_the_quiz(base: str) -> None:
    """Give the office something to export and draw: entries with every answer right."""
    for email in ENTRANTS:
        data = urllib.parse.urlencode([*QUIZ_ENTRY, ("email", email)]).encode()
        request = urllib.request.Request(f"{base}api/forms/smart-kassel-quiz", data=data)
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.url.endswith("/mitmachen/quiz/danke/"), answer.url


def _confirm_every_entry(base: str, clone: Path) -> None:
    """Click each entrant's confirmation link (double opt-in), read from the outbox."""
    with sqlite3.connect(clone / "instance" / "forms.sqlite3") as database:
        bodies = [body for (body,) in database.execute("SELECT body FROM outbox")]
    tokens = [m.group(1) for body in bodies if (m := _CONFIRM.search(body))]
    assert len(tokens) == len(ENTRANTS), "every entrant gets one confirmation link"
    for token in tokens:
        request = urllib.request.Request(f"{base}api/bestaetigen/{token}", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200


def _run_server(command: str, clone: Path) -> None:
    port = _free_port()
    command = _PORT.sub(f"--port {port}", command)
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=clone,
        env=_environment(port),
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base, process)
        if "make run" in command:
            _take_part_in_the_quiz(base)
            _confirm_every_entry(base, clone)
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C does
        output, _ = process.communicate(timeout=60)
    assert process.returncode in (0, 2, -signal.SIGINT, 130), output


def _run(command: str, clone: Path) -> None:
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=clone,
        env=_environment(_free_port()),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


def test_the_guides_mark_their_commands_for_this_test() -> None:
    assert "make run" in " ".join(documented_commands("README.md"))
    assert "make test" in " ".join(documented_commands("README.md"))
    redaktion = documented_commands("docs/redaktion.md")
    assert any("build.py serve --port" in command for command in redaktion)
    office = " ".join(documented_commands("docs/office.md"))
    for name in ("export", "stats", "draw", "verify", "purge", "erase", "deliver"):
        assert f"--app forms {name}" in office, name


def test_every_documented_command_runs_as_written(clone: Path) -> None:
    for guide in GUIDES:
        for command in documented_commands(guide):
            if _SERVER.search(command):
                _run_server(command, clone)
            else:
                _run(command, clone)
    assert (clone / "ziehung.json").is_file()
    assert (clone / "teilnahmen.csv").read_text(encoding="utf-8-sig").count("\n") >= 22
