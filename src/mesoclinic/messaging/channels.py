"""How a message leaves: a channel sends one stored message or says why it could not.

`Channel` is the whole interface a sender needs. `EmailChannel` is Django's mail API (the
SMTP backend in production). An SMS channel is a second implementation of the same
protocol, chosen by the message's `channel`: it would read `message.to` as a phone number
and `message.text` as the body, and raise `SendFailed` the same way. No SMS provider is
wired in (which one is the clinic's choice), so a message for "sms" fails at once.
"""

import smtplib
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from mesoclinic.messaging.models import ChannelName, Message


@dataclass(frozen=True)
class SendFailed(Exception):
    """`reason` is what the desk reads and the row keeps: the error's class and, for SMTP,
    its code, never the address or the text. `retry`: whether trying later can help."""

    reason: str
    retry: bool


class Channel(Protocol):
    def send(self, message: Message) -> None:
        """Deliver the message to its channel's server, or raise `SendFailed`."""


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPResponseException):
        return int(error.smtp_code)
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return int(next(iter(error.recipients.values()))[0])
    return None


def failure_of(error: Exception) -> SendFailed:
    """A mail error as the desk reads it. 4xx SMTP codes are temporary by the standard
    (RFC 5321): trying later can help; 5xx are not. A lost connection may be temporary."""
    code = _smtp_code(error)
    name = type(error).__name__
    if code is not None:
        return SendFailed(reason=f"{name} {code}", retry=400 <= code < 500)
    if isinstance(error, smtplib.SMTPNotSupportedError):  # e.g. no STARTTLS: configuration
        return SendFailed(reason=name, retry=False)
    if isinstance(error, OSError):  # refused or lost connection, timeout, SMTPServerDisconnected
        return SendFailed(reason=name, retry=True)
    return SendFailed(reason=name, retry=False)


class EmailChannel:
    def send(self, message: Message) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
        )
        email.attach_alternative(message.html, "text/html")
        try:
            email.send(fail_silently=False)
        except Exception as error:  # every mail error becomes a recorded failure
            raise failure_of(error) from error


class NoSmsProvider:
    def send(self, message: Message) -> None:
        raise SendFailed(reason="No SMS provider configured", retry=False)


def channel_for(message: Message) -> Channel:
    if message.channel == ChannelName.EMAIL:
        return EmailChannel()
    return NoSmsProvider()
