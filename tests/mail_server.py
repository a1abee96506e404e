"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port, with Django's SMTP
backend pointed at it. Whatever any part sends by email arrives here as a parsed message.

    def test_the_reminder_arrives(smtp_server, run_queue):
        ...
        run_queue()
        [email] = smtp_server.wait_for(1)
        assert email["To"] == "ada@example.org"

`smtp_server.refuse(2)` makes it answer the next two deliveries with 451 (try again later);
`refuse(1, code=550)` with a permanent refusal.
"""

import email
import email.policy
import logging
import socket
import threading
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

REFUSALS = {
    451: "451 4.3.0 Temporary failure, try again later",
    550: "550 5.1.1 Mailbox unavailable",
}


class MailServer:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Envelope] = []
        self.refused = 0
        self._refusals: list[int] = []
        self._arrived = threading.Condition()

    def refuse(self, count: int, code: int = 451) -> None:
        """Refuse the next `count` deliveries with this SMTP code (451 or 550)."""
        with self._arrived:
            self._refusals.extend([code] * count)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages received, once there are at least `count` (fails after `timeout`
        seconds without them: a send is over before the job returns, so a test that waits
        at all waits only for a slow machine)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(
                    f"Expected {count} email(s) at the test SMTP server, got {len(self.messages)}."
                )
            return list(self.messages)

    # aiosmtpd's handler hook, called on its own thread for each message.
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._arrived:
            if self._refusals:
                self.refused += 1
                return REFUSALS[self._refusals.pop(0)]
            content = envelope.original_content or b""
            parsed = email.message_from_bytes(content, policy=email.policy.default)
            self.messages.append(parsed)  # type: ignore[arg-type]
            self.envelopes.append(envelope)
            self._arrived.notify_all()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings):
    # aiosmtpd logs every connection at INFO, from its own thread; only its warnings matter.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield server
    finally:
        controller.stop()
