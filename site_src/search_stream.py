"""Hand each page to Pagefind as soon as it is rendered, so the build waits only for its write.

Run on the finished site (`search_index.indexing`), Pagefind reads and parses every page after
the last one is written: 1.6-1.9 s at 1,000 articles, all of it after the pages. Its service
mode (`pagefind --service`, the protocol its Python and Node APIs speak: base64-encoded JSON
messages, each followed by a comma) takes pages one by one instead; it parses them on the
second core while Python renders the next, and at the end only the index files are left to
write (about 60 % of the time). The index holds the same pages as the file-based run: the
pages the build marks searchable (`search_index.mark_searchable`), under their site addresses.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from site_src.search_index import OUTPUT, SearchIndexFailed

# Pagefind answers a write of 1,000 pages in about a second; allow for a slow machine.
WRITE_TIMEOUT_SECONDS = 300


class PagefindStream:
    """One Pagefind index, fed page by page; `writing` writes it under `site_dir`/search/."""

    def __init__(self, site_dir: Path):
        self.output = Path(site_dir).resolve() / OUTPUT
        executable = get_executable()
        if executable is None:
            raise SearchIndexFailed("Suchindex (Pagefind) fehlgeschlagen: Programm nicht gefunden")
        self._process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._answers: dict[int, dict[str, Any]] = {}
        self._awaited: set[int] = set()
        self._errors: list[str] = []
        self._arrived = threading.Condition()
        self._reader_done = False
        self._sent = 0
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._reader.start()
        self._index_id = self._ask({"type": "NewIndex", "config": {}})["index_id"]

    def add(self, url: str, html: str) -> None:
        """Index one page (address relative to the site root, e.g. "aktuelles/")."""
        self._send(
            {"type": "AddFile", "index_id": self._index_id, "url": "/" + url, "file_contents": html}
        )

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Write the index while the block runs (the pictures); leaving it waits for the index.

        Pagefind names its files by content and never removes old ones: start from no folder.
        """
        shutil.rmtree(self.output, ignore_errors=True)
        try:
            write = {"type": "WriteFiles", "index_id": self._index_id}
            number = self._send(write | {"output_path": str(self.output)}, wanted=True)
            with contextlib.suppress(BrokenPipeError, ValueError):
                self._process.stdin.flush()  # Pagefind writes while the block runs
            yield
            self._wait(number)
        finally:
            self.close()
        if self._errors:
            raise SearchIndexFailed(
                "Suchindex (Pagefind) fehlgeschlagen:\n" + "\n".join(self._errors[:10])
            )

    def close(self) -> None:
        """Stop Pagefind (once the index is written, or when the build fails)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._reader.join(timeout=5)
        for pipe in (self._process.stdin, self._process.stdout):
            # Closing stdin flushes what is still buffered, into a pipe nobody reads any more.
            with contextlib.suppress(OSError):
                pipe.close()

    def _send(self, payload: dict[str, Any], wanted: bool = False) -> int:
        """Queue one message; with `wanted`, keep its answer for `_wait`."""
        self._sent += 1
        if wanted:
            with self._arrived:
                self._awaited.add(self._sent)
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
        except (BrokenPipeError, ValueError):
            raise SearchIndexFailed(
                "Suchindex (Pagefind) fehlgeschlagen: Pagefind hat sich beendet"
            ) from None
        return self._sent

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._wait(self._send(payload, wanted=True))

    def _wait(self, number: int) -> dict[str, Any]:
        # If Pagefind has ended, the reader has seen it and the wait below reports it.
        with contextlib.suppress(BrokenPipeError, ValueError):
            self._process.stdin.flush()
        with self._arrived:
            answered = self._arrived.wait_for(
                lambda: number in self._answers or self._reader_done,
                timeout=WRITE_TIMEOUT_SECONDS,
            )
            answer = self._answers.get(number)
        if not answered or answer is None:
            raise SearchIndexFailed("Suchindex (Pagefind) fehlgeschlagen: keine Antwort")
        if answer.get("type") == "Error":
            raise SearchIndexFailed(f"Suchindex (Pagefind) fehlgeschlagen: {answer.get('message')}")
        return answer

    def _read_answers(self) -> None:
        """Collect Pagefind's answers; errors about single pages are reported by `writing`."""
        pending = b""
        stdout = self._process.stdout
        while chunk := stdout.read1(65536):
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                self._take(json.loads(base64.b64decode(message)))
        with self._arrived:
            self._reader_done = True
            self._arrived.notify_all()

    def _take(self, answer: dict[str, Any]) -> None:
        payload = answer.get("payload") or {}
        number = answer.get("message_id")
        with self._arrived:
            if payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            if number in self._awaited:
                self._answers[number] = payload
                self._arrived.notify_all()
