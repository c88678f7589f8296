"""Turn outbox rows into safe e-mails and hand them to an SMTP server (or to the log in dev)."""

import logging
import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

log = logging.getLogger(__name__)

SECURITY_MODES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
DEFAULT_SENDER = "Smart Kassel <smart-kassel@localhost>"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_MAILBOX = re.compile(r"^(?P<name>.*?)\s*<(?P<addr>[^<>]*)>$")
_EMAIL = re.compile(r"[^\s<>@,;:\"]+@[^\s<>@,;:\"]+")


class MailError(Exception):
    """A mail the server did not take; ``connection`` says whether the server is unusable."""

    def __init__(self, message: str, connection: bool = False) -> None:
        super().__init__(message)
        self.connection = connection


@dataclass(frozen=True)
class OutboundMail:
    """The parts of an outbox row that make up the message."""

    id: int
    to: str
    reply_to: str | None
    subject: str
    body: str


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

    @classmethod
    def from_mapping(cls, config: Mapping) -> "MailSettings":
        """Read the ``MAIL_*`` settings (see forms/settings.py) from the app's configuration."""
        security = str(config.get("MAIL_SECURITY") or "starttls").strip().lower()
        if security not in SECURITY_MODES:
            raise ValueError(f"MAIL_SECURITY must be one of {', '.join(SECURITY_MODES)}")
        sender = str(config.get("MAIL_FROM") or DEFAULT_SENDER)
        return cls(
            server=config.get("MAIL_SERVER") or None,
            port=int(config.get("MAIL_PORT") or DEFAULT_PORTS[security]),
            security=security,
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            sender=sender,
            timeout=float(config.get("MAIL_TIMEOUT") or 30),
            message_id_domain=sender.rpartition("@")[2].strip(" >") or "localhost",
        )


def one_line(text: str) -> str:
    """Flatten text for a header so that CR/LF can never start a header of its own."""
    return " ".join(_CONTROL.sub(" ", text).split())


def redact(text: str) -> str:
    """Hide e-mail addresses in server replies before they reach a terminal or a log."""
    return _EMAIL.sub("<Adresse>", text)


def parse_mailbox(value: str) -> Address:
    """Read ``Name <address>`` or a bare address; the name is taken verbatim, never parsed."""
    text = one_line(value)
    match = _MAILBOX.match(text)
    name, addr = (match["name"].strip().strip('"').strip(), match["addr"]) if match else ("", text)
    local, _, domain = addr.strip().partition("@")
    if not local or not domain or "@" in domain or " " in addr.strip():
        raise MailError("Ungültige E-Mail-Adresse im Postausgang")
    try:
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError) as error:
        raise MailError("Ungültige E-Mail-Adresse im Postausgang") from error


def parse_addresses(value: str) -> list[Address]:
    """Read a comma-separated list of addresses (the office's notify list or one entrant)."""
    addresses = [parse_mailbox(item) for item in one_line(value).split(",") if item.strip()]
    if not addresses:
        raise MailError("Keine Empfängeradresse im Postausgang")
    return addresses


def build_message(mail: OutboundMail, settings: MailSettings, now: datetime) -> EmailMessage:
    """Build a plain-text UTF-8 message whose Message-ID stays the same when it is resent."""
    message = EmailMessage(policy=SMTP)
    message["From"] = parse_mailbox(settings.sender)
    message["To"] = parse_addresses(mail.to)
    if mail.reply_to:
        message["Reply-To"] = parse_mailbox(mail.reply_to)
    message["Subject"] = one_line(mail.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<outbox-{mail.id}@{settings.message_id_domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body, charset="utf-8", cte="quoted-printable")
    return message


class LogTransport:
    """Development fallback: note each mail in the log instead of sending it."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug

    def send(self, message: EmailMessage) -> None:
        """Log id, recipient count and subject; the body only in debug mode."""
        recipients = len(message["To"].addresses) if message["To"] else 0
        log.info(
            "Mail %s nicht versendet (kein MAIL_SERVER) an %d Empfänger: %s",
            message["Message-ID"],
            recipients,
            message["Subject"],
        )
        if self.debug:
            log.debug("Inhalt von %s:\n%s", message["Message-ID"], message.get_content())

    def close(self) -> None:
        """Nothing to close."""


class SmtpTransport:
    """One SMTP connection, opened on the first mail and reused for the rest of the run."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        """Send one message or raise MailError with the server's reason."""
        try:
            smtp = self._smtp or self._connect()
            refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            replies = {f"{code} {_text(reply)}" for code, reply in error.recipients.values()}
            raise MailError(redact("Empfänger abgelehnt: " + "; ".join(sorted(replies)))) from error
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise MailError(redact(f"SMTP {error.smtp_code}: {_text(error.smtp_error)}")) from error
        except smtplib.SMTPAuthenticationError as error:
            self.close()
            message_text = f"Anmeldung abgelehnt: SMTP {error.smtp_code}: {_text(error.smtp_error)}"
            raise MailError(message_text, connection=True) from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            reason = redact(str(error)) or type(error).__name__
            raise MailError(f"Verbindung zum Mailserver fehlgeschlagen: {reason}", True) from error
        if refused:
            raise MailError(f"{len(refused)} Empfänger abgelehnt")

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        context = ssl.create_default_context()
        if settings.security == "tls":
            smtp = smtplib.SMTP_SSL(
                settings.server, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
        try:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if settings.username:
                smtp.login(settings.username, settings.password or "")
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return smtp

    def close(self) -> None:
        """Say goodbye politely if the server still listens."""
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            self._smtp.close()
        self._smtp = None


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def transport_for(settings: MailSettings, debug: bool = False) -> LogTransport | SmtpTransport:
    """Choose SMTP when a server is configured, else the log."""
    return SmtpTransport(settings) if settings.server else LogTransport(debug)
