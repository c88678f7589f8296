"""Service settings declared as data, so each one has a default, a help text and a README entry."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One environment variable the service reads."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


def _comma_list(value: str) -> list[str]:
    return [item.strip().rstrip("/") for item in value.split(",") if item.strip()]


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SECRET_KEY",
        "",
        "Key for signatures and keyed hashes. Empty: a random key is created once in "
        "`instance/secret_key`. Set the same value on every host when scaling out.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "SQLAlchemy URL. Empty: SQLite file `instance/forms.sqlite3`. PostgreSQL: "
        "`postgresql+psycopg://user:password@host/db`.",
    ),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "Where rate limits and used ALTCHA solutions are kept: `memory://` (one process) or "
        "`redis://host:6379/0` (shared by all processes and hosts).",
    ),
    Setting(
        "FORMS_CONTENT_DIR",
        str(REPO_ROOT / "content" / "forms"),
        "Folder with the form definitions (`<form_id>.yml`).",
    ),
    Setting(
        "FORMS_TEMPLATES_DIR",
        str(REPO_ROOT / "site_src" / "overrides"),
        "Template folder holding `partials/forms/` (the form macros shared with the site) "
        "and the header and footer partials; the header's menu is read from `mkdocs.yml` "
        "two folders up.",
    ),
    Setting(
        "ALLOWED_ORIGINS",
        [],
        "Comma-separated origins (e.g. `https://smart.kassel.de`) allowed to post JSON "
        "from another origin (CORS) and to send form posts (origin check). Empty: same origin "
        "and `SITE_URL` only.",
        _comma_list,
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Number of reverse proxies in front of the service whose `X-Forwarded-For`, "
        "`X-Forwarded-Proto` and `X-Request-ID` headers are trusted (0: none). The host is "
        "never taken from them: links come from `SITE_URL`.",
        int,
    ),
    Setting(
        "MAX_CONTENT_LENGTH",
        64 * 1024,
        "Largest accepted request body in bytes; larger posts get 413.",
        int,
    ),
    Setting("FORMS_MAX_FIELDS", 100, "Most form-encoded fields read from one post.", int),
    Setting(
        "FORMS_MIN_FILL_SECONDS",
        3,
        "Minimum seconds between fetching the challenge and posting (JavaScript path).",
        int,
    ),
    Setting("ALTCHA_COST", 1000, "PBKDF2 iterations per proof-of-work attempt.", int),
    Setting(
        "ALTCHA_MAX_NUMBER",
        5000,
        "Upper bound of the secret counter; a browser tries half of it on average.",
        int,
    ),
    Setting(
        "ALTCHA_EXPIRES_SECONDS",
        1800,
        "How long a challenge (and the form-start time it signs) stays valid.",
        int,
    ),
    Setting(
        "RATELIMIT_SUBMIT",
        "10 per minute;100 per day",
        "Rate limit for posts per client (keyed hash of the address).",
    ),
    Setting("RATELIMIT_CHALLENGE", "30 per minute", "Rate limit for `GET /api/challenge`."),
    Setting(
        "FORMS_PREVIEW_NOW",
        "",
        "ISO 8601 time the service treats as 'now' (previews, demos). Only honoured in "
        "debug mode; the service refuses to start with it otherwise.",
    ),
    Setting(
        "SITE_URL",
        "",
        "Base URL of the static site for thank-you redirects and the links on the service's "
        "pages (empty: same host).",
        lambda value: value.rstrip("/"),
    ),
    Setting(
        "FORMS_STYLESHEETS",
        ["/assets/sk/forms.css"],
        "Comma-separated stylesheet URLs linked from the service's own HTML pages.",
        _comma_list,
    ),
    # Mail delivery (`flask --app forms deliver`) and retention (`purge`).
    Setting(
        "MAIL_SERVER",
        "",
        "SMTP host for `deliver`. Empty: mails are only written to the log (development).",
    ),
    Setting("MAIL_PORT", 0, "SMTP port. 0: 587 for `starttls`, 465 for `tls`, 25 for `none`.", int),
    Setting(
        "MAIL_SECURITY",
        "starttls",
        "`starttls` (upgrade a plain connection), `tls` (implicit TLS) or `none` (loopback only).",
    ),
    Setting("MAIL_USERNAME", "", "SMTP login name; empty: no login."),
    Setting("MAIL_PASSWORD", "", "SMTP password (keep it out of git, e.g. a systemd credential)."),
    Setting(
        "MAIL_FROM",
        "Smart Kassel <smart-kassel@localhost>",
        "Sender of every mail; its domain also names the Message-IDs.",
    ),
    Setting(
        "MAIL_REPLY_TO",
        "Smart Kassel-Büro <smart@kassel.de>",
        "Reply-To of mails to citizens (receipts, confirmation and Meine-Daten links): they "
        "invite people to answer, so this must be a mailbox the office reads. Notices of the "
        "contact form keep the sender's address instead.",
    ),
    Setting("MAIL_TIMEOUT", 30, "Seconds to wait for the SMTP server before giving up a try.", int),
    Setting(
        "MAIL_MAX_ATTEMPTS",
        12,
        "Tries per mail before it is marked failed and `deliver` exits non-zero.",
        int,
    ),
    Setting("MAIL_RETRY_BASE_SECONDS", 60, "Wait after the first failed try; doubles then.", int),
    Setting("MAIL_RETRY_CAP_SECONDS", 21600, "Longest wait between two tries.", int),
    Setting(
        "MAIL_LEASE_SECONDS",
        300,
        "How long a claimed mail is reserved for one `deliver` process; after a crash it is "
        "sent again once this has passed.",
        int,
    ),
    Setting(
        "MAIL_KEEP_SENT_DAYS",
        30,
        "`purge` deletes copies of sent mails older than this (the entries keep their own period).",
        int,
    ),
)


def load(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every setting from the environment, falling back to its default."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        values[setting.name] = setting.default if raw in (None, "") else setting.parse(raw)
    return values
