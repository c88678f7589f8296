"""Random bytes for what each submission draws (Losnummer, Message-ID, link nonce).

Every `os.urandom` call (behind `secrets`) lets go of the GIL for its system call, and the
request thread then waits behind the other busy threads to get it back: measured with the
threaded service, one such call per submission cost as much as the checks it made. The pool
takes 4 KiB from `secrets` at once and hands each byte out once; the bytes are the same
system randomness, drawn fewer times. A forked process starts with an empty pool, so a
gunicorn worker never repeats bytes its parent or a sibling handed out.
"""

from __future__ import annotations

import os
import secrets
import threading

POOL_BYTES = 4096


class RandomPool:
    """System randomness drawn in blocks, handed out in slices, each byte once."""

    def __init__(self, block: int = POOL_BYTES):
        self._block = block
        self._lock = threading.Lock()
        self._bytes = b""
        self._used = 0

    def token_bytes(self, count: int) -> bytes:
        """`count` random bytes no other caller got."""
        with self._lock:
            if self._used + count > len(self._bytes):
                self._bytes, self._used = secrets.token_bytes(max(self._block, count)), 0
            start, self._used = self._used, self._used + count
            return self._bytes[start : self._used]

    def randbits(self, bits: int) -> int:
        """A uniform random integer of `bits` bits, as `secrets.randbits`."""
        whole = (bits + 7) // 8
        return int.from_bytes(self.token_bytes(whole), "big") >> (8 * whole - bits)

    def forget(self) -> None:
        """Drop the unused bytes (a forked child must not hand out its parent's)."""
        self._lock = threading.Lock()
        self._bytes, self._used = b"", 0


_POOL = RandomPool()
os.register_at_fork(after_in_child=_POOL.forget)
token_bytes = _POOL.token_bytes
randbits = _POOL.randbits


def token_hex(count: int) -> str:
    """`count` random bytes as hex digits, as `secrets.token_hex`."""
    return token_bytes(count).hex()
