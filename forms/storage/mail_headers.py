"""Second line against header injection: a composed mail must read back exactly as meant.

Validation already refuses what could break a header. But the mail library itself has turned
harmless-looking text (an RFC 2047 encoded word in an address) into CR/LF while writing a
message, so every mail is written out as it would go on the wire, parsed back, and refused
unless it has the same header names and exactly the intended recipients and subject.

Before a row is queued (`check_row`), its addresses and its subject are written and read back
in two small mails, each closed by a fixed last header that shows whether a header ended the
header block early. The library folds every header by itself, so the row's mail reads back as
meant exactly when both do. A subject's verdict depends only on its text and the UTF-8 mode,
and subjects come from templates, so it is kept per process: a submission pays for reading
back its addresses only (the subject's encoded words cost three times as much).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email import message_from_string
from email.errors import HeaderParseError, MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, default
from functools import lru_cache

ADDRESS_HEADERS = ("From", "To", "Reply-To")
# Written after the checked headers: if one of them ends the header block, this one is lost.
LAST_HEADER = ("X-End-Of-Headers", "end")
# An ASCII dot-atom address without "=", "?", quotes, spaces or controls: the mail library writes
# it as it is (no encoded word, no quoting), so reading it back can only give it again.
PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)


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
    if _is_plain(to) and (reply_to is None or _is_plain(reply_to)):
        _check_subject(subject, False)  # plain addresses write as they are: no read-back needed
        return
    intended = {"To": [to.strip()], "Reply-To": [reply_to.strip()] if reply_to else None}
    utf8 = _needs_utf8(_all(intended.values()))
    message = EmailMessage(policy=SMTP)
    try:
        message["To"] = mailbox(to)
        if reply_to:
            message["Reply-To"] = mailbox(reply_to)
    except (ValueError, HeaderParseError) as error:
        raise UnsafeMail(f"Kopfzeile nicht verwendbar: {error}") from error
    message[LAST_HEADER[0]] = LAST_HEADER[1]
    verify(message, intended, subject)
    _check_subject(subject, utf8)


@lru_cache(maxsize=512)
def _check_subject(subject: str, utf8: bool) -> None:
    """Write and read back a subject once per process and mode (refusals are not kept)."""
    message = EmailMessage(policy=SMTP)
    try:
        message["Subject"] = subject
    except (ValueError, HeaderParseError) as error:
        raise UnsafeMail(f"Kopfzeile nicht verwendbar: {error}") from error
    message[LAST_HEADER[0]] = LAST_HEADER[1]
    verify(message, {}, subject, utf8=utf8)


def verify(
    message: EmailMessage,
    addresses: dict[str, list[str] | None],
    subject: str,
    utf8: bool | None = None,
) -> None:
    """Write `message` as SMTP would, read it back, and refuse any header that changed.

    `utf8`: write as for international addresses (default: if any of `addresses` is one).
    """
    names = list(message.keys())
    if utf8 is None:
        utf8 = _needs_utf8(_all(addresses.values()))
    parsed = _read_back(message, utf8)
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


def _is_plain(address: str) -> bool:
    """True for the everyday address whose written form is its own text (see PLAIN_ADDRESS)."""
    return len(address) <= 254 and PLAIN_ADDRESS.fullmatch(address) is not None


def _needs_utf8(addresses: list[str]) -> bool:
    """smtplib sends international addresses with SMTPUTF8, headers then as raw UTF-8."""
    return not all(address.isascii() for address in addresses)


def _read_back(message: EmailMessage, utf8: bool) -> EmailMessage:
    """Serialise like smtplib (UTF-8 headers for international addresses) and parse again."""
    policy = message.policy.clone(utf8=True) if utf8 else message.policy
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
