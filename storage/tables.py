"""The database schema: one typed `...Row` class per table. These never leave `storage/`.

Datetimes are stored in UTC and always come back timezone-aware (UTCDateTime). Rounds are referred
to by an integer id inside the database; the slug, unique, is what the rest of the program uses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: The server default of a JSON list column (rows written before the column existed read as empty).
EMPTY_LIST = text("'[]'")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC (naive on SQLite, timestamptz on PostgreSQL), read back tz-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; convert to UTC (without tzinfo on SQLite, which keeps none)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: storage needs timezone-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention Alembic's batch mode needs."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, list[Any]: JSON}

    if TYPE_CHECKING:  # every row class here is mapped to a Table (SQLAlchemy types it as any FromClause)
        __table__: ClassVar[Table]


class StakeholderRow(Base):
    __tablename__ = "stakeholders"

    code: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    kind: Mapped[str]
    groups: Mapped[list[StakeholderGroupRow]] = relationship(
        order_by="StakeholderGroupRow.position", lazy="raise", viewonly=True
    )


class StakeholderGroupRow(Base):
    __tablename__ = "stakeholder_groups"

    stakeholder: Mapped[str] = mapped_column(ForeignKey("stakeholders.code", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(primary_key=True, index=True)
    position: Mapped[int]


class ParticipantRow(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("stakeholder", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder: Mapped[str] = mapped_column(ForeignKey("stakeholders.code"), index=True)
    role: Mapped[str] = mapped_column(index=True)
    name: Mapped[str]
    language: Mapped[str]
    timezone: Mapped[str]
    # A contact's address (NULL if none: NULLs never collide in the unique index) and preferred channel.
    email: Mapped[str | None] = mapped_column(default=None)
    channel: Mapped[str] = mapped_column(default="", server_default="")
    email_reachable: Mapped[bool] = mapped_column(default=True, server_default=true())


class IdentityRow(Base):
    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("channel", "account"),
        Index("ix_identities_channel_chat", "channel", "chat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str]
    account: Mapped[str]
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    chat: Mapped[str]
    reachable: Mapped[bool]


class InvitationRow(Base):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class FailedJoinRow(Base):
    __tablename__ = "failed_joins"
    __table_args__ = (Index("ix_failed_joins_channel_account_at", "channel", "account", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str]
    account: Mapped[str]
    at: Mapped[datetime]


class RoundRow(Base):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(index=True)
    mode: Mapped[str]
    deadline: Mapped[datetime]
    opens: Mapped[datetime | None]
    timezone: Mapped[str]
    audience: Mapped[list[Any]]  # stakeholder codes and group names
    reminders: Mapped[list[Any]]  # offsets before the deadline, in seconds
    document: Mapped[str] = mapped_column(Text)
    summaries: Mapped[bool]
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str] = mapped_column(default="", server_default="")
    closed_by: Mapped[str] = mapped_column(default="", server_default="")
    deadline_moved_at: Mapped[datetime | None]
    # The language the round's own text is written in, and its other languages: a list of
    # {language, status, title, description, sections: [[name, translated], ...]}.
    language: Mapped[str] = mapped_column(default="en", server_default="en")
    translations: Mapped[list[Any]] = mapped_column(default=list, server_default=EMPTY_LIST)
    recommendations: Mapped[list[RecommendationRow]] = relationship(
        order_by="RecommendationRow.position", lazy="raise", viewonly=True
    )


class RecommendationRow(Base):
    __tablename__ = "recommendations"
    __table_args__ = (UniqueConstraint("round_id", "ref"), UniqueConstraint("round_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    position: Mapped[int]
    ref: Mapped[str]
    section: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    translations: Mapped[list[Any]] = mapped_column(
        default=list, server_default=EMPTY_LIST
    )  # [{language, title, text}]


#: A response whose draft differs from what the delegation submitted (never true before a submission:
#: the submitted_* columns are NULL then). The partial index below holds only those rows, so that
#: counting them per delegation reads a few index entries, not the round's whole table.
DRAFT_DIFFERS = "(position != submitted_position OR amendment != submitted_amendment OR comment != submitted_comment)"
#: "No objection" recorded by the silence procedure for a delegation that never submitted: it counts
#: as that delegation's position (a partial index: normally a handful of rows, or none).
SILENCE_RECORDED = "(submitted_position IS NULL AND position = 'no_objection')"


class ResponseRow(Base):
    """The current response: one per delegation and recommendation (revisions keep the history)."""

    __tablename__ = "responses"
    # The unique index also serves the queries by (round, stakeholder).
    __table_args__ = (
        UniqueConstraint("round_id", "stakeholder", "ref"),
        Index(
            "ix_responses_changed",
            "round_id",
            "stakeholder",
            sqlite_where=text(DRAFT_DIFFERS),
            postgresql_where=text(DRAFT_DIFFERS),
        ),
        # The digest counts positions as submitted per recommendation: read in this index's order,
        # without visiting the table or sorting (the record's GROUP BY).
        Index("ix_responses_record", "round_id", "ref", "submitted_position"),
        Index(
            "ix_responses_silence",
            "round_id",
            "ref",
            sqlite_where=text(SILENCE_RECORDED),
            postgresql_where=text(SILENCE_RECORDED),
        ),
        ForeignKeyConstraint(
            ["round_id", "ref"], ["recommendations.round_id", "recommendations.ref"], ondelete="CASCADE"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    stakeholder: Mapped[str] = mapped_column(ForeignKey("stakeholders.code"))
    ref: Mapped[str]
    position: Mapped[str]
    amendment: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    channel: Mapped[str]
    updated_at: Mapped[datetime]
    # The answer as the delegation's latest submission holds it (NULL: never submitted), copied from
    # submission_answers when it submits, so that exports, the digest and the compilation read the
    # record and the draft in one row. The draft is the columns above.
    submitted_position: Mapped[str | None]
    submitted_amendment: Mapped[str | None] = mapped_column(Text)
    submitted_comment: Mapped[str | None] = mapped_column(Text)
    # The language the amendment and comment were written in ("" unknown), draft and as submitted.
    language: Mapped[str] = mapped_column(default="", server_default="")
    submitted_language: Mapped[str | None]


class RevisionRow(Base):
    """Append-only history of responses; the id gives the order they were made in."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_round_id_stakeholder", "round_id", "stakeholder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    stakeholder: Mapped[str] = mapped_column(ForeignKey("stakeholders.code"))
    ref: Mapped[str]
    position: Mapped[str]
    amendment: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    channel: Mapped[str]
    at: Mapped[datetime]
    language: Mapped[str] = mapped_column(default="", server_default="")


