"""A copy of the real form definitions with the quiz open now, for load on the quiz's own path.

The quiz of June 2021 is closed, so posting to it would measure the 410 answer. The copy moves
only its `opens`/`closes` around today; fields, double opt-in and one entry per address stay
as they are, so the measured path is the one citizens take. Passed to the service through
FORMS_CONTENT_DIR (configuration only).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.measure import REPO

QUIZ_ID = "smart-kassel-quiz"
FORMS = REPO / "content" / "forms"


def open_forms_dir(folder: Path, now: datetime | None = None) -> Path:
    """Write every definition into `folder/forms`, the quiz open from yesterday for a year."""
    now = now or datetime.now(UTC)
    target = folder / "forms"
    target.mkdir(parents=True, exist_ok=True)
    for source in FORMS.glob("*.yml"):
        text = source.read_text(encoding="utf-8")
        if source.stem == QUIZ_ID:
            text = _reopen(text, now - timedelta(days=1), now + timedelta(days=365))
        (target / source.name).write_text(text, encoding="utf-8")
    return target


def _reopen(text: str, opens: datetime, closes: datetime) -> str:
    for key, moment in (("opens", opens), ("closes", closes)):
        text, count = re.subn(
            rf"^{key}: .*$", f"{key}: {moment.isoformat(timespec='seconds')}", text, flags=re.M
        )
        if count != 1:
            raise ValueError(f"{QUIZ_ID}.yml: expected one `{key}:` line, found {count}")
    return text
