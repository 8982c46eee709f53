"""Errors the core raises on purpose; the Engine turns each into a polite reply.

BotError                    .reply_key names the catalogue text the participant sees
├── NotInvited              this chat account is bound to no participant
├── NotAllowed              the role does not permit the action
├── UnknownRound
├── UnknownRecommendation
├── UnknownStakeholder
├── NoOpenRound             nothing to answer now
├── RoundClosed             past the deadline or closed: answers are frozen
├── RoundNotOpen            the round is a draft or already closed
├── BadInput                over-long, empty or malformed text
│   ├── BadRoundFile        a round file with problems, each with its line
│   └── BadContactsFile     a contacts file with problems, each with its line
├── Incomplete              submit with unanswered recommendations
├── EmptyRound              nobody has answered the round: nothing to export or compile
├── NoSubmission            no delegation (or not this one) has submitted yet
├── Conflict                a concurrent writer got there first (storage raises it on commit)
└── Unavailable             the database cannot be reached now (storage raises it): try again shortly

SendError                   a Sender could not deliver (the dispatcher decides what follows)
├── Unreachable             the person blocked the bot or the account is gone: stop trying
├── PermanentFailure        the platform refuses this message (a 400): it dies, the person stays reachable
└── TemporaryFailure        429, 5xx, network: try again after `retry_after` seconds (or back-off)
    └── ChannelUnavailable  the whole channel is down (credentials refused, API unreachable)
"""

from __future__ import annotations

from collections.abc import Mapping


class BotError(Exception):
    """Base of every error the core means to tell a person about."""

    reply_key = "error.generic"

    def __init__(self, message: str = "", **params: object) -> None:
        super().__init__(message or self.reply_key)
        self.params: Mapping[str, object] = params


class NotInvited(BotError):
    reply_key = "error.not_invited"


class NotAllowed(BotError):
    reply_key = "error.not_allowed"


class UnknownRound(BotError):
    reply_key = "error.unknown_round"


class UnknownRecommendation(BotError):
    reply_key = "error.unknown_recommendation"


class UnknownStakeholder(BotError):
    reply_key = "error.unknown_stakeholder"


class NoOpenRound(BotError):
    reply_key = "error.no_open_round"


class RoundClosed(BotError):
    reply_key = "error.round_closed"


class RoundNotOpen(BotError):
    reply_key = "error.round_not_open"


class BadInput(BotError):
    reply_key = "error.bad_input"


class BadRoundFile(BadInput):
    """A round file refused; `problems` lists each one with its line (0 when unknown)."""

    reply_key = "error.bad_round_file"
    #: What was refused, as the command line names it.
    what = "round file"

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"line {line}: {text}" for line, text in problems))
        self.problems = problems


class BadContactsFile(BadInput):
    """A contacts file refused; `problems` lists each one with its line (0 when it is the whole file)."""

    reply_key = "error.bad_input"

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(f"line {line}: {text}" for line, text in problems), reason="bad contacts file")
        self.problems = problems


class Incomplete(BotError):
    reply_key = "error.incomplete"


class EmptyRound(BotError):
    reply_key = "error.empty_round"


class NoSubmission(BotError):
    reply_key = "error.no_submission"


class Conflict(BotError):
    reply_key = "error.conflict"


class Unavailable(BotError):
    """The database is out of reach (connection refused or cut, server restarting, locked too long).

    Nothing of the unit of work was kept; the person is asked to try again shortly.
    """

    reply_key = "error.try_again"


class SendError(Exception):
    """A Sender could not deliver a reply."""


class Unreachable(SendError):
    """The recipient cannot be reached on this chat any more (blocked bot, deleted account)."""


class PermanentFailure(SendError):
    """The platform refuses this message as it is; sending it again would not help."""


class TemporaryFailure(SendError):
    """Worth trying again; `retry_after` in seconds when the platform said so."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ChannelUnavailable(TemporaryFailure):
    """A channel cannot work now: its credentials were refused or its API cannot be reached.

    `reason` is safe to show an operator: it never holds a token or a password.
    """

    def __init__(self, channel: str, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{channel}: {reason}", retry_after=retry_after)
        self.channel, self.reason = channel, reason
