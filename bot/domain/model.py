"""The vocabulary of consultbot as frozen values: what crosses every boundary of the core."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Position(StrEnum):
    """A delegation's position on one recommendation."""

    SUPPORT = "support"
    SUPPORT_WITH_AMENDMENTS = "support_with_amendments"
    OPPOSE = "oppose"
    RESERVE = "reserve"
    NO_POSITION = "no_position"
    # Recorded by the system, never chosen: silence procedure, no objection by the deadline.
    NO_OBJECTION = "no_objection"


#: The positions a delegate may choose, in the order they are offered.
CHOOSABLE: tuple[Position, ...] = (
    Position.SUPPORT,
    Position.SUPPORT_WITH_AMENDMENTS,
    Position.OPPOSE,
    Position.RESERVE,
    Position.NO_POSITION,
)


class Role(StrEnum):
    """What a participant may do."""

    DELEGATE = "delegate"
    FOCAL_POINT = "focal_point"
    COORDINATOR = "coordinator"
    DIGEST = "digest"


class RoundStatus(StrEnum):
    """Where a round is in its life."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class RoundMode(StrEnum):
    """How silence counts at the deadline."""

    STANDARD = "standard"
    SILENCE = "silence"


class DelegationState(StrEnum):
    """How far a delegation is in a round."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Step(StrEnum):
    """Where a participant stands in a round's dialogue."""

    IDLE = "idle"
    ITEM = "item"
    AMENDMENT = "amendment"
    COMMENT = "comment"
    REVIEW = "review"


class DeliveryStatus(StrEnum):
    """The life of an outbound message."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"


class Prompt(StrEnum):
    """The free text the core waits for next (an adapter may open a form for it)."""

    AMENDMENT = "amendment"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True, kw_only=True)
class Stakeholder:
    """Who answers: a Member State (ISO 3166 alpha-3), an observer, a UN entity, an NGO."""

    code: str
    name: str
    kind: str = "member_state"
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant:
    """A person speaking for one stakeholder."""

    id: int
    stakeholder: str
    role: Role
    name: str = ""
    #: The language the person reads (one of bot.i18n.formats.LANGUAGES); "" while nobody chose one
    #: (then the platform's hint at join, else English).
    language: str = "en"
    timezone: str = "America/New_York"
    #: A contact's e-mail address ("" if none), unique per stakeholder.
    email: str = ""
    #: The channel the person prefers to be reached on ("" when they did not say).
    channel: str = ""
    #: False once a mail server refused the address for good (a 5xx on the recipient).
    email_reachable: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class NewParticipant:
    """A participant before storage has given it an id."""

    stakeholder: str
    role: Role
    name: str = ""
    language: str = "en"
    timezone: str = "America/New_York"
    email: str = ""
    channel: str = ""


#: The channel of a participant's e-mail address. A contact is reached there until they join a chat;
#: the address is a participant's attribute (from the contacts file), not an identity they bound.
MAIL = "email"


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """A participant's account on one channel; `chat` is where to write to them."""

    channel: str
    account: str
    participant_id: int
    chat: str
    reachable: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Invitation:
    """A one-time code (stored only as its hash) that binds a chat account to a participant."""

    code_hash: str
    participant_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BrowserSession:
    """A browser signed in by a one-time link: its token (stored only hashed), whose, until when."""

    token_hash: str
    participant_id: int
    account: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None

    def live(self, now: datetime) -> bool:
        """True while the session may be used."""
        return self.revoked_at is None and now < self.expires_at


