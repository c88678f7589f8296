"""A real SMTP server on loopback that tests can stop, restart and make misbehave."""

import socket
from email import message_from_string
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps what it accepts, fails on demand (mode)."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.mode = "ok"  # ok | reject-recipient | drop-connection | refuse-login

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "reject-recipient":
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "drop-connection":
            server.transport.close()
            return "421 closing"
        # SMTPUTF8 mails carry raw UTF-8 headers; everything else is ASCII.
        message = message_from_string(envelope.original_content.decode(), policy=default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"richtig"
        return AuthResult(success=ok and self.mode != "refuse-login", handled=False)


class SmtpServer:
    """Controller wrapper keeping one port across stop and start."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            self.inbox,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self.inbox.authenticate,
            auth_require_tls=False,
            decode_data=False,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _, message in self.inbox.received]
