"""The mail channel: invitations, reminders and digests by e-mail (aiosmtplib, Jinja2 templates)."""

from adapters.email.channel import EmailChannel
from adapters.email.config import SmtpConfig
from adapters.email.sender import EmailSender
from adapters.email.smtp import SmtpPool

__all__ = ["EmailChannel", "EmailSender", "SmtpConfig", "SmtpPool"]
