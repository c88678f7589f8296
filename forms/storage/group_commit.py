"""SQLite group commit: the threads waiting to write share one transaction and one fsync.

With `synchronous=FULL` every commit waits for the disk (1-10 ms here), and SQLite takes one
writer at a time, so one commit per submission caps the service at a few hundred per second.
Instead one thread at a time leads: it writes every submission queued so far in one
transaction, wakes the threads whose writes that held, and hands the lead to the first thread
still queued. Each submission is still stored with its mails in one transaction, and no thread
answers before the commit holding its rows has returned. If the shared transaction fails (a
duplicate, a full disk), it is rolled back and each write runs again in a transaction of its own,
so one bad submission fails alone.

Each waiting thread sleeps on its own event, so the leader wakes all of its batch at once; a
shared lock would wake them one after another, each through a context switch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

Write = Callable[[sa.Connection], Any]
MAX_BATCH = 64
# A waiting thread looks at its state this often even if no one wakes it: a safety net only.
RECHECK_SECONDS = 0.05


class _Pending:
    """One thread's write, whether it leads, and, once a leader has run it, its outcome."""

    __slots__ = ("done", "error", "leads", "result", "woken", "write")

    def __init__(self, write: Write):
        self.write = write
        self.leads = False
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.woken = threading.Event()

    def wake(self) -> None:
        self.woken.set()


class GroupCommit:
    """The writers of one SQLite file in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._led = False

    def queued(self) -> int:
        """How many writes wait for a leader."""
        with self._lock:
            return len(self._queue)

    def run(self, connection: sa.Connection, write: Write) -> Any:
        """Run `write` in a committed transaction, possibly shared with other threads' writes."""
        pending = _Pending(write)
        with self._lock:
            self._queue.append(pending)
            if not self._led:
                self._led = pending.leads = True
        while not (pending.leads or pending.done):
            pending.woken.wait(RECHECK_SECONDS)
            pending.woken.clear()
        if not pending.done:
            self._lead(connection)
        if pending.error is not None:
            raise pending.error
        return pending.result

    def _lead(self, connection: sa.Connection) -> None:
        """Write the queue's first batch (the leader's own write is first), then hand over."""
        with self._lock:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        try:
            _write_batch(connection, batch)
        finally:
            for pending in batch[1:]:
                pending.wake()
            with self._lock:
                if self._queue:
                    self._queue[0].leads = True
                    self._queue[0].wake()
                else:
                    self._led = False


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
