"""Pictures and share images are encoded in a second process, beside the page rendering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_src.images import background
from site_src.images.background import Encoder


def write_pid(target: Path) -> None:
    target.write_text(str(os.getpid()), encoding="utf-8")


def fail(message: str) -> None:
    raise ValueError(message)


def test_jobs_run_in_another_process_and_are_done_after_wait(tmp_path):
    encoder = Encoder()
    try:
        targets = [tmp_path / f"{number}.txt" for number in range(5)]
        for target in targets:
            encoder.submit(target, write_pid, target)
        encoder.wait()
        pids = {int(target.read_text(encoding="utf-8")) for target in targets}
    finally:
        encoder.close()
    assert len(pids) == 1 and os.getpid() not in pids


def test_a_failed_job_is_reported_by_wait(tmp_path):
    encoder = Encoder()
    try:
        encoder.submit("card", fail, "Bild kaputt")
        with pytest.raises(ValueError, match="Bild kaputt"):
            encoder.wait()
        # The queue is usable again afterwards (the live preview keeps its encoder).
        encoder.submit("next", write_pid, tmp_path / "next.txt")
        encoder.wait()
    finally:
        encoder.close()
    assert (tmp_path / "next.txt").exists()


def test_without_shared_semaphores_the_jobs_run_on_a_thread_instead(tmp_path, monkeypatch):
    def no_sem_open(*_args, **_kwargs):
        raise ImportError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(background, "ProcessPoolExecutor", no_sem_open)
    encoder = Encoder()
    try:
        encoder.submit("card", write_pid, tmp_path / "card.txt")
        encoder.wait()
    finally:
        encoder.close()
    assert int((tmp_path / "card.txt").read_text(encoding="utf-8")) == os.getpid()
