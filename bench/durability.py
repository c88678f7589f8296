"""Compare what the service acknowledged with what the database holds after crashes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

# Every crash-test submission carries its id as the first word of the message.
_ID = re.compile(r"^(crash-[0-9a-f]{20})\b")


@dataclass(frozen=True)
class Verdict:
    """Counts an auditor needs: nothing lost, nothing twice, nothing half-written."""

    acknowledged: int
    stored: int
    lost: int
    duplicated: int
    without_outbox: int
    unacknowledged_stored: int

    @property
    def ok(self) -> bool:
        """True when every acknowledged submission is stored exactly once with its outbox row."""
        return self.lost == 0 and self.duplicated == 0 and self.without_outbox == 0


def submission_id(message: object) -> str | None:
    """The crash-test id at the start of a stored message, if any."""
    match = _ID.match(message) if isinstance(message, str) else None
    return match.group(1) if match else None


def judge(acknowledged: list[str], stored: list[tuple[str | None, int]]) -> Verdict:
    """Judge `stored`: one (id, outbox rows) pair per submission row in the database."""
    counts = Counter(uid for uid, _outbox in stored)
    acked = set(acknowledged)
    return Verdict(
        acknowledged=len(acked),
        stored=len(stored),
        lost=sum(1 for uid in acked if counts[uid] == 0),
        duplicated=sum(count - 1 for uid, count in counts.items() if count > 1),
        without_outbox=sum(1 for _uid, outbox in stored if outbox < 1),
        unacknowledged_stored=sum(1 for uid in counts if uid not in acked),
    )


def stored_submissions(url: str, form_id: str) -> list[tuple[str | None, int]]:
    """(crash id, number of outbox rows) for every stored submission of `form_id`."""
    from forms.storage.tables import outbox, submissions

    engine = sa.create_engine(url)
    mails = (
        sa.select(sa.func.count(outbox.c.id))
        .where(outbox.c.submission_id == submissions.c.id)
        .scalar_subquery()
    )
    query = sa.select(submissions.c.data, mails).where(submissions.c.form_id == form_id)
    try:
        with engine.connect() as connection:
            rows = connection.execute(query).all()
    finally:
        engine.dispose()
    return [(submission_id((data or {}).get("message")), count) for data, count in rows]


def sqlite_integrity(path: str) -> str:
    """PRAGMA integrity_check of the SQLite file ("ok" when sound)."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    except sqlite3.DatabaseError as exc:
        return f"unreadable: {exc}"
    finally:
        connection.close()
