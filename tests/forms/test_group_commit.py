"""SQLite group commit: queued submissions share one commit, a duplicate among them fails alone."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest
import sqlalchemy as sa

from forms.storage import db, entries
from forms.storage.tables import outbox, submissions

QUIZ = "smart-kassel-quiz"


def _answers(app, email: str) -> dict:
    definition = app.extensions["forms_definitions"][QUIZ]
    example = next(example for example in definition.examples if example.valid)
    return dict(example.data) | {"email": email}


def _save_in_thread(app, email: str, outcomes: dict, clock) -> threading.Thread:
    # Without the confirmation step the one-entry key is taken on arrival, in the batch.
    definition = dataclasses.replace(app.extensions["forms_definitions"][QUIZ], confirm=False)

    def save() -> None:
        with app.extensions["forms_engine"].connect() as connection:
            try:
                outcomes[email].append(
                    entries.save(
                        connection,
                        definition,
                        _answers(app, email),
                        all_correct=True,
                        verified=True,
                        now=clock.now(),
                        secret="test-secret",
                    )
                )
            except entries.DuplicateEntry:
                outcomes[email].append("duplicate")

    thread = threading.Thread(target=save)
    thread.start()
    return thread


def _save_while_the_leader_is_busy(app, emails: list[str], clock) -> tuple[dict, list]:
    """Keep a leader busy inside its transaction until all saves are queued behind it.

    The commits counted are those of the saves: the busy leader's own is left out.
    """
    engine = app.extensions["forms_engine"]
    commits = []
    sa.event.listen(engine, "commit", lambda _connection: commits.append(1))
    outcomes = {email: [] for email in emails}
    with engine.connect() as connection:
        group = db.sqlite_writers(connection)
    busy, release = threading.Event(), threading.Event()

    def lead() -> None:
        with engine.connect() as connection:
            group.run(connection, lambda _connection: busy.set() or release.wait(10))

    leader = threading.Thread(target=lead)
    leader.start()
    assert busy.wait(10), "the first writer never started its transaction"
    threads = [_save_in_thread(app, email, outcomes, clock) for email in emails]
    deadline = time.monotonic() + 10
    while group.queued() < len(emails) and time.monotonic() < deadline:
        threading.Event().wait(0.01)
    queued = group.queued()
    release.set()
    assert queued == len(emails), f"only {queued} of {len(emails)} saves queued behind the leader"
    for thread in [leader, *threads]:
        thread.join()
    return outcomes, commits[1:]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_queued_writes_share_one_commit_and_a_duplicate_fails_alone(app, clock):
    emails = ["a@beispiel.de", "b@beispiel.de", "a@beispiel.de", "c@beispiel.de"]
    outcomes, commits = _save_while_the_leader_is_busy(app, emails, clock)

    engine = app.extensions["forms_engine"]
    first_address = outcomes["a@beispiel.de"]
    assert len(first_address) == 2 and first_address.count("duplicate") == 1
    stored = {row.reference for row in _rows(engine, submissions)}
    acknowledged = {ref for refs in outcomes.values() for ref in refs if ref != "duplicate"}
    assert stored == acknowledged and len(stored) == 3
    mails = _rows(engine, outbox)
    assert {mail.submission_id for mail in mails} == {row.id for row in _rows(engine, submissions)}
    # The shared attempt was rolled back because of the duplicate; then one commit per entry.
    assert len(commits) == 3


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_queued_writes_without_conflict_are_committed_together(app, clock):
    emails = [f"person{number}@beispiel.de" for number in range(6)]
    _outcomes, commits = _save_while_the_leader_is_busy(app, emails, clock)

    engine = app.extensions["forms_engine"]
    assert len(commits) == 1
    assert len(_rows(engine, submissions)) == 6
    assert len(_rows(engine, outbox)) == 6 * len(_mails_per_entry(app))


def _mails_per_entry(app) -> list[str]:
    definition = app.extensions["forms_definitions"][QUIZ]
    return [*definition.notify, definition.confirm_to]


def _rows(engine, table):
    with engine.connect() as connection:
        return connection.execute(sa.select(table)).all()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_many_threads_writing_at_once_all_get_their_own_outcome(app, clock):
    """Sixteen threads, twenty saves each, one address twice: every save answers, none hangs."""
    emails = [f"t{thread}-{number}@beispiel.de" for thread in range(16) for number in range(20)]
    outcomes = {email: [] for email in emails}
    groups = [emails[thread * 20 : (thread + 1) * 20] for thread in range(16)]
    groups[5][7] = groups[3][2]  # one person sends twice, from two browsers at once

    def save_all(addresses: list[str]) -> None:
        for email in addresses:
            _save_in_thread(app, email, outcomes, clock).join()

    threads = [threading.Thread(target=save_all, args=(group,)) for group in groups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a writer never got its answer"

    engine = app.extensions["forms_engine"]
    twice = outcomes[groups[3][2]]
    assert sorted(twice, key=str)[-1] == "duplicate" and len(twice) == 2, twice
    stored = {row.reference for row in _rows(engine, submissions)}
    acknowledged = {ref for refs in outcomes.values() for ref in refs if ref != "duplicate"}
    assert stored == acknowledged and len(stored) == 16 * 20 - 1
