"""SIGHUP (systemctl reload) replaces gunicorn's workers without failing a single request."""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest
import requests

pytestmark = pytest.mark.postgres


def _booted(instance) -> set[str]:
    return set(re.findall(r"Booting worker with pid: (\d+)", instance.log.read_text()))


def _served_by(instance) -> set[str]:
    return {re.search(r"pid=<(\d+)>", line).group(1) for line in instance.access_lines()}


def test_sighup_swaps_workers_while_requests_keep_succeeding(instances):
    instance = instances[1]
    old_workers = _booted(instance)
    statuses: list[int] = []
    done = threading.Event()

    def keep_asking() -> None:
        with requests.Session() as session:
            while not done.is_set():
                statuses.append(session.get(f"{instance.url}/api/health", timeout=30).status_code)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        instance.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while not (_served_by(instance) & (_booted(instance) - old_workers)):
            assert time.monotonic() < deadline, "no new worker answered within 60 s of SIGHUP"
            time.sleep(0.1)
    finally:
        done.set()
        asker.join()
    assert statuses and set(statuses) == {200}
    assert instance.process.poll() is None, "the master must survive a reload"