class Provenance(StrEnum):
    """Whose translation of a round's own text: the UN's own, or anybody else's (said to the reader)."""

    OFFICIAL = "official"
    UNOFFICIAL = "unofficial"


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundTranslation:
    """A round's title and description in one more language, and whose translation that language is."""

    language: str
    status: Provenance
    title: str
    description: str = ""
    #: The sections' names in this language: (name in the round's language, name in this one).
    sections: tuple[tuple[str, str], ...] = ()

    def section(self, name: str) -> str:
        """A section's name in this language ("" when not given)."""
        return next((there for here, there in self.sections if here == name), "")


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemTranslation:
    """A recommendation's title and text in one more language (its provenance is the round's)."""

    language: str
    title: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Recommendation:
    """One item of a round, in the round's base language, with its translations."""

    ref: str
    section: str
    title: str
    text: str
    translations: tuple[ItemTranslation, ...] = ()

    def translation(self, language: str) -> ItemTranslation | None:
        """The title and text in this language, or None when the round file gave none."""
        return next((t for t in self.translations if t.language == language), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Round:
    """One consultation."""

    slug: str
    title: str
    deadline: datetime
    recommendations: tuple[Recommendation, ...]
    description: str = ""
    opens: datetime | None = None
    timezone: str = "America/New_York"
    audience: tuple[str, ...] = ()
    reminders: tuple[timedelta, ...] = (timedelta(days=7), timedelta(days=2), timedelta(hours=4))
    mode: RoundMode = RoundMode.STANDARD
    status: RoundStatus = RoundStatus.DRAFT
    document: str = ""
    summaries: bool = False
    #: When the round closed, why ("deadline" or "hand") and by whom; the deadline itself is kept.
    closed_at: datetime | None = None
    closed_reason: str = ""
    closed_by: str = ""
    #: When the deadline was last moved (extend, reopen): reminders due before then are not sent.
    deadline_moved_at: datetime | None = None
    #: Per section, who facilitates it (a stakeholder code or a participant's e-mail), as the round
    #: file names them; stored apart (ports.Followup.facilitators), not read back by Rounds.get.
    facilitators: tuple[tuple[str, str], ...] = ()
    #: The language the round's own text is written in (title, description, recommendations).
    language: str = "en"
    #: The round's title and description in other languages, each with its provenance.
    translations: tuple[RoundTranslation, ...] = ()

    def translation(self, language: str) -> RoundTranslation | None:
        """The round's text in this language, or None when the round file gave none."""
        return next((t for t in self.translations if t.language == language), None)

    def item(self, ref: str) -> Recommendation | None:
        """Return the recommendation with this reference, or None."""
        return next((r for r in self.recommendations if r.ref.casefold() == ref.casefold()), None)

    def index_of(self, ref: str) -> int:
        """Return the 0-based position of a reference (-1 if absent)."""
        return next((i for i, r in enumerate(self.recommendations) if r.ref == ref), -1)

    def accepts_answers(self, now: datetime) -> bool:
        """True while answers may be given or changed."""
        return self.status is RoundStatus.OPEN and now < self.deadline


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """The current position of a stakeholder on a recommendation."""

    round: str
    stakeholder: str
    ref: str
    position: Position
    amendment: str = ""
    comment: str = ""
    participant_id: int | None = None
    channel: str = ""
    updated_at: datetime
    #: The language the amendment and comment were written in (the writer's language then; "" unknown).
    language: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision:
    """One change of a response: who, when, from which channel."""

    round: str
    stakeholder: str
    ref: str
    position: Position
    amendment: str
    comment: str
    participant_id: int | None
    channel: str
    at: datetime
    #: The language the amendment and comment were written in ("" unknown).
    language: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmittedAnswer:
    """One answer exactly as a delegation submitted it."""

    ref: str
    position: Position
    amendment: str = ""
    comment: str = ""
    language: str = ""

    def same_as(self, response: Response) -> bool:
        """True when the current (draft) response says exactly what was submitted."""
        return (self.position, self.amendment, self.comment) == (
            response.position,
            response.amendment,
            response.comment,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Submission:
    """A delegation's "submit" for a round: its receipt and a snapshot of every answer as submitted.

    It is the record; later edits are drafts until the next submission. `name` and `role` are those
    of the person who submitted, as they were then. Submissions are ordered by when storage wrote
    them (`sequence`), never by the clocks of the replicas that wrote them.
    """

    round: str
    stakeholder: str
    receipt: str
    participant_id: int | None
    channel: str
    answered: int
    at: datetime
    name: str = ""
    role: str = ""
    answers: tuple[SubmittedAnswer, ...] = ()
    sequence: int = field(default=0, compare=False)

    @property
    def submitted_by(self) -> str:
        """Who submitted, as people read it: "Marie Dupont (focal point)"."""
        return person(self.name, self.role, self.participant_id)

    def answer(self, ref: str) -> SubmittedAnswer | None:
        """The submitted answer to one recommendation, or None."""
        return next((a for a in self.answers if a.ref == ref), None)

    def differs_from(self, responses: Mapping[str, Response]) -> bool:
        """True when the drafts (by reference) differ from what was submitted."""
        if len(responses) != len(self.answers):
            return True
        return any(r.ref not in responses or not r.same_as(responses[r.ref]) for r in self.answers)


def person(name: str, role: str, participant_id: int | None = None) -> str:
    """A person as exports and receipts name them: display name and role, never an internal id alone."""
    shown = name or (f"participant {participant_id}" if participant_id is not None else "")
    if not shown:
        return "system" if not role else role.replace("_", " ")
    return f"{shown} ({role.replace('_', ' ')})" if role else shown


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversation:
    """Where a participant stands, stored so that a restart resumes exactly there."""

    participant_id: int
    round: str = ""
    step: Step = Step.IDLE
    ref: str = ""
    updated_at: datetime | None = None
    #: What the person saw when the text now awaited was asked for (bot.dialogue.seen): the answer an
    #: amendment or comment will apply to, checked again when the text arrives ("" when unknown).
    seen: str = ""


@dataclass(frozen=True, slots=True)
class Address:
    """Where an outbound message goes: a chat on a channel."""

    channel: str
    chat: str


@dataclass(frozen=True, slots=True)
class Choice:
    """A button or numbered choice; `action` comes back verbatim in IncomingMessage.action."""

    label: str
    action: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """What the core says; plain text only: adapters escape and format it for their channel."""

    text: str
    title: str = ""
    choices: tuple[Choice, ...] = ()
    prompt: Prompt | None = None
    prompt_ref: str = ""
    prompt_action: str = ""
    prompt_label: str = ""
    max_length: int = 0
    confirms: str = ""
    image: bytes | None = None
    key: str = ""
    error: bool = False
    #: The delivery's dedupe key, set by the dispatcher as it sends (never stored): a channel that
    #: names its messages (an e-mail's Message-ID) derives the name from it, so a resend keeps it.
    ref: str = ""
    #: Links the reader may follow, (label, url), for a channel without buttons (e-mail).
    links: tuple[tuple[str, str], ...] = ()
    #: Files to attach, (file name, content), for a channel that can carry them (e-mail).
    attachments: tuple[tuple[str, bytes], ...] = ()
    #: The language the texts are written in (ar, en, es, fr, ru, zh; "" when not said, read as
    #: English): a channel writes what it adds itself (an e-mail's masthead and footer, its `lang` and
    #: direction, a form's labels, an apology) in it.
    language: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities:
    """What a channel can show and take; the core words its screens by these, never by channel name."""

    #: Choices are typed by their number and free text ends at the end of a line (a terminal), rather
    #: than pressed as buttons and sent as messages or forms (a chat).
    typed: bool = False
    #: A whole answer (position, amendment and comment) comes in one form (a web page), rather
    #: than a position first and the free text asked for afterwards.
    forms: bool = False


#: A chat platform: buttons to press, messages to send.
CHAT = Capabilities()
#: A terminal: numbered choices, one line per answer.
TERMINAL = Capabilities(typed=True)
#: A web page: forms that carry a whole answer at once.
FORMS = Capabilities(forms=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class IncomingMessage:
    """One thing a person did in a chat, translated by an adapter."""

    channel: str
    account: str
    chat: str
    text: str = ""
    action: str = ""
    event_id: str = ""
    name: str = ""
    #: The chat is the person's own conversation with the bot (False: a group, or someone else's chat):
    #: only then may it become the place their invitations and reminders go.
    direct: bool = True
    #: What the channel the message came from can show and take.
    capabilities: Capabilities = CHAT
    #: Named free text sent with an action in one form (a web page's amendment and comment).
    fields: tuple[tuple[str, str], ...] = ()
    #: The adapter tells the core once the replies are shown (`Engine.replied`): a redelivery of the
    #: event before that (its process died in between) shows the person's current screen again.
    confirms_replies: bool = False
    #: The platform's hint of the person's language (Telegram `language_code`, Slack `locale`, e.g.
    #: "fr" or "es-ES"); "" when it gave none. Used at join when no language was chosen.
    locale: str = ""

    def field(self, name: str) -> str:
        """The form field `name` ("" if absent)."""
        return next((value for key, value in self.fields if key == name), "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """An outbound message waiting to be sent (the outbox)."""

    kind: str
    dedupe_key: str
    address: Address
    reply: Reply
    due_at: datetime
    participant_id: int | None = None
    round: str = ""
    id: int | None = None
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    last_error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DelegationProgress:
    """How far one delegation is in a round, as storage counts it."""

    stakeholder: str
    answered: int
    submitted_at: datetime | None = None
    #: The latest submission's receipt and who made it ("" when none).
    receipt: str = ""
    submitted_by: str = ""
    #: The drafts differ from the latest submission (answers changed and not submitted again).
    changed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """A coordinator action: who, what, on what, when, from where."""

    actor: str
    action: str
    target: str
    channel: str
    at: datetime
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who asks for a coordinator action: a participant, or the operator at the CLI."""

    name: str
    channel: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    participant_id: int | None = None
    stakeholder: str = ""

    @classmethod
    def operator(cls, name: str) -> Actor:
        """The person at the command line: trusted with every coordinator action."""
        return cls(name=name, channel="cli", roles=frozenset({Role.COORDINATOR, Role.DIGEST}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A delegation's question on a recommendation, for the facilitator of its section.

    The answer goes back to the asking delegation only, until the facilitator publishes it as a
    clarification that every delegation of the round sees under that recommendation."""

    id: int = 0
    round: str
    ref: str
    stakeholder: str
    participant_id: int
    text: str
    asked_at: datetime
    answer: str = ""
    answered_by: str = ""
    answered_at: datetime | None = None
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackEntry:
    """One change of a recommendation's implementation status (the follow-up track), as audited."""

    round: str
    ref: str
    status: str
    lead: str = ""
    note: str = ""
    at: datetime
    by: str = ""
