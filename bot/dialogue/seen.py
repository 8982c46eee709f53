"""What a person saw: short fingerprints of one answer and of a delegation's review.

A button that adds a comment, a prompt that waits for an amendment and a Submit button carry the
fingerprint of what was on the screen; the use case compares it with what is stored, in the same
transaction, before it writes. Two members of one delegation then cannot have a comment written
for "Support" land on the "Oppose" a colleague chose meanwhile (issue 21, item 4).

Fingerprints are of content (position, texts, who, when), never a comparison of clocks, and short
enough for Telegram's 64-byte callback data.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from datetime import UTC

from bot.domain.model import Response

#: The fingerprint of "no answer yet".
NOTHING = "none"
#: Characters of a fingerprint (base32 of 40 bits: a collision by chance is one in a trillion).
LENGTH = 8


def _digest(parts: list[str]) -> str:
    raw = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=5).digest()
    return base64.b32encode(raw).decode("ascii").lower()[:LENGTH]


def answer(response: Response | None) -> str:
    """The fingerprint of one stored answer as a screen shows it (NOTHING when there is none)."""
    if response is None:
        return NOTHING
    return _digest(
        [
            response.position.value,
            response.amendment,
            response.comment,
            str(response.participant_id),
            # In UTC to the second: the same moment whatever precision or zone storage gives back.
            response.updated_at.astimezone(UTC).isoformat(timespec="seconds"),
        ]
    )


def review(responses: Mapping[str, Response]) -> str:
    """The fingerprint of every answer of a delegation (a review as shown)."""
    return _digest([f"{ref}={answer(responses[ref])}" for ref in sorted(responses)])
