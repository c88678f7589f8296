"""SQLite group commit: the threads waiting to write share one transaction and one fsync.

With `synchronous=FULL` every commit waits for the disk (1-10 ms here), and SQLite takes one
writer at a time, so one commit per submission caps the service at a few hundred per second.
Instead a thread that gets the write lock writes every submission queued meanwhile in one
transaction. Each submission is still stored with its mails in one transaction, and no thread
answers before the commit holding its rows has returned. If the shared transaction fails (a
duplicate, a full disk), it is rolled back and each write runs again in a transaction of its own,
so one bad submission fails alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

Write = Callable[[sa.Connection], Any]
MAX_BATCH = 64


class _Pending:
    """One thread's write and, once a leader has run it, its outcome."""

    __slots__ = ("done", "error", "result", "write")

    def __init__(self, write: Write):
        self.write = write
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    """The writers of one SQLite file in this process."""

    def __init__(self) -> None:
        self._writer = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Pending] = []

    def queued(self) -> int:
        """How many writes wait for a leader."""
        with self._queue_lock:
            return len(self._queue)

    def run(self, connection: sa.Connection, write: Write) -> Any:
        """Run `write` in a committed transaction, possibly shared with other threads' writes."""
        pending = _Pending(write)
        with self._queue_lock:
            self._queue.append(pending)
        while not pending.done:
            with self._writer:
                if not pending.done:
                    with self._queue_lock:
                        batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                    _write_batch(connection, batch)
        if pending.error is not None:
            raise pending.error
        return pending.result


def _write_batch(connection: sa.Connection, batch: list[_Pending]) -> None:
    """All writes in one transaction; if that fails, each in its own (done is set last)."""
    try:
        with connection.begin():
            results = [pending.write(connection) for pending in batch]
    except BaseException as exc:
        if not isinstance(exc, Exception) or len(batch) == 1:
            # Interrupted, or nothing to retry: every waiting thread must learn the outcome.
            for pending in batch:
                pending.error, pending.done = exc, True
            if not isinstance(exc, Exception):
                raise
            return
        for pending in batch:
            _write_alone(connection, pending)
    else:
        for pending, result in zip(batch, results, strict=True):
            pending.result, pending.done = result, True


def _write_alone(connection: sa.Connection, pending: _Pending) -> None:
    try:
        with connection.begin():
            pending.result = pending.write(connection)
    except Exception as exc:
        pending.error = exc
    pending.done = True
