"""A reply remembers the language its texts are written in, through the outbox and back."""

from __future__ import annotations

from bot.delivery.codec import reply_from_dict, reply_to_dict
from bot.domain.model import Reply


def test_the_language_survives_the_outbox() -> None:
    """A digest queued in Arabic is sent as Arabic: the channel writes its own words (a form, an apology) in it."""
    stored = reply_to_dict(Reply(text="…", key="digest", language="ar"))
    assert reply_from_dict(stored).language == "ar"


def test_a_reply_stored_before_languages_reads_as_unsaid() -> None:
    stored = reply_to_dict(Reply(text="Reminder"))
    assert "language" not in stored  # rows written before stay as they were
    assert reply_from_dict(stored).language == ""
