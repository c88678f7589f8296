"""Registrations for the workshop form, and workers that confirm them from other processes."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from forms.storage.tables import outbox

from .helpers import LINK, rows

FORM = "werkstatt-nachbarschafts-app"
URL = f"/api/forms/{FORM}"
CANCEL = re.compile(r"\S*/api/absagen/[A-Za-z0-9_.-]+")


def registration(number: int = 1, **changes) -> dict:
    """A valid registration of person `number` (without the proof)."""
    data = {
        "name": f"Person {number}",
        "email": f"person{number}@beispiel.de",
        "needs": "",
        "consent": True,
        "website": "",
    }
    return data | changes


def with_capacity(app, capacity: int) -> None:
    """Shrink the workshop to `capacity` seats for this app (the real form has 20)."""
    from dataclasses import replace

    definitions = app.extensions["forms_definitions"]
    definitions[FORM] = replace(definitions[FORM], capacity=capacity)


def path_of(link: str) -> str:
    return urlsplit(link).path


def mails_to(app, address: str, kind: str | None = None) -> list:
    return [m for m in rows(app, outbox) if m.to_addr == address and kind in (None, m.kind)]


def confirm_link(app, address: str) -> str:
    [mail] = mails_to(app, address, "optin")
    return path_of(LINK.search(mail.body).group(0))


def cancel_link(app, address: str) -> str:
    """The cancellation link of the newest mail to `address` that carries one."""
    bodies = [m.body for m in mails_to(app, address) if CANCEL.search(m.body)]
    assert bodies, f"no mail with a cancellation link to {address}"
    return path_of(CANCEL.search(bodies[-1]).group(0))


def confirm_in_process(
    database_url: str, content_dir: str, now: str, batches: list[list[str]], barrier
) -> list[list[tuple[str, int, str]]]:
    """Another instance of the service: confirm each batch in order, the batches at once.

    Returns per batch (link, status, page text) in the order the batch sent them; a batch is
    one client sending one after the other, so its own order of arrival is known.
    """
    import threading

    from forms import create_app
    from forms.clock import FixedClock

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "FORMS_CONTENT_DIR": content_dir,
            "CLOCK": FixedClock(datetime.fromisoformat(now)),
        }
    )
    results: list[list[tuple[str, int, str]]] = [[] for _ in batches]

    def run(index: int) -> None:
        client = app.test_client()
        barrier.wait()
        for link in batches[index]:
            answer = client.post(link)
            results[index].append((link, answer.status_code, answer.get_data(as_text=True)))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    app.extensions["forms_engine"].dispose()
    return results


def worker_main(database_url, content_dir, now, batches, barrier, queue) -> None:
    """Process entry point: confirm the batches and hand the answers back through `queue`."""
    try:
        queue.put(confirm_in_process(database_url, content_dir, now, batches, barrier))
    except BaseException as exc:  # the parent must learn of a failure instead of waiting
        queue.put(exc)
        raise
