"""Encode images on a worker thread while mkdocs renders pages.

Pillow releases the GIL while it scales, draws and compresses, so on two cores the pictures and
share images of a cold build are encoded behind the page rendering instead of after it.
Publishing waits for them (`wait`), which also passes on the first error.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor


class Encoder:
    """A queue of encoding jobs run on one worker thread, each job once per key."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sk-encode")
        self._pending: dict[Hashable, Future] = {}

    def submit(self, key: Hashable, job: Callable[..., object], *args: object) -> None:
        """Run `job(*args)` in the background unless a job with this key is still pending."""
        if key not in self._pending:
            self._pending[key] = self._pool.submit(job, *args)

    def wait(self) -> None:
        """Return when every submitted job is done; raise the first job's error, if any."""
        pending, self._pending = self._pending, {}
        for future in pending.values():
            future.result()


def run_now(_key: Hashable, job: Callable[..., object], *args: object) -> None:
    """The same interface as `Encoder.submit`, for callers that want the file at once."""
    job(*args)
