"""Hand built messages to an SMTP server, or to the log when none is configured (development)."""

import logging
import smtplib
import ssl
from email.message import EmailMessage

from forms.office.mailer import MailError, MailSettings, redact

log = logging.getLogger(__name__)


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
        smtp = self._smtp or self._connect()
        try:
            refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            replies = {f"{code} {_text(reply)}" for code, reply in error.recipients.values()}
            raise MailError(redact("Empfänger abgelehnt: " + "; ".join(sorted(replies)))) from error
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise MailError(redact(f"SMTP {error.smtp_code}: {_text(error.smtp_error)}")) from error
        except smtplib.SMTPNotSupportedError as error:
            raise MailError(f"Vom Mailserver nicht unterstützt: {error}") from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise _connection_error(error) from error
        if refused:
            raise MailError(f"{len(refused)} Empfänger abgelehnt")

    def _connect(self) -> smtplib.SMTP:
        settings, context = self.settings, ssl.create_default_context()
        try:
            if settings.security == "tls":
                smtp = smtplib.SMTP_SSL(
                    settings.server, settings.port, timeout=settings.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
        except (OSError, smtplib.SMTPException) as error:
            raise _connection_error(error) from error
        try:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if settings.username:
                smtp.login(settings.username, settings.password or "")
        except smtplib.SMTPAuthenticationError as error:
            smtp.close()
            reason = f"Anmeldung abgelehnt: SMTP {error.smtp_code}: {_text(error.smtp_error)}"
            raise MailError(reason, connection=True) from error
        except (OSError, smtplib.SMTPException) as error:
            smtp.close()
            raise _connection_error(error) from error
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


def _connection_error(error: Exception) -> MailError:
    reason = redact(str(error)) or type(error).__name__
    return MailError(f"Verbindung zum Mailserver fehlgeschlagen: {reason}", connection=True)


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def transport_for(settings: MailSettings, debug: bool = False) -> LogTransport | SmtpTransport:
    """Choose SMTP when a server is configured, else the log."""
    return SmtpTransport(settings) if settings.server else LogTransport(debug)
