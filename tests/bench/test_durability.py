"""The crash benchmark's checker must notice every way a submission can be lost or half-written."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from bench.durability import judge, sqlite_integrity, stored_submissions, submission_id
from bench.intake import submission_template
from forms.storage.tables import metadata, outbox, submissions

A, B, C = (f"crash-{digit * 20}" for digit in "abc")
NOW = datetime(2021, 6, 20, 12, tzinfo=UTC)


def _database(tmp_path, rows: list[tuple[str, int]]) -> str:
    url = f"sqlite:///{tmp_path / 'forms.sqlite3'}"
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        for number, (uid, mails) in enumerate(rows, start=1):
            connection.execute(
                submissions.insert().values(
                    id=number,
                    reference=f"r{number}",
                    form_id="kontakt",
                    created_at=NOW,
                    data={"message": f"{uid} Hallo"},
                    verified=False,
                )
            )
            for _ in range(mails):
                connection.execute(
                    outbox.insert().values(
                        submission_id=number,
                        kind="notify",
                        to_addr="smart@kassel.de",
                        subject="Neue Nachricht",
                        body="...",
                        next_attempt_at=NOW,
                        created_at=NOW,
                    )
                )
    engine.dispose()
    return url


def test_every_acknowledged_post_stored_once_with_its_mail_passes(tmp_path):
    url = _database(tmp_path, [(A, 1), (B, 1), (C, 1)])
    found = judge([A, B], stored_submissions(url, "kontakt"))
    assert found.ok
    assert (found.acknowledged, found.stored, found.unacknowledged_stored) == (2, 3, 1)


def test_a_lost_row_a_second_copy_and_a_missing_outbox_row_are_each_caught(tmp_path):
    url = _database(tmp_path, [(A, 1), (A, 1), (B, 0)])
    found = judge([A, B, C], stored_submissions(url, "kontakt"))
    assert not found.ok
    assert (found.lost, found.duplicated, found.without_outbox) == (1, 1, 1)


def test_only_the_leading_crash_id_identifies_a_message():
    assert submission_id(f"{A} Wie wäre es mit Bänken?") == A
    assert submission_id(f"Hallo {A}") is None
    assert submission_id(None) is None


def test_integrity_check_passes_a_sound_file_and_flags_a_damaged_one(tmp_path):
    _database(tmp_path, [(A, 1)] * 50)
    path = tmp_path / "forms.sqlite3"
    assert sqlite_integrity(str(path)) == "ok"
    data = bytearray(path.read_bytes())
    data[4096 + 8 : 4096 + 400] = b"\xff" * 392
    path.write_bytes(bytes(data))
    assert sqlite_integrity(str(path)) != "ok"


def test_load_template_is_a_valid_no_javascript_post_with_two_id_slots():
    template = submission_template()
    assert template.count("@@ID@@") == 2
    assert "&website=" in template and "consent=on" in template


def test_the_service_accepts_the_load_template_and_stores_its_id(tmp_path, monkeypatch):
    from forms import create_app

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'service.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "test-only-secret-key-0123456789abcdef")
    app = create_app()
    body = submission_template().replace("@@ID@@", A)
    answer = app.test_client().post(
        "/api/forms/kontakt", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 303
    stored = stored_submissions(f"sqlite:///{tmp_path / 'service.sqlite3'}", "kontakt")
    assert judge([A], stored).ok
