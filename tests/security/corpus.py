"""The hostile-input corpus: each entry is what is sent, the answer it must get, and what may change.

Every entry runs against `consultbot run` (Telegram webhook and Slack HTTP events, SQLite), after a
dump of every table; a second dump afterwards must equal the first, except for the processed-event
marks and the rows an entry names in `effects` (a wrong invitation code is remembered, so that
guessing slows down). Entries are data: `Request` says how to send, `Case` what must follow.

Who sends: "delegate" (a Telegram or Slack account of France's delegation; consecutive entries use
different accounts), "victim" (Brazil's delegate), "coordinator", "digest" (the digest reader), and
"stranger" (an account bound to nobody; a new one each time). Invitation codes are named
symbolically ({used}, {expired}, {valid}) and filled in by the harness.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from slack_sdk.signature import SignatureVerifier

#: The round everyone answers; "other" is for Afghanistan only; "draft" is not open; "shut" is closed.
SLUG = "sec"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class Request:
    """One thing sent to the service.

    via: "slack-raw" (a body and headers as given), "slack-dm", "slack-command", "slack-press",
    "tg-raw" (a body to the webhook with a secret variant), "tg-text", "tg-press".
    """

    via: str
    who: str = "delegate"
    text: str = ""
    data: str = ""
    body: str = ""
    content_type: str = JSON
    sign: str = "valid"  # Slack: how to sign; Telegram: which secret header to send
    escaped: bool = True  # Slack DM text escaped as Slack escapes typed text (False: sent as is)
    chat_of: str = ""  # press a button on a message in another person's chat
    retry: int = 0  # X-Slack-Retry-Num
    replay: bool = False  # the very bytes and headers of the setup's last request, again


@dataclass(frozen=True)
class Case:
    """A hostile input, the answer it must get, and the only changes allowed."""

    id: str
    kind: str
    request: Request
    status: int = 200
    answer: str = ""  # catalogue key the sender must be shown ("": nothing is shown to anyone)
    shows: str = ""  # literal text the answer must show (the input echoed, escaped for the channel)
    effects: Mapping[str, int] = field(default_factory=dict)  # rows added per table, nothing else changes
    stores: str = ""  # a comment that must be stored exactly (then responses/revisions/conversations change)
    spares: str = ""  # a stakeholder whose rows must not change whatever else does
    setup: tuple[Request, ...] = ()


def slack_signatures() -> Iterator[Case]:
    """Forged, missing, malformed and stale signatures on each kind of Slack request: 401, nothing else."""
    bodies = {
        "dm": Request("slack-raw", body="dm:help", content_type=JSON),
        "command": Request("slack-raw", body="command:status", content_type=FORM),
        "press": Request("slack-raw", body=f"press:p:{SLUG}:R1:o", content_type=FORM),
    }
    variants = [
        "wrong-secret",
        "no-signature",
        "no-timestamp",
        "empty-signature",
        "zero-signature",
        "v1-signature",
        "upper-hex",
        "other-body",
        "tampered-body",
        "stale-6min",
        "stale-1day",
        "future-6min",
        "timestamp-text",
    ]
    for name, request in bodies.items():
        for variant in variants:
            yield Case(f"slack-signature-{variant}-{name}", "slack signature", _with(request, sign=variant), status=401)


def slack_replays() -> Iterator[Case]:
    """A request signed right, sent again byte for byte (or as Slack's retry): 200 and no second effect."""
    for name, first in {
        "dm": Request("slack-dm", text="help"),
        "command": Request("slack-command", text="status"),
        "press": Request("slack-press", data=f"p:{SLUG}:R1:o"),
        "comment-press": Request("slack-press", data=f"nc:{SLUG}:R1"),
    }.items():
        yield Case(f"slack-replay-{name}", "replayed request", _with(first, replay=True), setup=(first,))
        yield Case(f"slack-retry-{name}", "replayed request", _with(first, replay=True, retry=1), setup=(first,))


def telegram_secrets() -> Iterator[Case]:
    """The webhook without the right secret token: 401, nothing else."""
    variants = [
        "missing",
        "empty",
        "wrong",
        "prefix",
        "suffix",
        "swapped-case",
        "padded",
        "slack-secret",
        "bot-token",
        "lookalike",
        "misspelt-header",
        "in-query",
    ]
    for body in ("text:open sec", f"press:p:{SLUG}:R1:o"):
        for variant in variants:
            yield Case(
                f"telegram-secret-{variant}-{body.split(':')[0]}",
                "telegram webhook secret",
                Request("tg-raw", body=body, sign=variant),
                status=401,
            )


def malformed() -> Iterator[Case]:
    """Bodies no platform sends, with valid signatures and secrets: refused with a 4xx, nothing stored."""
    slack_bodies = [
        ("not-json", "not json", JSON, 400),
        ("json-array", "[]", JSON, 400),
        ("json-null", "null", JSON, 400),
        ("json-empty", "{}", JSON, 400),
        ("json-no-event", '{"type":"event_callback"}', JSON, 400),
        ("json-event-string", '{"type":"event_callback","event":"x"}', JSON, 400),
        ("json-deep", "[" * 50_000 + "]" * 50_000, JSON, 400),
        ("json-empty-body", "", JSON, 400),
        ("json-unknown-type", '{"type":"no_such_type"}', JSON, 404),
        ("payload-not-json", "payload=notjson", FORM, 400),
        ("payload-empty", "payload=", FORM, 400),
        ("payload-array", "payload=%5B%5D", FORM, 400),
        ("payload-object-no-type", "payload=%7B%7D", FORM, 400),
        ("payload-actions-no-user", "payload=%7B%22type%22%3A%22block_actions%22%7D", FORM, 400),
        (
            "payload-actions-empty",
            "payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%2C%22actions%22%3A%5B%5D%7D",
            FORM,
            400,
        ),
        (
            "payload-view-no-view",
            "payload=%7B%22type%22%3A%22view_submission%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D",
            FORM,
            400,
        ),
        ("command-no-user", "command=%2Fconsult&text=help", FORM, 400),
        ("form-garbage", "%%%&&&===", FORM, 404),
        ("not-utf8", "\udcff\udcfe", JSON, 401),  # cannot be verified as text: unsigned, as far as we can tell
        ("oversized", "x" * 1_100_000, JSON, 413),
    ]
    for name, body, kind, status in slack_bodies:
        yield Case(
            f"malformed-slack-{name}", "malformed body", Request("slack-raw", body=body, content_type=kind), status
        )
    telegram_bodies = [
        ("not-json", "not json", 400),
        ("array", "[]", 400),
        ("null", "null", 400),
        ("empty-object", "{}", 400),
        ("update-id-text", '{"update_id":"1"}', 400),
        ("message-string", '{"update_id":1,"message":"x"}', 400),
        ("message-partial", '{"update_id":2,"message":{"text":"open sec"}}', 400),
        ("deep", "[" * 50_000 + "]" * 50_000, 400),
        ("oversized", '{"update_id":3,"x":"' + "x" * 1_100_000 + '"}', 413),
        ("not-utf8", "\udcff\udcfe", 400),
        ("empty", "", 400),
    ]
    for name, body, status in telegram_bodies:
        yield Case(f"malformed-telegram-{name}", "malformed body", Request("tg-raw", body=f"raw:{body}"), status)


STALE = "error.stale_button"
UNKNOWN_ROUND = "error.unknown_round"


def callback_data() -> Iterator[Case]:
    """Button data that is not ours, too long, or names what this delegation may not see: refused."""
    values = [
        ("empty-parts", ":", STALE),
        ("garbage", "zzz", STALE),
        ("verb-only", "p", STALE),
        ("no-position", f"p:{SLUG}:R1", STALE),
        ("bad-position", f"p:{SLUG}:R1:x", STALE),
        ("extra-part", f"p:{SLUG}:R1:s:x", STALE),
        ("unknown-verb", f"rm:{SLUG}:R1", STALE),
        ("path", "go:../../etc/passwd", STALE),
        ("sql", "p:sec' OR '1'='1:R1:s", STALE),
        ("65-bytes", "p:" + "a" * 63, STALE),
        ("2000-bytes", "go:" + "b" * 1997, STALE),
        ("control", f"p:{SLUG}:R1:s\u0000", STALE),
        ("rtl", f"\u202ep:{SLUG}:R1:s", STALE),
        ("unicode-slug", "p:séc:R1:s", STALE),
        ("unknown-round", "p:nope:R1:s", UNKNOWN_ROUND),
        ("upper-round", f"p:{SLUG.upper()}:R1:s", UNKNOWN_ROUND),
        ("other-audience", "p:other:R1:s", UNKNOWN_ROUND),
        ("draft-round", "p:draft:R1:s", UNKNOWN_ROUND),
        ("go-other", "go:other", UNKNOWN_ROUND),
        ("submit-other", "sub:other", UNKNOWN_ROUND),
        ("review-draft", "rev:draft", UNKNOWN_ROUND),
        ("closed-round", "p:shut:R1:s", "error.round_closed"),
        ("unknown-item", f"p:{SLUG}:R99:s", "error.unknown_recommendation"),
        ("edit-unknown-item", f"edit:{SLUG}:R99", "error.unknown_recommendation"),
    ]
    for name, value, answer in values:
        yield Case(f"callback-telegram-{name}", "callback data", Request("tg-press", data=value), answer=answer)
        yield Case(f"action-slack-{name}", "action value", Request("slack-press", data=value), answer=answer)


def other_delegation() -> Iterator[Case]:
    """A press copied from Brazil's screen, on Brazil's message: only the presser's delegation changes."""
    yield Case(
        "foreign-message-telegram",
        "another delegation's item",
        Request("tg-press", data=f"p:{SLUG}:R2:o", chat_of="victim"),
        answer="recorded",
        effects={"revisions": 1},
        spares="BRA",
    )
    yield Case(
        "foreign-message-slack",
        "another delegation's item",
        Request("slack-press", data=f"p:{SLUG}:R2:r", chat_of="victim"),
        answer="recorded",
        effects={"revisions": 1},
        spares="BRA",
    )
    for via in ("tg-text", "slack-dm"):
        yield Case(
            f"review-shows-own-only-{via}",
            "another delegation's item",
            Request(via, text="review"),
            answer="review.title",
            shows="Review · France",
            spares="BRA",
        )


COORDINATOR_COMMANDS = [
    ("open", f"open {SLUG}"),
    ("close", f"close {SLUG}"),
    ("extend", f"extend {SLUG} 2031-01-31T18:00-05:00"),
    ("remind", f"remind {SLUG}"),
    ("status-round", f"status {SLUG}"),
    ("digest", "digest"),
    ("digest-round", f"digest {SLUG}"),
    ("slash-open", f"/open {SLUG}"),
    ("upper-close", f"CLOSE {SLUG.upper()}"),
]


def coordinator_commands() -> Iterator[Case]:
    """Coordinator commands from a delegate, a digest reader and a stranger: refused, nothing audited."""
    for name, command in COORDINATOR_COMMANDS:
        yield Case(
            f"delegate-{name}-telegram",
            "coordinator command",
            Request("tg-text", text=command),
            answer="error.not_allowed",
        )
        yield Case(
            f"delegate-{name}-slack",
            "coordinator command",
            Request("slack-command", text=command),
            answer="error.not_allowed",
        )
        yield Case(
            f"stranger-{name}-telegram",
            "coordinator command",
            Request("tg-text", who="stranger", text=command),
            answer="error.not_invited",
        )
    for name, command in COORDINATOR_COMMANDS[:4]:
        yield Case(
            f"digest-reader-{name}",
            "coordinator command",
            Request("tg-text", who="digest", text=command),
            answer="error.not_allowed",
        )


FAILED = {"failed_joins": 1}


def invitation_codes() -> Iterator[Case]:
    """Used, expired, guessed and malformed codes: refused; each wrong one remembered; guessing slowed down."""
    codes = [
        ("used", "{used}", "join.used_code", FAILED),
        ("expired", "{expired}", "join.expired_code", FAILED),
        ("guess-1", "AAAAAAAAAAAAAAAAAAAAAA", "join.bad_code", FAILED),
        ("guess-2", "Zm9vYmFyYmF6cXV4cXV1eA", "join.bad_code", FAILED),
        ("guess-3", "0123456789abcdefABCDEF", "join.bad_code", FAILED),
        ("sql", "'OR'1'='1", "join.bad_code", FAILED),
        ("wildcard", "%", "join.bad_code", FAILED),
        ("one-symbol-off", "{valid-typo}", "join.bad_code", FAILED),
        ("zero-width-inside", "{valid-zw}", "join.bad_code", FAILED),
        ("65-chars", "x" * 65, "join.bad_code", {}),
        ("unicode", "ｃｏｄｅ１２３", "join.bad_code", FAILED),
    ]
    for name, code, answer, effects in codes:
        yield Case(
            f"code-{name}-telegram",
            "invitation code",
            Request("tg-text", who="stranger", text=f"/start {code}"),
            answer=answer,
            effects=effects,
        )
        yield Case(
            f"code-{name}-slack",
            "invitation code",
            Request("slack-command", who="stranger", text=f"join {code}"),
            answer=answer,
            effects=effects,
        )
    guesses = tuple(Request("tg-text", who="stranger", text=f"/start Guess{n}xxxxxxxxxxxxxxxxx") for n in range(5))
    yield Case(
        "code-sixth-guess-slowed-telegram",
        "invitation code",
        Request("tg-text", who="stranger", text="/start Guess6xxxxxxxxxxxxxxxxx"),
        answer="join.slow_down",
        setup=guesses,
    )
    yield Case(
        "code-right-code-after-five-guesses-telegram",
        "invitation code",
        Request("tg-text", who="stranger", text="/start {valid}"),
        answer="join.slow_down",
        setup=guesses,
    )
    slack_guesses = tuple(
        Request("slack-command", who="stranger", text=f"join Guess{n}yyyyyyyyyyyyyyyyy") for n in range(5)
    )
    yield Case(
        "code-right-code-after-five-guesses-slack",
        "invitation code",
        Request("slack-command", who="stranger", text="join {valid}"),
        answer="join.slow_down",
        setup=slack_guesses,
    )


MARKUP = [
    ("html-bold", "<b>bold</b>"),
    ("html-unclosed", "<i>never closed"),
    ("html-stray-close", "</b></i>"),
    ("html-link", '<a href="https://evil.example">x</a>'),
    ("html-script", "<script>alert(1)</script>"),
    ("html-entities", "&amp; &lt; & &#x41;"),
    ("html-spoiler", "<tg-spoiler>s</tg-spoiler>"),
    ("html-pre", "<pre><code>x</code></pre>"),
    ("mrkdwn-channel", "<!channel>"),
    ("mrkdwn-here-everyone", "<!here> <!everyone>"),
    ("mrkdwn-user", "<@U0ADMIN>"),
    ("mrkdwn-channel-link", "<#C0GENERAL|general>"),
    ("mrkdwn-link", "<https://evil.example|click>"),
    ("mrkdwn-format", "*bold* _it_ ~st~ `code`"),
    ("mrkdwn-subteam", "<!subteam^S123|@team>"),
]


def markup() -> Iterator[Case]:
    """Markup typed by a delegate: echoed as plain text (escaped for Telegram HTML and Slack mrkdwn)."""
    for name, typed in MARKUP:
        yield Case(
            f"markup-{name}-telegram",
            "markup",
            Request("tg-text", text=typed),
            answer="error.unknown_command",
            shows=typed,
        )
        yield Case(
            f"markup-{name}-slack",
            "markup",
            Request("slack-dm", text=typed),
            answer="error.unknown_command",
            shows=typed,
        )
    for name, typed in MARKUP[8:11]:  # Slack tokens as Slack itself sends a real mention (not escaped)
        yield Case(
            f"markup-{name}-slack-token",
            "markup",
            Request("slack-dm", text=typed, escaped=False),
            answer="error.unknown_command",
            shows=typed,
        )
    # A comment typed after "Add a comment": Telegram. In Slack that button opens a form (its text goes in
    # the form, tests/adapters/slack/test_one_tap.py); text typed in the DM is not understood and is shown
    # inert, as the markup-*-slack cases above check.
    for name, typed in (MARKUP[0], MARKUP[3], MARKUP[8], MARKUP[10]):
        for via, press in (("tg-text", "tg-press"),):
            yield Case(
                f"markup-comment-{name}-{via.split('-')[0]}",
                "markup",
                Request(via, text=f"Comment ({via}) {typed}"),
                answer="comment.saved",
                stores=f"Comment ({via}) {typed}",
                setup=(Request(press, data=f"p:{SLUG}:R1:s"), Request(press, data=f"cm:{SLUG}:R1")),  # Add a comment
            )


INVISIBLE = [
    ("nul", "\u0000help", "help"),
    ("bell", "he\u0007lp", "help"),
    ("escape", "\u001b[31mred", "[31mred"),
    ("zero-width-before", "\u200bhelp", "help"),
    ("zero-width-after", "status\u200b", "status"),
    ("zero-width-only", "\u200b\u200b\u200b", ""),
    ("bom", "\ufeffclose sec", "close sec"),
    ("rtl-override", "\u202eesolc", "esolc"),
    ("isolates", "\u2066open\u2069 sec", "open sec"),
    ("zero-width-position", "sup\u200bport", "support"),
    ("controls-only", "\u0001\u0002\u0003", ""),
    ("line-separators", "a\u2028b\u2029c", "a\u2028b\u2029c"),
]


def invisible() -> Iterator[Case]:
    """Control, zero-width and right-to-left characters: never a command in disguise; shown cleaned."""
    for name, typed, shown in INVISIBLE:
        for via in ("tg-text", "slack-dm"):
            yield Case(
                f"invisible-{name}-{via.split('-')[0]}",
                "control and invisible characters",
                Request(via, text=typed),
                answer="error.unknown_command",
                shows=shown,
            )


HUGE = "Ω" * 100_000  # 100,000 characters (200 KB as UTF-8)


def long_text() -> Iterator[Case]:
    """100 KB messages, comments over the limit, a huge callback: "too long", nothing stored."""
    yield Case("long-100k-telegram", "100 KB message", Request("tg-text", text=HUGE), answer="error.too_long")
    yield Case("long-100k-slack-dm", "100 KB message", Request("slack-dm", text=HUGE), answer="error.too_long")
    yield Case(
        "long-100k-slack-command", "100 KB message", Request("slack-command", text=HUGE), answer="error.too_long"
    )
    yield Case(
        "long-100k-stranger", "100 KB message", Request("tg-text", who="stranger", text=HUGE), answer="error.too_long"
    )
    yield Case("long-20001-telegram", "100 KB message", Request("tg-text", text="x" * 20_001), answer="error.too_long")
    for via, press in (("tg-text", "tg-press"), ("slack-dm", "slack-press")):
        for size in (4_001, 100_000):
            if via == "slack-dm" and size == 4_001:
                continue  # a Slack comment is written in a form (3,000 characters at most), not typed in the DM
            yield Case(
                f"long-comment-{size}-{via.split('-')[0]}",
                "100 KB message",
                Request(via, text="c" * size),
                answer="error.too_long",
                setup=(Request(press, data=f"p:{SLUG}:R1:s"), Request(press, data=f"cm:{SLUG}:R1")),  # Add a comment
            )


EMOJI = [
    ("face", "😀"),
    ("flags", "🇫🇷🇧🇷🇺🇳"),
    ("skin-tone", "👍🏽"),
    ("family-zwj", "👨‍👩‍👧‍👦"),
    ("many", "🔥" * 500),
]


def emoji() -> Iterator[Case]:
    """Emoji-only text: not understood as anything; as a comment, stored as typed."""
    for name, typed in EMOJI:
        for via in ("tg-text", "slack-dm"):
            yield Case(
                f"emoji-{name}-{via.split('-')[0]}",
                "emoji-only text",
                Request(via, text=typed),
                answer="error.unknown_command",
                shows=typed[:40] if name != "many" else "🔥",
            )
    for via, press, typed in (("tg-text", "tg-press", "👨‍👩‍👧‍👦🇺🇳"),):  # Slack's comments: a form (above)
        yield Case(
            f"emoji-comment-{via.split('-')[0]}",
            "emoji-only text",
            Request(via, text=typed),
            answer="comment.saved",
            stores=typed,
            setup=(Request(press, data=f"p:{SLUG}:R1:s"), Request(press, data=f"cm:{SLUG}:R1")),  # Add a comment
        )


def strangers() -> Iterator[Case]:
    """Accounts bound to nobody (another Slack workspace included): "not invited", nothing else."""
    for name, request in {
        "text": Request("tg-text", who="stranger", text="status"),
        "press": Request("tg-press", who="stranger", data=f"p:{SLUG}:R1:s"),
        "slack-dm": Request("slack-dm", who="stranger", text="review"),
        "slack-press": Request("slack-press", who="stranger", data=f"sub:{SLUG}"),
        "slack-command": Request("slack-command", who="stranger", text="submit"),
        "other-workspace": Request("slack-dm", who="foreign-team", text="status"),
        "empty-start": Request("tg-text", who="stranger", text="/start"),
    }.items():
        yield Case(f"stranger-{name}", "unknown account", request, answer="error.not_invited")


def corpus() -> list[Case]:
    """Every case, in a fixed order."""
    return [
        *slack_signatures(),
        *slack_replays(),
        *telegram_secrets(),
        *malformed(),
        *callback_data(),
        *other_delegation(),
        *coordinator_commands(),
        *invitation_codes(),
        *markup(),
        *invisible(),
        *long_text(),
        *emoji(),
        *strangers(),
    ]


def _with(request: Request, **changes: object) -> Request:
    values = {**request.__dict__, **changes}
    return Request(**values)


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's v0 signature of a body."""
    return str(SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body))


CORPUS = corpus()
