"""Encode images in a second process while mkdocs renders pages.

Pillow holds the GIL while it lays out and draws text, so on a worker thread the share images
of a cold build slowed the page rendering they were meant to run beside (1,000 articles: 20.3 s
with a thread). A separate process has its own interpreter and runs on the second core.
Publishing waits for the jobs (`wait`), which also passes on the first error. The process
starts with the first job, so a build whose images are all cached never starts it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Hashable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor


class Encoder:
    """A queue of encoding jobs run in one worker process, each job once per key.

    Jobs and their arguments cross to the process by pickling: module-level functions and
    plain data only.
    """

    def __init__(self) -> None:
        self._pool: Executor | None = None
        self._pending: dict[Hashable, Future] = {}

    def submit(self, key: Hashable, job: Callable[..., object], *args: object) -> None:
        """Run `job(*args)` in the background unless a job with this key is still pending."""
        if key in self._pending:
            return
        if self._pool is None:
            self._pool = _worker_pool()
        self._pending[key] = self._pool.submit(job, *args)

    def wait(self) -> None:
        """Return when every submitted job is done; raise the first job's error, if any."""
        pending, self._pending = self._pending, {}
        for future in pending.values():
            future.result()

    def close(self) -> None:
        """Stop the worker process (a later `submit` starts a new one)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _worker_pool() -> Executor:
    """One worker process; a thread where the system cannot share semaphores with a process.

    spawn, not fork: the live preview would fork from a process with running threads.
    (Containers without /dev/shm lack sem_open; the build is slower there, not broken.)
    """
    try:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(max_workers=1, mp_context=context)
    except (ImportError, NotImplementedError, OSError):
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="sk-encode")


def run_now(_key: Hashable, job: Callable[..., object], *args: object) -> None:
    """The same interface as `Encoder.submit`, for callers that want the file at once."""
    job(*args)
