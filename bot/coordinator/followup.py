"""The follow-up of a consultation: facilitators and their questions, and the implementation track.

Facilitators: a round names, per section (area of responsibility), the senior official who
facilitates it: a stakeholder code (every participant of that stakeholder facilitates) or a
participant's e-mail. A delegate asks a question on a recommendation (`question REF TEXT`); it goes
to the facilitators of the recommendation's section through the outbox, on whatever channel they
are reached. A facilitator answers (`answer Q-ID TEXT`): the answer goes to the asking delegation
only. The facilitator may publish it (`publish Q-ID`): every delegation of the round is told, and
sees it under the recommendation from then on; the digest lists it. A delegate sees only their own
delegation's questions and the published ones. Every delivery has a dedupe key, so each goes out
once however often the work is retried or the process restarted.

The track: each recommendation has an implementation status the Secretariat keeps, a lead entity
and a dated note. Only coordinators change it; every change is kept (the last is current) and
audited.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.coordinator.rounds import audit, get_round, require
from bot.domain import audience
from bot.domain.errors import BadInput, BadRoundFile, BotError, NotAllowed
from bot.domain.model import (
    Actor,
    Address,
    Delivery,
    Participant,
    Position,
    Question,
    Reply,
    Revision,
    Role,
    Round,
    RoundStatus,
    Stakeholder,
    TrackEntry,
    person,
)
from bot.i18n import formats
from bot.i18n.catalogue import text
from bot.ports import UnitOfWork

#: The implementation statuses, in the order a report lists them.
STATUSES = (
    "implemented under existing mandates",
    "in progress",
    "requires intergovernmental decision",
    "under discussion",
    "not pursued",
)
IN_PROGRESS = "in progress"
#: A recommendation in progress is flagged when at least this share of the answers oppose it.
FLAG_SHARE = 0.30
#: The longest question, answer and track note accepted.
MAX_QUESTION = 1000
MAX_ANSWER = 4000
MAX_NOTE = 2000
#: Delivery kinds.
QUESTION, ANSWER, CLARIFICATION, AREA_DIGEST = "question", "answer", "clarification", "area-digest"


class BadTrackFile(BadRoundFile):
    """A track file refused; `problems` lists each one with its line."""

    what = "track file"


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackRequest:
    """One change asked for (a command, or a line of a track file)."""

    round: str
    ref: str
    status: str
    lead: str | None = None
    note: str = ""
    line: int = 0


# -- the track ---------------------------------------------------------------------------------


def parse_status(raw: str) -> str:
    """The status named (any case; "in_progress" or "in-progress" too), or BadInput listing them."""
    wanted = " ".join(raw.replace("_", " ").replace("-", " ").split()).casefold()
    for status in STATUSES:
        if status == wanted:
            return status
    raise BadInput(
        "status", key="error.bad_input",
        reason=f"Unknown status “{raw[:60]}” (statuses: {'; '.join(STATUSES)})",
    )  # fmt: skip


def current(entries: Iterable[TrackEntry]) -> dict[str, TrackEntry]:
    """The current status per recommendation (the last change of each)."""
    found: dict[str, TrackEntry] = {}
    for entry in entries:
        found[entry.ref] = entry
    return found


async def track(uow: UnitOfWork, actor: Actor, requests: Sequence[TrackRequest], now: datetime) -> list[TrackEntry]:
    """Record status changes (coordinators only), all or none: every problem is listed, by line for a file.

    A change that repeats the current status, lead and note is left out (nothing to record).
    """
    require(actor, Role.COORDINATOR)
    problems: list[tuple[int, str]] = []
    codes = {s.code.casefold(): s.code for s in await uow.registry.stakeholders()}
    rounds: dict[str, Round | None] = {}
    tracks: dict[str, dict[str, TrackEntry]] = {}
    planned: list[TrackEntry] = []
    for request in requests:
        where = f"{request.round} {request.ref}"
        if request.round not in rounds:
            rounds[request.round] = await uow.rounds.get(request.round)
            tracks[request.round] = current(await uow.followup.track(request.round))
        round_ = rounds[request.round]
        if round_ is None:
            problems.append((request.line, f"{where}: there is no round “{request.round}”"))
            continue
        item = round_.item(request.ref)
        if item is None:
            problems.append((request.line, f"{where}: round {round_.slug} has no recommendation “{request.ref}”"))
            continue
        try:
            status = parse_status(request.status)
        except BadInput as error:
            problems.append((request.line, f"{where}: {error.params['reason']}"))
            continue
        before = tracks[request.round].get(item.ref)
        lead = before.lead if before and request.lead is None else (request.lead or "")
        if lead and lead.casefold() not in codes:
            problems.append((request.line, f"{where}: unknown lead entity “{lead[:40]}” (not in the registry)"))
            continue
        lead = codes.get(lead.casefold(), "")
        note = " ".join(request.note.split())
        if len(note) > MAX_NOTE:
            problems.append(
                (request.line, f"{where}: the note is too long ({len(note)} characters; at most {MAX_NOTE})")
            )
            continue
        entry = TrackEntry(round=round_.slug, ref=item.ref, status=status, lead=lead, note=note, at=now, by=actor.name)
        if before and (before.status, before.lead, before.note) == (status, lead, note):
            continue
        tracks[request.round][item.ref] = entry
        planned.append(entry)
    if problems:
        if len(requests) == 1 and problems[0][0] == 0:
            raise BadInput("track", key="error.bad_input", reason=problems[0][1] + ". Nothing was changed.")
        raise BadTrackFile(sorted(problems))
    for entry in planned:
        await uow.followup.add_track(entry)
        detail = (
            f"{entry.status}"
            + (f"; lead {entry.lead}" if entry.lead else "")
            + (f"; {entry.note}" if entry.note else "")
        )
        await audit(uow, actor, "track", f"{entry.round} {entry.ref}", now, detail)
    return planned


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackLine:
    """One recommendation's follow-up, with the Member States' positions beside it."""

    ref: str
    section: str
    title: str
    status: str  # "" when never tracked
    lead: str
    note: str
    at: datetime | None
    answers: int  # Member States' (and observers') answers as submitted
    oppose: int

    @property
    def flagged(self) -> bool:
        """In progress while at least FLAG_SHARE of the answers oppose it."""
        return self.status == IN_PROGRESS and self.answers > 0 and self.oppose / self.answers >= FLAG_SHARE


async def track_lines(uow: UnitOfWork, round_: Round, counts: Mapping[str, Counter[Position]]) -> list[TrackLine]:
    """Every recommendation's status beside its positions (counts: Member States' only, per ref)."""
    now_track = current(await uow.followup.track(round_.slug))
    lines = []
    for item in round_.recommendations:
        entry = now_track.get(item.ref)
        tally = counts.get(item.ref, Counter())
        answers = sum(n for p, n in tally.items() if p in ANSWERS)
        lines.append(
            TrackLine(
                ref=item.ref, section=item.section, title=item.title, status=entry.status if entry else "",
                lead=entry.lead if entry else "", note=entry.note if entry else "", at=entry.at if entry else None,
                answers=answers, oppose=tally.get(Position.OPPOSE, 0),
            )
        )  # fmt: skip
    return lines


#: The positions that count as answers (silence's "no objection" does not).
ANSWERS = frozenset(p for p in Position if p is not Position.NO_OBJECTION)


# -- positions and views -----------------------------------------------------------------------


async def submitted_counts(
    uow: UnitOfWork, round_: Round, members: Iterable[Stakeholder]
) -> dict[str, Counter[Position]]:
    """Per recommendation, how many of `members` hold each position as submitted (silence's "no
    objection" for those who never submitted). Reads one submission per member: for the few
    stakeholders other than Member States, or for a facilitator's area."""
    counts: dict[str, Counter[Position]] = {r.ref: Counter() for r in round_.recommendations}
    for holder in members:
        submission = await uow.responses.submission(round_.slug, holder.code)
        if submission is not None:
            for answer in submission.answers:
                counts.setdefault(answer.ref, Counter())[answer.position] += 1
            continue
        for response in await uow.responses.of_delegation(round_.slug, holder.code):
            if response.position is Position.NO_OBJECTION:
                counts.setdefault(response.ref, Counter())[response.position] += 1
    return counts


async def activity_of(
    uow: UnitOfWork, round_slug: str, holders: Iterable[Stakeholder], since: datetime | None
) -> tuple[int, int, int]:
    """Answers, changed positions and new comments of a few stakeholders after `since`, counted as
    Reports.activity counts them (a pair once: its state before `since` against its state now)."""
    answers = positions = comments = 0
    for holder in holders:
        before: dict[str, Revision] = {}
        after: dict[str, Revision] = {}
        for revision in await uow.responses.revisions(round_slug, holder.code):
            (after if since is None or revision.at > since else before)[revision.ref] = revision
        for ref, now in after.items():
            old = before.get(ref)
            answers += old is None
            positions += old is not None and old.position is not now.position
            comments += bool(now.comment) and (old is None or old.comment != now.comment)
    return answers, positions, comments


def views_of(round_: Round, stakeholders: Iterable[Stakeholder]) -> list[Stakeholder]:
    """The round's audience members who give views, not positions (UN entities, bodies, NGOs)."""
    return [s for s in audience.members(round_, stakeholders) if not audience.takes_position(s)]


# -- facilitators and questions ----------------------------------------------------------------


def facilitates(participant: Participant, who: str) -> bool:
    """True if the participant is the facilitator `who` names: their stakeholder's code, or their e-mail
    address (from the contacts file; a participant registered under the address as their name counts too)."""
    if "@" in who:
        return who.casefold() in (participant.email.casefold(), participant.name.casefold())
    return participant.stakeholder == who


async def facilitator_people(uow: UnitOfWork, who: str) -> list[Participant]:
    """The participants who facilitate as `who`."""
    if "@" in who:
        everyone = await uow.registry.participants_of([s.code for s in await uow.registry.stakeholders()])
        return [p for p in everyone if facilitates(p, who)]
    return await uow.registry.participants_of([who])


async def areas_of(uow: UnitOfWork, participant: Participant, round_slug: str) -> set[str]:
    """The sections of a round this participant facilitates."""
    return {s for s, who in (await uow.followup.facilitators(round_slug)).items() if facilitates(participant, who)}


async def _deliver(
    uow: UnitOfWork,
    people: Sequence[Participant],
    kind: str,
    key: str,
    reply: Callable[[str], Reply],
    now: datetime,
    round_slug: str,
) -> int:
    """Queue the reply, written in each person's language, to every reachable identity of `people`,
    once each (dedupe key per person and channel)."""
    identities = await uow.registry.identities_of([p.id for p in people])
    languages = {p.id: p.language or "en" for p in people}
    written = {language: reply(language) for language in set(languages.values())}
    deliveries = [
        Delivery(
            kind=kind,
            dedupe_key=f"{key}:{i.participant_id}:{i.channel}",
            address=Address(i.channel, i.chat),
            reply=written[languages[i.participant_id]],
            due_at=now,
            participant_id=i.participant_id,
            round=round_slug,
        )
        for i in identities
        if i.reachable
    ]
    return len(await uow.outbox.add_many(deliveries))


def label(question_id: int) -> str:
    """How people name a question: "Q-12"."""
    return f"Q-{question_id}"


def parse_label(raw: str) -> int:
    """A question's id from "Q-12", "q12" or "12"; BadInput otherwise."""
    digits = raw.strip().upper().removeprefix("Q").removeprefix("-")
    if not digits.isdigit() or len(digits) > 12:
        raise BadInput("question", key="followup.error.not_a_question", raw=raw[:20])
    return int(digits)


def check_length(raw: str, limit: int) -> str:
    """The text, tidied; BotError (nothing stored) when empty or longer than `limit`."""
    cleaned = raw.strip()
    if not cleaned:
        raise BadInput("empty", key="error.empty")
    if len(cleaned) > limit:
        raise BotError(key="error.too_long", length=len(cleaned), limit=limit)
    return cleaned


async def ask(
    uow: UnitOfWork, participant: Participant, holder: Stakeholder, round_: Round, ref: str, raw: str, now: datetime
) -> tuple[Question, str, int]:
    """Store a delegation's question and queue it to the facilitators of its section.

    Returns the question, the facilitator it went to and how many deliveries were queued. Refused,
    nothing stored, when the text is empty or too long, or when nobody facilitates the section.
    """
    item = round_.item(ref)
    if item is None:
        raise BadInput("ref", key="followup.error.no_recommendation", slug=round_.slug, ref=ref[:20])
    body = check_length(raw, MAX_QUESTION)
    who = (await uow.followup.facilitators(round_.slug)).get(item.section)
    if who is None:
        raise BadInput("no facilitator", key="followup.error.no_facilitator", section=item.section)
    question = await uow.followup.add_question(
        Question(round=round_.slug, ref=item.ref, stakeholder=holder.code, participant_id=participant.id,
                 text=body, asked_at=now)
    )  # fmt: skip
    said = {"label": label(question.id), "ref": item.ref, "delegation": holder.name}

    def reply(language: str) -> Reply:
        return Reply(
            title=text(language, "question.received.title", **said),
            text=text(
                language, "question.received.text", title=item.title, section=item.section, question=body, **said
            ),
            key="question.received",
            language=language,
        )

    people = await facilitator_people(uow, who)
    queued = await _deliver(uow, people, QUESTION, f"question:{question.id}", reply, now, round_.slug)
    return question, who, queued


async def _question_for_facilitator(uow: UnitOfWork, participant: Participant, raw_id: str) -> tuple[Question, Round]:
    question = await uow.followup.question(parse_label(raw_id))
    if question is None:
        raise BadInput("question", key="followup.error.no_question", raw=raw_id[:20])
    round_ = await get_round(uow, question.round)
    item = round_.item(question.ref)
    if item is None or item.section not in await areas_of(uow, participant, round_.slug):
        raise NotAllowed()
    return question, round_


async def answer(uow: UnitOfWork, participant: Participant, raw_id: str, raw: str, now: datetime) -> Question:
    """A facilitator's answer, queued to the asking delegation only (once; a second answer is refused)."""
    question, round_ = await _question_for_facilitator(uow, participant, raw_id)
    body = check_length(raw, MAX_ANSWER)
    if question.answer:
        raise BadInput("answered", key="followup.error.answered", label=label(question.id))
    answered = replace(
        question, answer=body, answered_by=person(participant.name, participant.role.value, participant.id),
        answered_at=now,
    )  # fmt: skip
    await uow.followup.update_question(answered)

    def reply(language: str) -> Reply:
        return Reply(
            title=text(language, "question.answered.title", label=label(question.id), ref=question.ref),
            text=text(language, "question.answered.text", ref=question.ref, question=question.text, answer=body),
            key="question.answered",
            language=language,
        )

    asking = await uow.registry.participants_of([question.stakeholder])
    await _deliver(uow, asking, ANSWER, f"answer:{question.id}", reply, now, round_.slug)
    return answered


async def publish(uow: UnitOfWork, participant: Participant, raw_id: str, now: datetime) -> tuple[Question, int]:
    """Publish an answered question as a clarification every delegation of the round is told of."""
    question, round_ = await _question_for_facilitator(uow, participant, raw_id)
    if not question.answer:
        raise BadInput("unanswered", key="followup.error.unanswered", label=label(question.id))
    if question.published_at is not None:
        return question, 0
    published = replace(question, published_at=now)
    await uow.followup.update_question(published)

    def reply(language: str) -> Reply:
        return Reply(
            title=text(language, "question.clarification.title", ref=question.ref),
            text=clarification_text(published, language),
            key="question.clarification",
            language=language,
        )

    members = [s.code for s in audience.members(round_, await uow.registry.stakeholders())]
    everyone = await uow.registry.participants_of(members)
    queued = await _deliver(uow, everyone, CLARIFICATION, f"clarification:{question.id}", reply, now, round_.slug)
    return published, queued


def clarification_text(question: Question, language: str = "en") -> str:
    """A published question and its answer, as every delegation reads it (the asker is not named)."""
    return text(
        language,
        "question.clarification.text",
        label=label(question.id),
        ref=question.ref,
        question=question.text,
        answer=question.answer,
    )


async def clarifications(uow: UnitOfWork, round_slug: str, ref: str | None = None) -> list[Question]:
    """The round's published questions (of one recommendation if `ref`), in the order asked."""
    return [
        q
        for q in await uow.followup.questions(round_slug)
        if q.published_at is not None and (ref is None or q.ref == ref)
    ]


async def visible(uow: UnitOfWork, participant: Participant, round_slug: str) -> list[Question]:
    """The questions a participant may read: their delegation's, the published ones, and those of
    the areas they facilitate."""
    areas = await areas_of(uow, participant, round_slug)
    round_ = await get_round(uow, round_slug)
    sections = {r.ref: r.section for r in round_.recommendations}
    return [
        q
        for q in await uow.followup.questions(round_slug)
        if q.stakeholder == participant.stakeholder or q.published_at is not None or sections.get(q.ref) in areas
    ]


def question_line(question: Question, *, own: bool, language: str = "en") -> str:
    """One question in a list, in the reader's language."""
    state = "published" if question.published_at else "answered" if question.answer else "open"
    line = text(
        language,
        f"question.line.{'own' if own else 'other'}",
        label=label(question.id),
        ref=question.ref,
        state=text(language, f"question.state.{state}"),
        question=question.text,
    )
    if question.answer and (own or question.published_at):
        line += f"\n   → {question.answer}"
    return line


# -- what the digests say ----------------------------------------------------------------------

Section = tuple[str, tuple[str, ...]]
#: The catalogue's name of each implementation status ("" : never tracked).
STATUS_KEYS = {
    "implemented under existing mandates": "implemented",
    "in progress": "in_progress",
    "requires intergovernmental decision": "decision",
    "under discussion": "discussion",
    "not pursued": "not_pursued",
    "": "not_tracked",
}


def status_label(status: str, language: str) -> str:
    """An implementation status in the reader's language (a status the catalogue lacks, as stored)."""
    key = STATUS_KEYS.get(status)
    return text(language, f"followup.status.{key}") if key else status


@dataclass(frozen=True, slots=True)
class Clarifications:
    """The clarifications facilitators published: a section of the round's digest."""

    found: tuple[Question, ...]

    def written(self, language: str) -> Section:
        """The heading and the lines in the reader's language."""
        lines = tuple(
            "• "
            + text(
                language, "followup.clarifications.line", label=label(q.id), ref=q.ref, question=q.text, answer=q.answer
            )
            for q in self.found
        ) or (text(language, "followup.clarifications.none"),)
        return text(language, "followup.clarifications.heading", count=len(self.found)), lines


@dataclass(frozen=True, slots=True)
class Track:
    """The Deputy Secretary-General's view of the follow-up: status per area, what moved, where the
    Member States' positions and the implementation status pull apart (a section of the digest)."""

    lines: tuple[TrackLine, ...]
    moved: tuple[TrackEntry, ...]

    def written(self, language: str) -> Section:
        """The heading and the lines in the reader's language."""
        out: list[str] = [text(language, "followup.track.per_area")]
        sections: dict[str, Counter[str]] = {}
        for line in self.lines:
            sections.setdefault(line.section, Counter())[line.status] += 1
        for section, tally in sections.items():
            parts = [
                text(language, "followup.track.count", count=n, status=status_label(s, language))
                for s in (*STATUSES, "")
                if (n := tally.get(s, 0))
            ]
            out.append(
                "• " + text(language, "followup.track.area", section=section, counts=formats.items(parts, language))
            )
        if self.moved:
            out.append(text(language, "followup.track.moved", count=len(self.moved)))
            out += ["• " + self._move(e, language) for e in self.moved]
        else:
            out.append(text(language, "followup.track.moved_none"))
        flagged = [line for line in self.lines if line.flagged]
        if flagged:
            out.append(text(language, "followup.track.apart"))
            out += [
                "• "
                + text(
                    language,
                    "followup.track.apart_line",
                    ref=f.ref,
                    oppose=f.oppose,
                    answers=f.answers,
                    percent=formats.percent(round(100 * f.oppose / f.answers) / 100, language),
                )
                for f in flagged
            ]
        else:
            out.append(text(language, "followup.track.apart_none"))
        return text(language, "followup.track.heading"), tuple(out)

    @staticmethod
    def _move(e: TrackEntry, language: str) -> str:
        return text(
            language,
            "followup.track.move",
            ref=e.ref,
            status=status_label(e.status, language),
            lead=text(language, "followup.track.move.lead", lead=e.lead) if e.lead else "",
            note=text(language, "followup.track.move.note", note=e.note) if e.note else "",
            date=formats.day(e.at, "UTC", language),
            by=e.by,
        )


async def digest_sections(
    uow: UnitOfWork, round_: Round, state_counts: Mapping[str, Counter[Position]], since: datetime | None
) -> tuple[Clarifications | Track, ...]:  # fmt: skip
    """The sections the follow-up adds to a round's digest: clarifications and the track."""
    entries = await uow.followup.track(round_.slug)
    moved = tuple(e for e in entries if since is None or e.at > since)
    lines = tuple(await track_lines(uow, round_, state_counts))
    return Clarifications(tuple(await clarifications(uow, round_.slug))), Track(lines, moved)


async def area_digests(uow: UnitOfWork, now: datetime, key: str) -> int:
    """Queue each facilitator's weekly digest of their own area, once per `key` (the digest's slot):
    positions (Member States apart from other stakeholders' views), amendments and comments, open
    questions. Returns how many deliveries are new."""
    queued = 0
    stakeholders = await uow.registry.stakeholders()
    for round_ in await uow.rounds.list():
        if round_.status is not RoundStatus.OPEN:
            continue
        questions = await uow.followup.questions(round_.slug)
        members = audience.members(round_, stakeholders)
        for section, who in (await uow.followup.facilitators(round_.slug)).items():
            area = await area_of(uow, round_, section, members, questions)
            people = await facilitator_people(uow, who)
            queued += await _deliver(
                uow, people, AREA_DIGEST, f"area:{key}:{round_.slug}:{section}", area.reply, now, round_.slug
            )
    return queued


@dataclass(frozen=True, slots=True)
class Area:
    """One area's weekly digest for its facilitators, as figures: written in each reader's language."""

    round: Round
    section: str
    refs: tuple[str, ...]
    #: (Member States' positions, other stakeholders' views): how many hold them, and each ref's counts.
    tallies: tuple[tuple[int, Mapping[str, Counter[Position]]], tuple[int, Mapping[str, Counter[Position]]]]
    notes: tuple[tuple[str, str, bool, str], ...]  # (ref, delegation, is an amendment, text)
    open_questions: tuple[Question, ...]

    def reply(self, language: str) -> Reply:
        """The area's digest in the reader's language."""
        say = functools.partial(text, language)
        lines = [say("area.head", section=self.section, count=len(self.refs))]
        for heading, (holders, counts) in zip(("area.states", "area.views"), self.tallies, strict=True):
            lines.append(say(heading, count=holders))
            for ref in self.refs:
                tally = counts.get(ref, Counter())
                held = [
                    say("area.held", position=say(f"digest.pos.{p.value}"), count=n)
                    for p, n in sorted(tally.items())
                    if n
                ]
                lines.append(f"• {ref}: {formats.items(held, language) if held else say('area.none_yet')}")
        lines.append(say("area.notes", count=len(self.notes)))
        lines += [
            "• "
            + say(
                "area.note",
                ref=ref,
                delegation=name,
                kind=say(f"area.kind.{'amendment' if amended else 'comment'}"),
                text=body,
            )
            for ref, name, amended, body in self.notes
        ] or ["• " + say("area.none")]
        lines.append(say("area.questions", count=len(self.open_questions)))
        lines += [f"• {label(q.id)} {q.ref}: {q.text}" for q in self.open_questions] or ["• " + say("area.none")]
        return Reply(
            title=say("area.title", title=self.round.title), text="\n".join(lines), key="area.digest", language=language
        )


async def area_of(
    uow: UnitOfWork, round_: Round, section: str, members: Sequence[Stakeholder], questions: Sequence[Question]
) -> Area:
    """One area's weekly digest for its facilitator: positions and views, amendments and comments, open questions."""
    refs = tuple(r.ref for r in round_.recommendations if r.section == section)
    states = [m for m in members if audience.takes_position(m)]
    views = [m for m in members if not audience.takes_position(m)]
    tallies = []
    for holders in (states, views):
        tallies.append((len(holders), await submitted_counts(uow, round_, holders) if holders else {}))
    notes = []
    for holder in members:
        submission = await uow.responses.submission(round_.slug, holder.code)
        for a in submission.answers if submission else ():
            if a.ref in refs and (a.amendment or a.comment):
                notes.append((a.ref, holder.name, bool(a.amendment), a.amendment or a.comment))
    open_ = tuple(q for q in questions if q.ref in refs and not q.answer)
    return Area(
        round=round_,
        section=section,
        refs=refs,
        tallies=(tallies[0], tallies[1]),
        notes=tuple(notes),
        open_questions=open_,
    )
