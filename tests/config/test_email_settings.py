"""The mail channel's settings: the relay URL, the sender, the archive, and e-mail digest recipients."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import main
from adapters.redact import Redact
from config.settings import SettingsError, load_settings

MAIL = {
    "CONSULTBOT_SMTP_URL": "smtp://consult:Pa%24%24word-9@smtp.un.example:587",
    "CONSULTBOT_MAIL_FROM": "c@un.example",
}


class TestEmailSettings:
    def test_the_relay_turns_the_mail_channel_on(self) -> None:
        """With a URL and a sender, the slice exists; the archive defaults to ./archive."""
        assert load_settings({}).email is None
        mail = load_settings(MAIL).email
        assert mail is not None
        assert mail.mail_from == "c@un.example"
        assert mail.archive_dir == Path("archive")
        assert load_settings({**MAIL, "CONSULTBOT_ARCHIVE_DIR": "/srv/record"}).email.archive_dir == Path("/srv/record")  # type: ignore[union-attr]

    def test_an_email_digest_recipient_is_accepted_once_mail_is_configured(self) -> None:
        """`email:ADDRESS` is a recipient like `slack:C0123`; without a relay it is refused, naming the setting."""
        settings = load_settings({**MAIL, "CONSULTBOT_DIGEST_RECIPIENTS": "email:dsg-office@example.org"})
        assert [(r.channel, r.chat) for r in settings.digest_recipients] == [("email", "dsg-office@example.org")]
        with pytest.raises(SettingsError, match="CONSULTBOT_SMTP_URL is not set"):
            load_settings({"CONSULTBOT_DIGEST_RECIPIENTS": "email:dsg-office@example.org"})
        with pytest.raises(SettingsError, match="not an e-mail address"):
            load_settings({**MAIL, "CONSULTBOT_DIGEST_RECIPIENTS": "email:dsg-office"})

    def test_bad_mail_settings_are_named_without_the_password(self) -> None:
        """A URL of another scheme, or a relay without a sender, stops the start; the password is never shown."""
        with pytest.raises(SettingsError) as caught:
            load_settings({**MAIL, "CONSULTBOT_SMTP_URL": "https://consult:Pa$$word-9@smtp.un.example"})
        assert "CONSULTBOT_SMTP_URL" in str(caught.value)
        assert "Pa$$word" not in str(caught.value)
        with pytest.raises(SettingsError, match="needs CONSULTBOT_MAIL_FROM"):
            load_settings({"CONSULTBOT_SMTP_URL": MAIL["CONSULTBOT_SMTP_URL"]})

    def test_the_smtp_password_never_reaches_a_log(self, caplog: pytest.LogCaptureFixture) -> None:
        """secrets_of names the password (as written and decoded): a record that holds it is rewritten."""
        secrets = main.secrets_of(load_settings(MAIL))
        assert "Pa$$word-9" in secrets
        logger = logging.getLogger("test.smtp")
        redact = Redact(secrets)
        logger.addFilter(redact)
        try:
            with caplog.at_level(logging.INFO, logger="test.smtp"):
                logger.info("AUTH PLAIN as consult with Pa$$word-9 and Pa%24%24word-9")
        finally:
            logger.removeFilter(redact)
        assert "word-9" not in caplog.text

    def test_an_invitation_code_in_a_logged_email_body_is_hidden(self) -> None:
        """Codes are seven groups of four now: the redaction knows them by that shape, whole."""
        from bot.outreach.joining import new_code

        code = new_code()
        cleaned = Redact([]).clean(f"body: Your personal invitation code: {code}.")
        assert code not in cleaned
        assert cleaned == "body: Your personal invitation code: <code>."
