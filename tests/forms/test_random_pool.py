"""The pool of system randomness hands every byte out once, also across threads and forks."""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest

from forms import random_pool
from forms.random_pool import RandomPool
from forms.storage import references


def test_slices_never_repeat_and_blocks_are_refilled():
    pool = RandomPool(block=64)
    drawn = [pool.token_bytes(16) for _ in range(1000)]  # 250 blocks of 64 bytes
    assert all(len(token) == 16 for token in drawn)
    assert len(set(drawn)) == len(drawn)


def test_a_request_larger_than_the_block_gets_all_its_bytes():
    pool = RandomPool(block=8)
    assert len(pool.token_bytes(40)) == 40


def test_threads_at_once_get_disjoint_bytes():
    pool = RandomPool(block=256)
    drawn: list[bytes] = []
    guard = threading.Lock()

    def draw():
        mine = [pool.token_bytes(16) for _ in range(500)]
        with guard:
            drawn.extend(mine)

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(drawn) == 4000
    assert len(set(drawn)) == 4000


@pytest.mark.parametrize("bits", [1, 5, 40, 127])
def test_randbits_stays_within_its_bits_and_uses_the_top_one(bits):
    values = [random_pool.randbits(bits) for _ in range(400)]
    assert all(0 <= value < 2**bits for value in values)
    # The highest bit is set about half the time: the shift keeps the right bits.
    top = sum(value >> (bits - 1) for value in values)
    assert 120 < top < 280


def test_every_losnummer_symbol_is_drawn_evenly():
    """Losnummern stay uniform over the 32 symbols after the switch to the pool."""
    counts = Counter(
        symbol for _ in range(4000) for symbol in references.new_reference().replace("-", "")[:-1]
    )
    assert set(counts) == set(references.ALPHABET)
    expected = 4000 * 8 / 32
    assert all(0.8 * expected < count < 1.2 * expected for count in counts.values())


def test_a_forked_child_does_not_hand_out_its_parents_bytes():
    random_pool.token_bytes(16)  # the parent's pool now holds unused bytes
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        os.write(writer, random_pool.token_bytes(32))
        os._exit(0)
    os.close(writer)
    from_child = os.read(reader, 32)
    os.close(reader)
    os.waitpid(child, 0)
    assert len(from_child) == 32
    assert from_child != random_pool.token_bytes(32)
