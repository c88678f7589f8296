"""Turn outbox rows into safe e-mails: one-line headers, encoded names, unique Message-IDs."""

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from forms.definitions.addresses import header_problem
from forms.storage import mail_headers

SECURITY_MODES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
DEFAULT_SENDER = "Smart Kassel <smart-kassel@localhost>"
DEFAULT_REPLY_TO = "Smart Kassel-Büro <smart@kassel.de>"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_MAILBOX = re.compile(r"^(?P<name>.*?)\s*<(?P<addr>[^<>]*)>$")
_EMAIL = re.compile(r"[^\s<>@,;:\"]+@[^\s<>@,;:\"]+")


class MailError(Exception):
    """A mail that did not go out; says if the server is unusable or the stored mail is broken."""

    def __init__(self, message: str, connection: bool = False, permanent: bool = False) -> None:
        super().__init__(message)
        self.connection = connection
        self.permanent = permanent


@dataclass(frozen=True)
class OutboundMail:
    """The parts of an outbox row that make up the message."""

    id: int
    created_at: datetime
    to: str
    reply_to: str | None
    subject: str
    body: str
    token: str | None = None

    def message_id(self, domain: str) -> str:
        """The row's stored random token: the same on every resend, unique across databases."""
        if self.token:
            return f"<{self.token}@{domain}>"
        # Only a row queued by a version without tokens while the migration ran has none.
        return f"<outbox-{self.id}.{self.created_at:%Y%m%d%H%M%S}@{domain}>"


@dataclass(frozen=True)
class MailSettings:
    """Where and how mail is sent; without ``server`` mails are written to the log."""

    server: str | None
    port: int
    security: str
    username: str | None
    password: str | None
    sender: str
    timeout: float
    message_id_domain: str
    # Where a citizen's "Antworten" goes when the mail names no one (receipts, links): the
    # mails tell people to reply, so it must be a mailbox someone reads.
    reply_to: str = DEFAULT_REPLY_TO

    @classmethod
    def from_mapping(cls, config: Mapping) -> "MailSettings":
        """Read the ``MAIL_*`` settings (see forms/settings.py) from the app's configuration."""
        security = str(config.get("MAIL_SECURITY") or "starttls").strip().lower()
        if security not in SECURITY_MODES:
            raise ValueError(f"MAIL_SECURITY must be one of {', '.join(SECURITY_MODES)}")
        server = str(config.get("MAIL_SERVER") or "").strip() or None
        if security == "none" and server and not is_loopback(server):
            raise ValueError(
                f"MAIL_SECURITY=none would send mails and the SMTP password unencrypted to "
                f"{server!r}; it is allowed only for a server on this machine (localhost, "
                "127.0.0.1, ::1). Use MAIL_SECURITY=starttls or tls."
            )
        sender = str(config.get("MAIL_FROM") or DEFAULT_SENDER)
        return cls(
            server=server,
            port=int(config.get("MAIL_PORT") or DEFAULT_PORTS[security]),
            security=security,
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            sender=sender,
            timeout=float(config.get("MAIL_TIMEOUT") or 30),
            message_id_domain=sender.rpartition("@")[2].strip(" >") or "localhost",
            reply_to=str(config.get("MAIL_REPLY_TO") or DEFAULT_REPLY_TO),
        )


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine by itself, without asking DNS (which could change)."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def one_line(text: str) -> str:
    """Flatten text for a header so that CR/LF can never start a header of its own."""
    return " ".join(_CONTROL.sub(" ", text).split())


def redact(text: str) -> str:
    """Hide e-mail addresses in server replies before they reach a terminal or a log."""
    return _EMAIL.sub("<Adresse>", text)


def parse_mailbox(value: str) -> Address:
    """Read ``Name <address>`` or a bare address; the name is taken verbatim, never parsed."""
    text = one_line(value)
    if header_problem(text, "Adresse"):
        raise MailError("Ungültige E-Mail-Adresse im Postausgang", permanent=True)
    match = _MAILBOX.match(text)
    name, addr = (match["name"].strip().strip('"').strip(), match["addr"]) if match else ("", text)
    local, _, domain = addr.strip().partition("@")
    if not local or not domain or "@" in domain or " " in addr.strip():
        raise MailError("Ungültige E-Mail-Adresse im Postausgang", permanent=True)
    try:
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError) as error:
        raise MailError("Ungültige E-Mail-Adresse im Postausgang", permanent=True) from error


def parse_addresses(value: str) -> list[Address]:
    """Read a comma-separated list of addresses (the office's notify list or one entrant)."""
    addresses = [parse_mailbox(item) for item in one_line(value).split(",") if item.strip()]
    if not addresses:
        raise MailError("Keine Empfängeradresse im Postausgang", permanent=True)
    return addresses


def build_message(mail: OutboundMail, settings: MailSettings, now: datetime) -> EmailMessage:
    """Build a plain-text UTF-8 message whose Message-ID stays the same when it is resent."""
    message = EmailMessage(policy=SMTP)
    message["From"] = parse_mailbox(settings.sender)
    message["To"] = parse_addresses(mail.to)
    message["Reply-To"] = parse_mailbox(reply_address(mail, settings))
    message["Subject"] = one_line(mail.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = mail.message_id(settings.message_id_domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body, charset="utf-8", cte="quoted-printable")
    _refuse_changed_headers(message, mail, settings)
    return message


def reply_address(mail: OutboundMail, settings: MailSettings) -> str:
    """The row's own Reply-To (a contact notice answers the sender), else the office's."""
    return mail.reply_to or settings.reply_to


def _refuse_changed_headers(
    message: EmailMessage, mail: OutboundMail, settings: MailSettings
) -> None:
    """Send nothing whose written headers name other recipients than the outbox row does."""
    intended = {
        "From": [parse_mailbox(settings.sender).addr_spec],
        "To": [address.addr_spec for address in parse_addresses(mail.to)],
        "Reply-To": [parse_mailbox(reply_address(mail, settings)).addr_spec],
    }
    try:
        mail_headers.verify(message, intended, one_line(mail.subject))
    except mail_headers.UnsafeMail as error:
        raise MailError(f"E-Mail nicht versendet: {error}", permanent=True) from error