class SubmissionRow(Base):
    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_round_id_stakeholder", "round_id", "stakeholder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    stakeholder: Mapped[str] = mapped_column(ForeignKey("stakeholders.code"))
    receipt: Mapped[str] = mapped_column(unique=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    channel: Mapped[str]
    answered: Mapped[int]
    at: Mapped[datetime]
    # Who submitted, as they were named then (the participant may be renamed or removed later).
    name: Mapped[str] = mapped_column(server_default="")
    role: Mapped[str] = mapped_column(server_default="")


class SubmissionAnswerRow(Base):
    """One answer of a submission, exactly as submitted: the snapshot is the record, never edited."""

    __tablename__ = "submission_answers"
    __table_args__ = (UniqueConstraint("submission_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    ref: Mapped[str]
    position: Mapped[str]
    amendment: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(default="", server_default="")


class ConversationRow(Base):
    __tablename__ = "conversations"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    round_slug: Mapped[str]  # "" when idle; not a foreign key, so a stale slug never blocks a save
    step: Mapped[str]
    ref: Mapped[str]
    updated_at: Mapped[datetime | None]
    #: What the person saw when asked for text (bot.dialogue.seen); checked when the text arrives.
    seen: Mapped[str] = mapped_column(server_default="")


class DeliveryRow(Base):
    """The outbox: one outbound message, claimed by one dispatcher at a time under a lease."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_status_due_at", "status", "due_at"),
        Index("ix_deliveries_round_slug_kind", "round_slug", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    dedupe_key: Mapped[str] = mapped_column(unique=True)
    channel: Mapped[str]
    chat: Mapped[str]
    payload: Mapped[str] = mapped_column(Text)  # JSON of bot.delivery.codec.reply_to_dict()
    due_at: Mapped[datetime]
    status: Mapped[str]
    attempts: Mapped[int]
    claimed_by: Mapped[str | None]
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text)
    provider_id: Mapped[str]
    sent_at: Mapped[datetime | None]
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    round_slug: Mapped[str]  # "" for deliveries that belong to no round (a digest)


class InboundEventRow(Base):
    """A processed platform event; the primary key makes a redelivery conflict."""

    __tablename__ = "inbound_events"

    channel: Mapped[str] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    #: False until the adapter has shown the replies (None: not followed for this channel).
    replied: Mapped[bool | None] = mapped_column(nullable=True)
    #: The replies as JSON while they are not shown (bot.delivery.codec), to show them again.
    replies: Mapped[str | None] = mapped_column(Text, nullable=True)


class AuditRow(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str]
    action: Mapped[str]
    target: Mapped[str]
    channel: Mapped[str]
    at: Mapped[datetime] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(Text)


class DigestSnapshotRow(Base):
    """What a sent digest saw of a round (counts per recommendation and position, every delegation's
    state), so that the next digest says exactly what changed; `key` names the digest (its slot)."""

    __tablename__ = "digest_snapshots"
    __table_args__ = (
        UniqueConstraint("round_id", "key"),
        Index("ix_digest_snapshots_round_id_taken_at", "round_id", "taken_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    key: Mapped[str]
    taken_at: Mapped[datetime]
    counts: Mapped[list[Any]]  # [[ref, position, count], ...], zero counts left out
    states: Mapped[list[Any]]  # [[stakeholder, state], ...]


class BrowserSessionRow(Base):
    """A browser signed in by a one-time web link; the token itself is never stored, only its hash."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    account: Mapped[str]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SigningKeyRow(Base):
    """The key that signs web links and cookies, made at first use (shared by every replica and the CLI)."""

    __tablename__ = "web_keys"

    name: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class FacilitatorRow(Base):
    """Who facilitates each section of a round (a stakeholder code or a participant's e-mail)."""

    __tablename__ = "facilitators"
    __table_args__ = (UniqueConstraint("round_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(Text)
    who: Mapped[str]


class QuestionRow(Base):
    """A delegation's question on a recommendation, its answer, and whether it was published."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_round_id_ref", "round_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    ref: Mapped[str]
    stakeholder: Mapped[str] = mapped_column(ForeignKey("stakeholders.code"))
    participant_id: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime]
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(default="")
    answered_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]


class TrackRow(Base):
    """One change of a recommendation's implementation status; the latest per ref is current."""

    __tablename__ = "track"
    __table_args__ = (Index("ix_track_round_id_ref", "round_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    ref: Mapped[str]
    status: Mapped[str]
    lead: Mapped[str] = mapped_column(default="")
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(default="")
