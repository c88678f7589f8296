"""Second line against header injection: a composed mail must read back exactly as meant.

Validation already refuses what could break a header. But the mail library itself has turned
harmless-looking text (an RFC 2047 encoded word in an address) into CR/LF while writing a
message, so every mail is written out as it would go on the wire, parsed back, and refused
unless it has the same header names and exactly the intended recipients and subject.
"""

from __future__ import annotations

from collections.abc import Iterable
from email import message_from_string
from email.errors import HeaderParseError, MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, default

ADDRESS_HEADERS = ("From", "To", "Reply-To")


class UnsafeMail(ValueError):
    """A mail whose written headers do not say what was meant; it is neither queued nor sent."""


def mailbox(address: str, name: str = "") -> Address:
    """An address object built from its parts, so nothing in it is parsed as header syntax."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        raise UnsafeMail("keine vollständige E-Mail-Adresse")
    try:
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError, HeaderParseError) as error:
        raise UnsafeMail(f"Adresse nicht verwendbar: {error}") from error


def check_row(to: str, reply_to: str | None, subject: str) -> None:
    """Refuse an outbox row unless a mail made of it names exactly its recipient and subject."""
    message = EmailMessage(policy=SMTP)
    try:
        message["To"] = mailbox(to)
        if reply_to:
            message["Reply-To"] = mailbox(reply_to)
        message["Subject"] = subject
    except (ValueError, HeaderParseError) as error:
        raise UnsafeMail(f"Kopfzeile nicht verwendbar: {error}") from error
    message.set_content("-", charset="utf-8")
    intended = {"To": [to.strip()], "Reply-To": [reply_to.strip()] if reply_to else None}
    verify(message, intended, subject)


def verify(message: EmailMessage, addresses: dict[str, list[str] | None], subject: str) -> None:
    """Write `message` as SMTP would, read it back, and refuse any header that changed."""
    names = list(message.keys())
    parsed = _read_back(message, _all(addresses.values()))
    if list(parsed.keys()) != names:
        raise UnsafeMail(
            f"Kopfzeilen verändert: geschrieben {', '.join(names)}; "
            f"gelesen {', '.join(parsed.keys())}"
        )
    for header, wanted in addresses.items():
        found = _addr_specs(parsed, header)
        if found != (wanted or []):
            raise UnsafeMail(f"{header} nennt nach dem Schreiben andere Adressen als vorgesehen")
    if "Subject" in names and str(parsed["Subject"]) != subject:
        raise UnsafeMail("Betreff verändert")


def _read_back(message: EmailMessage, addresses: list[str]) -> EmailMessage:
    """Serialise like smtplib (UTF-8 headers for international addresses) and parse again."""
    policy = message.policy
    if not all(address.isascii() for address in addresses):
        policy = policy.clone(utf8=True)
    try:
        raw = message.as_bytes(policy=policy).decode("utf-8")
        return message_from_string(raw, policy=default)
    except (UnicodeError, MessageError, ValueError, IndexError) as error:
        raise UnsafeMail(f"Mail nicht lesbar: {type(error).__name__}") from error


def _addr_specs(message: EmailMessage, header: str) -> list[str]:
    values = message.get_all(header) or []
    try:
        return [address.addr_spec for value in values for address in value.addresses]
    except (AttributeError, HeaderParseError, ValueError, IndexError):
        return ["<unlesbar>"]


def _all(groups: Iterable[list[str] | None]) -> list[str]:
    return [address for group in groups if group for address in group]
