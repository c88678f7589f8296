"""Time from saving an article to the served page and news index showing it: ours vs mkdocs serve.

Usage: python bench/preview_latency.py [--articles 1000] [--edits 7]
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import articles, sites
from bench.build_scaling import categories
from bench.measure import PYTHON, markdown_table, python_env, verdict
from bench.service import free_port

NEWS_INDEX = "/aktuelles/"
START_TIMEOUT = 300
REFERENCE_TIMEOUT = 180
OUR_TIMEOUT = 30


class Server:
    """A preview server child process in its own process group."""

    def __init__(self, command: list[str], root: Path, port: int):
        self.port = port
        self.log = root / f"serve-{port}.log"
        with open(self.log, "wb") as sink:
            self.proc = subprocess.Popen(
                command,
                cwd=root,
                env=python_env(NO_MKDOCS_2_WARNING="1"),
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def get(self, path: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            answer = connection.getresponse()
            return answer.read().decode("utf-8", "replace") if answer.status == 200 else ""
        except OSError:
            return ""
        finally:
            connection.close()

    def wait_until(self, paths: list[str], token: str, timeout: float) -> float | None:
        """Seconds until every path contains `token`, or None when `timeout` passed first."""
        started = time.perf_counter()
        pending = list(paths)
        while pending:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited; see {self.log}")
            if time.perf_counter() - started > timeout:
                return None
            pending = [path for path in pending if token not in self.get(path)]
            if pending:
                time.sleep(0.02)
        return time.perf_counter() - started

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def edit(path: Path, token: str) -> None:
    """Change the title and the teaser of one article, as an editor saving the file does."""
    text = path.read_text(encoding="utf-8")
    text = text.replace('description: "', f'description: "{token} ', 1)
    text = text.replace("\n# ", f"\n# {token} ", 1)
    path.write_text(text, encoding="utf-8")


def measure(server: Server, root: Path, posts: list[articles.Article], edits: int, timeout: float):
    """Edit the newest articles in turn; return the seconds until page and index show each."""
    newest = sorted(posts, key=lambda post: post.date, reverse=True)[: max(edits, 1)]
    if server.wait_until([NEWS_INDEX], "</html>", START_TIMEOUT) is None:
        raise RuntimeError(f"server did not start; see {server.log}")
    latencies = []
    for number, post in enumerate(newest[:edits]):
        token = f"Bearbeitung{number}x{os.getpid()}"
        url = f"/aktuelles/{post.date.replace('-', '/')}/{post.slug}/"
        edit(root / "content" / sites.NEWS_POSTS / post.filename, token)
        latencies.append(server.wait_until([url, NEWS_INDEX], token, timeout))
        if latencies[-1] is None:
            break
    return latencies


def run(count: int, edits: int) -> str:
    posts = articles.generate(count, categories=categories())
    rows, medians = [], {}
    commands = {
        "ours: build.py serve": lambda port: [PYTHON, "build.py", "serve", "--port", str(port)],
        "mkdocs serve": lambda port: [PYTHON, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
    }
    for name, command in commands.items():
        reference = name == "mkdocs serve"
        with tempfile.TemporaryDirectory(prefix="sk-bench-preview-") as tmp:
            root = sites.our_site(Path(tmp), posts)
            port = free_port()
            server = Server(command(port), root, port)
            try:
                timeout = REFERENCE_TIMEOUT if reference else OUR_TIMEOUT
                found = measure(server, root, posts, 1 if reference else edits, timeout)
            finally:
                server.stop()
        done = [value for value in found if value is not None]
        shown = statistics.median(done) if done else None
        medians[name] = shown if len(done) == len(found) else None
        limit = REFERENCE_TIMEOUT if reference else OUR_TIMEOUT
        text = f"{shown:.2f}" if len(done) == len(found) else f">= {limit}"
        spread = f"{min(done):.2f} to {max(done):.2f}" if done else "-"
        rows.append([name, count, len(found), text, spread])
    header = ["server", "articles", "edits", "median s to article + index", "range s"]
    return markdown_table(header, rows) + "\n\n" + headline(medians)


def headline(medians: dict[str, float | None]) -> str:
    ours, reference = medians["ours: build.py serve"], medians["mkdocs serve"]
    if ours is None:
        return "preview_latency: our preview did not show the edit (see the server log)"
    ref = f"{reference:.1f} s" if reference is not None else f">= {REFERENCE_TIMEOUT} s"
    ratio = f"{reference / ours:.0f}x faster" if reference is not None else "faster"
    return (
        f"preview_latency: ours {ours:.2f} s median (target <= 1 s: {verdict(ours <= 1)}); "
        f"mkdocs serve {ref}; ours is {ratio}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args(argv)
    print(run(args.articles, args.edits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
