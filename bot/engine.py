"""Engine.handle(IncomingMessage) -> replies: the one entry point every chat adapter calls.

One message, one unit of work: the answer, its revision, the conversation step and the
processed-event mark commit together, before any reply is shown.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from bot.coordinator import followup
from bot.coordinator import rounds as coordination
from bot.delivery.codec import reply_from_dict, reply_to_dict
from bot.delivery.shown import ShownMarks
from bot.delivery.telemetry import TELEMETRY
from bot.dialogue import answering
from bot.dialogue.context import Ctx
from bot.dialogue.text import bounded, clean, command_of, is_no_comment, parse_position, split_command
from bot.digest import chat as digest_chat
from bot.digest import compose as digest
from bot.domain import actions
from bot.domain.errors import BotError, Conflict, NotAllowed, NotInvited, Unavailable
from bot.domain.model import DelegationState, IncomingMessage, Participant, Reply, Role, Stakeholder, Step
from bot.i18n import formats
from bot.i18n.catalogue import text
from bot.i18n.timefmt import is_zone, when
from bot.outreach import joining
from bot.ports import Deps, UnitOfWork
from bot.records.status import RoundReport

log = logging.getLogger(__name__)

Handler = Callable[[Ctx, list[str]], Awaitable[list[Reply]]]
JOIN_WORDS = frozenset({"start", "join"})
#: Seconds a stakeholder (name, groups) is remembered between messages.
STAKEHOLDER_TTL = 300.0
#: Longest message read at all; longer ones are refused before any parsing.
MAX_MESSAGE = 20_000


class Engine:
    """Turns what people do in chat into use cases, inside one transaction each."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.stats: Counter[str] = Counter()
        self._holders: dict[str, tuple[float, Stakeholder]] = {}
        self.shown = ShownMarks(lambda: self.deps.new_uow())
        self.commands: dict[str, Handler] = {
            "help": self._help,
            "status": self._status,
            "review": self._review,
            "submit": self._submit,
            "receipt": self._receipt,
            "edit": self._edit,
            "back": self._back,
            "skip": self._skip,
            "next": self._skip,
            "rounds": self._rounds,
            "continue": self._continue,
            "resume": self._continue,
            "timezone": self._timezone,
            "language": self._language,
            "open": self._open,
            "close": self._close,
            "extend": self._extend,
            "remind": self._remind,
            "digest": self._digest,
            "question": self._question,
            "questions": self._questions,
            "answer": self._answer,
            "publish": self._publish,
        }

    async def handle(self, message: IncomingMessage) -> list[Reply]:
        """Answer one message; a redelivered event (same event id) gets no second effect."""
        for attempt in (1, 2):
            try:
                return await self._handle_once(message)
            except Conflict:
                # A concurrent writer (often the same event delivered twice at once) won the race;
                # on the second pass the event is seen, or the state it wrote is read.
                if attempt == 2:
                    raise
            except Unavailable as error:
                # Once more (a connection the database dropped is replaced), then "try again shortly":
                # nothing of this message was kept, and the platform's redelivery or the person retries.
                if attempt == 2:
                    log.warning("database unavailable: %s", error)
                    self.stats["unavailable"] += 1
                    TELEMETRY.add("inbound_updates", channel=message.channel, outcome="database_unavailable")
                    TELEMETRY.add("database_errors", where="engine")
                    return [self.error_reply(error, "en")]
        raise AssertionError("unreachable")

    async def _handle_once(self, message: IncomingMessage) -> list[Reply]:
        async with self.deps.new_uow() as uow:
            # First, the chat's turn: its messages are handled one at a time whichever replica
            # received them (they would otherwise race on the same conversation and answers).
            await uow.inbound.take_turn(message.channel, message.chat or message.account)
            now = self.deps.clock()
            # The mark goes in first: a second delivery of the event finds it (or, on PostgreSQL,
            # waits for this transaction and then finds it) and has no effect.
            followed = False if message.confirms_replies else None
            if message.event_id and not await uow.inbound.claim(
                message.channel, message.event_id, now, replied=followed
            ):
                self.stats["duplicates"] += 1
                TELEMETRY.add("inbound_updates", channel=message.channel, outcome="duplicate")
                shown_here = self.shown.waiting(message.channel, message.event_id)  # noted, not yet written
                kept = (
                    await uow.inbound.unreplied(message.channel, message.event_id)
                    if message.confirms_replies and not shown_here
                    else None
                )
                if kept is not None:
                    # Handled by a process that died before showing the replies: show them now (as kept;
                    # or, for a mark from before replies were kept, the person's current screen).
                    log.info(
                        "%s event %s handled, replies never shown: showing them", message.channel, message.event_id
                    )
                    if kept:
                        return [reply_from_dict(r) for r in json.loads(kept)]
                    return await self._shown_again(uow, message, now)
                log.info("duplicate %s event %s ignored", message.channel, message.event_id)
                return []
            outcome = "handled"
            reader: list[Participant] = []  # who wrote, once known: a refusal is in their language
            try:
                participant, replies = await self._route(uow, message, now, reader)
                lang = formats.language_of(participant.language if participant else message.locale)
            except BotError as error:
                # The reader's language once known; before that, their app's, else English.
                lang = formats.language_of(reader[0].language if reader else message.locale)
                await uow.rollback()
                replies = [self.error_reply(error, lang)]
                self.stats["refused"] += 1
                outcome = "refused"
                if message.event_id:  # the rollback took the mark with it; a refusal is an effect too
                    await uow.inbound.claim(message.channel, message.event_id, now, replied=followed)
            if followed is False and message.event_id:
                await uow.inbound.keep_replies(message.channel, message.event_id, _kept(replies, lang))
            noted = await self.shown.write_with(uow)  # earlier events' "replies shown", in this transaction
            try:
                await uow.commit()
            except BaseException:
                self.shown.give_back(noted)
                raise
        self.stats[f"handled_{message.channel}"] += 1
        TELEMETRY.add("inbound_updates", channel=message.channel, outcome=outcome)
        return [r if r.language else replace(r, language=lang) for r in replies]

    async def _shown_again(self, uow: UnitOfWork, message: IncomingMessage, now: datetime) -> list[Reply]:
        """The person's current screen (as `continue` shows it), for an event whose replies were lost."""
        try:
            participant, replies = await self._route(uow, replace(message, text="/continue", action=""), now, [])
        except BotError:
            return []
        await uow.commit()
        lang = formats.language_of(participant.language if participant else message.locale)
        return [r if r.language else replace(r, language=lang) for r in replies]

    async def replied(self, message: IncomingMessage) -> None:
        """The adapter has shown the replies to `message` (see IncomingMessage.confirms_replies)."""
        if not (message.confirms_replies and message.event_id):
            return
        self.shown.note(message.channel, message.event_id)  # goes with the next transaction (bot/delivery/shown.py)

    async def close(self) -> None:
        """At shutdown: write the "replies shown" notes still waiting (bot/delivery/shown.py)."""
        await self.shown.close()

    async def figures(self) -> dict[str, float]:
        """Counters for /metrics: messages handled per channel, duplicates, refusals."""
        return {f"messages_{name}_total": float(value) for name, value in self.stats.items()}

    def error_reply(self, error: BotError, lang: str) -> Reply:
        """The polite reply for an error the core raised on purpose."""
        params = dict(error.params)
        key = str(params.pop("key", error.reply_key))
        try:
            message = text(lang, key, **params)
        except (KeyError, IndexError):
            message = text(lang, "error.generic")
        return Reply(text=message, key=key, error=True)

    async def _route(
        self, uow: UnitOfWork, message: IncomingMessage, now: datetime, reader: list[Participant]
    ) -> tuple[Participant | None, list[Reply]]:
        if len(message.text) > MAX_MESSAGE:
            raise BotError(key="error.too_long", length=len(message.text), limit=self.deps.max_text)
        found = await uow.registry.reader(message.channel, message.account)
        identity, participant = found if found is not None else (None, None)
        word, args = split_command(message.text) if not message.action else ("", [])
        if command_of(word, message.locale) in JOIN_WORDS and args:
            participant, reply = await joining.join(uow, message, " ".join(args), now)  # a code may be typed in groups
            if participant is None:
                return None, [reply]
            reader.append(participant)
            ctx = await self._ctx(uow, message, now, participant)
            shown = await self._safe_resume(ctx)
            # The round's title, size and deadline come with the welcome, before the first recommendation.
            welcome = replace(reply, text="\n".join([reply.text, *await answering.introduce(ctx, shown)]))
            return participant, [welcome, *shown]
        if identity is None or participant is None:
            raise NotInvited()
        reader.append(participant)
        if message.direct and (identity.chat != message.chat or not identity.reachable):
            # The person wrote again in their own chat with the bot: it is where to reach them now.
            await uow.registry.bind_identity(replace(identity, chat=message.chat, reachable=True))
        ctx = await self._ctx(uow, message, now, participant)
        if message.action:
            return participant, await self._press(ctx, message.action)
        return participant, await self._say(ctx, message.text)

    async def _ctx(self, uow: UnitOfWork, message: IncomingMessage, now: datetime, participant: Participant) -> Ctx:
        holder = await self._stakeholder(uow, participant.stakeholder)
        if holder is None:
            raise NotInvited()
        return Ctx(uow=uow, deps=self.deps, now=now, message=message, participant=participant, stakeholder=holder)

    async def _stakeholder(self, uow: UnitOfWork, code: str) -> Stakeholder | None:
        """The stakeholder by code, remembered for a few minutes (the registry changes at set-up only)."""
        cached = self._holders.get(code)
        if cached is not None and time.monotonic() - cached[0] < STAKEHOLDER_TTL:
            return cached[1]
        holder = await uow.registry.stakeholder(code)
        if holder is not None:
            self._holders[code] = (time.monotonic(), holder)
        return holder

    async def _safe_resume(self, ctx: Ctx) -> list[Reply]:
        """After joining: the round to answer, if there is one (no error if there is none)."""
        try:
            return await answering.resume(ctx)
        except BotError as error:
            return [self.error_reply(error, ctx.lang)]

    async def _press(self, ctx: Ctx, raw: str) -> list[Reply]:
        action = actions.decode(raw)
        if action is None:
            return [Reply(text=text(ctx.lang, "error.stale_button"), key="error.stale_button", error=True)]
        round_ = await answering.round_for(ctx, action.round)
        match action.verb:
            case "p":
                assert action.position is not None
                if ctx.message.capabilities.forms:
                    return await answering.answer(ctx, round_, action.ref, action.position)
                return await answering.choose(ctx, round_, action.ref, action.position)
            case "skip":
                return await answering.step_to(ctx, round_, action.ref, +1)
            case "back":
                return await answering.step_to(ctx, round_, action.ref, -1)
            case "nc":
                return await answering.no_comment(ctx, round_, action.ref)
            case "rev":
                return await answering.review(ctx, round_)
            case "sub":
                return await answering.submit(ctx, round_, action.seen)
            case "nps":
                return await answering.no_position_and_submit(ctx, round_, action.seen)
            case "edit":
                return await answering.show(ctx, round_, action.ref)
            case "am":
                return await answering.give_amendment(ctx, round_, action.ref, ctx.message.text, action.seen)
            case "cm" if not ctx.message.text.strip():  # the "Add a comment" button: ask for it
                return await answering.ask_for_comment(ctx, round_, action.ref, action.seen)
            case "cm":  # a comment typed in a form opened by that button
                return await answering.give_comment(ctx, round_, action.ref, ctx.message.text, action.seen)
            case "q":
                item = answering.recommendation(round_, action.ref)
                hint = text(ctx.lang, "question.how", section=item.section, ref=item.ref)
                return [Reply(text=hint, key="question.how")]
            case _:
                return await answering.enter(ctx, round_.slug)

    async def _say(self, ctx: Ctx, raw: str) -> list[Reply]:
        conv = await answering.conversation(ctx)
        typed, args = split_command(raw)
        word = command_of(typed, ctx.lang)  # "revoir" for a French reader is "review"
        # While free text is awaited, only a bare command word ("review", "edit R3") or a slash is a
        # command; anything longer is the amendment or comment itself.
        bare = not args or (word == "edit" and len(args) == 1)
        is_command = raw.lstrip().startswith("/") or (word in self.commands and bare)
        if conv.step in (Step.AMENDMENT, Step.COMMENT) and conv.round and not is_command:
            round_ = await answering.round_for(ctx, conv.round)
            if conv.step is Step.AMENDMENT:
                return await answering.give_amendment(ctx, round_, conv.ref, raw)
            if is_no_comment(clean(raw), ctx.lang):
                return await answering.no_comment(ctx, round_, conv.ref)
            return await answering.give_comment(ctx, round_, conv.ref, raw)
        if word in self.commands:
            return await self.commands[word](ctx, args)
        if word in JOIN_WORDS or not word:
            return await answering.resume(ctx)
        position = parse_position(raw, ctx.lang)
        if position is not None and conv.step is Step.ITEM and conv.round:
            round_ = await answering.round_for(ctx, conv.round)
            return await answering.choose(ctx, round_, conv.ref, position)
        shown = bounded(raw, limit=MAX_MESSAGE)[:40]
        return [
            Reply(text=text(ctx.lang, "error.unknown_command", text=shown), key="error.unknown_command", error=True)
        ]

    # -- delegate commands -------------------------------------------------------------------

    async def _help(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        # The terminal has numbered choices, not buttons.
        body = text(ctx.lang, "help.text.console" if ctx.message.channel == "console" else "help.text")
        if ctx.has_role(Role.COORDINATOR):
            body += "\n\n" + text(ctx.lang, "help.coordinator")
        elif ctx.has_role(Role.DIGEST):
            body += "\n\n" + text(ctx.lang, "help.digest")
        return [Reply(title=text(ctx.lang, "help.title"), text=body, key="help")]

    async def _status(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        if not args:
            return await answering.status(ctx)
        if not ctx.has_role(Role.COORDINATOR, Role.DIGEST):
            raise NotAllowed()
        report = await coordination.report(ctx.uow, ctx.actor(), args[0].lower())
        return [status_summary(ctx.lang, report)]

    async def _review(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        round_ = await answering.round_for(ctx, args[0].lower()) if args else await answering.current_round(ctx)
        if round_ is None:
            return await answering.choose_round(ctx)
        return await answering.review(ctx, round_)

    async def _submit(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        round_ = await answering.round_for(ctx, args[0].lower()) if args else await answering.current_round(ctx)
        if round_ is None:
            return await answering.choose_round(ctx)
        # Typed right after a review: it submits what that review showed, or shows it again.
        saw = await answering.awaited(ctx, Step.REVIEW, round_.slug, "")
        return await answering.submit(ctx, round_, saw)

    async def _receipt(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        round_ = await answering.round_for(ctx, args[0].lower()) if args else await answering.current_round(ctx)
        if round_ is None:
            return await answering.choose_round(ctx)
        return await answering.receipt(ctx, round_)

    async def _edit(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        round_ = await answering.current_round(ctx)
        if round_ is None:
            return await answering.choose_round(ctx)
        if not args:
            return await answering.review(ctx, round_)
        return await answering.show(ctx, round_, answering.recommendation(round_, args[0]).ref)

    async def _back(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        return await self._step(ctx, -1)

    async def _skip(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        return await self._step(ctx, +1)

    async def _step(self, ctx: Ctx, delta: int) -> list[Reply]:
        conv = await answering.conversation(ctx)
        round_ = await answering.current_round(ctx)
        if round_ is None:
            return await answering.choose_round(ctx)
        if conv.round != round_.slug or not conv.ref:
            return await answering.resume(ctx)
        return await answering.step_to(ctx, round_, conv.ref, delta)

    async def _rounds(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        return await answering.choose_round(ctx)

    async def _continue(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        return await answering.resume(ctx)

    async def _timezone(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        zone = args[0] if args else ""
        if not is_zone(zone):
            return [Reply(text=text(ctx.lang, "timezone.bad", zone=clean(zone)[:60]), key="timezone.bad")]
        await ctx.uow.registry.update_participant(replace(ctx.participant, timezone=zone))
        return [Reply(text=text(ctx.lang, "timezone.set", zone=zone), key="timezone.set")]

    async def _language(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        """`language CODE`: one of the six; anything else lists them and stores nothing."""
        language = args[0].strip().lower() if len(args) == 1 else ""
        if language not in formats.LANGUAGES:
            choices = [f"{code} ({formats.language_name(code)})" for code in formats.LANGUAGES]
            listed = formats.items(choices, ctx.lang)
            return [Reply(text=text(ctx.lang, "language.bad", languages=listed), key="language.bad", error=True)]
        await ctx.uow.registry.update_participant(replace(ctx.participant, language=language))
        named = formats.language_name(language)
        return [Reply(text=text(language, "language.set", language=named), key="language.set")]

    # -- coordinator commands ------------------------------------------------------------------

    async def _open(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        slug = _slug(args)
        opened = await coordination.open_(ctx.uow, ctx.actor(), slug, ctx.now)
        if opened.already:
            since = when(opened.round.opens or ctx.now, ctx.zone, ctx.lang)
            return [Reply(text=text(ctx.lang, "round.already_open", slug=slug, since=since), key="round.already_open")]
        invited = opened.invited
        report = await coordination.report(ctx.uow, ctx.actor(), slug)
        return [
            Reply(
                text=text(ctx.lang, "round.opened", slug=slug, invited=invited, delegations=report.total()),
                key="round.opened",
            )
        ]

    async def _close(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        slug = _slug(args)
        closed = await coordination.close_(ctx.uow, ctx.actor(), slug, ctx.now)
        if closed.already:
            since = when(closed.round.closed_at or ctx.now, ctx.zone, ctx.lang)
            return [
                Reply(text=text(ctx.lang, "round.already_closed", slug=slug, since=since), key="round.already_closed")
            ]
        return [Reply(text=text(ctx.lang, "round.closed", slug=slug), key="round.closed")]

    async def _extend(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        coordination.require(ctx.actor(), Role.COORDINATOR)
        if len(args) < 2:
            raise BotError(key="error.bad_input", reason="Usage: extend ROUND 2027-01-31T18:00-05:00")
        try:
            deadline = datetime.fromisoformat(args[1])
        except ValueError:
            raise BotError(
                key="error.bad_input",
                reason="The deadline must be ISO 8601 with its offset, e.g. 2027-01-31T18:00-05:00",
            ) from None
        if deadline.tzinfo is None:
            raise BotError(
                key="error.bad_input", reason="The deadline needs its UTC offset, e.g. 2027-01-31T18:00-05:00"
            )
        round_ = await coordination.extend(ctx.uow, ctx.actor(), args[0].lower(), deadline, ctx.now, deps=ctx.deps)
        return [
            Reply(
                text=text(
                    ctx.lang, "round.extended", slug=round_.slug, deadline=when(round_.deadline, ctx.zone, ctx.lang)
                ),
                key="round.extended",
            )
        ]

    async def _remind(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        slug = _slug(args)
        count = await coordination.remind(ctx.uow, ctx.actor(), slug, ctx.now, mail=ctx.deps.mail)
        return [Reply(text=text(ctx.lang, "round.reminded", slug=slug, count=count), key="round.reminded")]

    async def _digest(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        """The digest now (nothing stored), for coordinators and digest readers."""
        slug = args[0].lower() if args else None
        found = await digest.preview(
            ctx.uow, ctx.actor(), ctx.now, slug=slug, zone=ctx.zone, channels=self.deps.channels
        )
        images = await digest.charts(self.deps.chart, found, language=ctx.lang)
        return digest_chat.replies(found, images=images, language=ctx.lang)

    # -- facilitators and questions (bot/coordinator/followup.py) ------------------------------------------

    async def _question(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        """`question REF TEXT`: to the facilitator of the recommendation's section."""
        if len(args) < 2:
            raise BotError(key="error.bad_input", reason=text(ctx.lang, "question.usage"))
        round_ = await answering.current_round(ctx)
        if round_ is None:
            return await answering.choose_round(ctx)
        body = ctx.message.text.strip().split(None, 2)[2]
        asked, who, _ = await followup.ask(ctx.uow, ctx.participant, ctx.stakeholder, round_, args[0], body, ctx.now)
        reply = text(ctx.lang, "question.sent", label=followup.label(asked.id), ref=asked.ref, who=who)
        return [Reply(text=reply, key="question.sent")]

    async def _questions(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        """Your delegation's questions, the published clarifications, and those of the areas you facilitate."""
        round_ = await answering.round_for(ctx, args[0].lower()) if args else await answering.current_round(ctx)
        if round_ is None:
            return await answering.choose_round(ctx)
        found = await followup.visible(ctx.uow, ctx.participant, round_.slug)
        lines = [followup.question_line(q, own=q.stakeholder == ctx.stakeholder.code, language=ctx.lang) for q in found]
        title = text(ctx.lang, "question.list_title", title=round_.title)
        return [Reply(title=title, text="\n".join(lines) or text(ctx.lang, "question.none"), key="questions")]

    async def _answer(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        """`answer Q-ID TEXT` (facilitators of the question's area): to the asking delegation only."""
        if len(args) < 2:
            raise BotError(key="error.bad_input", reason=text(ctx.lang, "question.answer_usage"))
        body = ctx.message.text.strip().split(None, 2)[2]
        answered = await followup.answer(ctx.uow, ctx.participant, args[0], body, ctx.now)
        label = followup.label(answered.id)
        reply = text(ctx.lang, "question.answer_sent", label=label, stakeholder=answered.stakeholder)
        return [Reply(text=reply, key="question.answer_sent")]

    async def _publish(self, ctx: Ctx, args: list[str]) -> list[Reply]:
        """`publish Q-ID`: the answer becomes a clarification every delegation sees."""
        if not args:
            raise BotError(key="error.bad_input", reason=text(ctx.lang, "question.publish_usage"))
        published, queued = await followup.publish(ctx.uow, ctx.participant, args[0], ctx.now)
        label = followup.label(published.id)
        if not queued:
            return [Reply(text=text(ctx.lang, "question.already_published", label=label), key="question.published")]
        return [
            Reply(text=text(ctx.lang, "question.published", label=label, ref=published.ref), key="question.published")
        ]


def _slug(args: list[str]) -> str:
    if not args:
        raise BotError(key="error.bad_input", reason="Name the round, e.g. open a61-583")
    return args[0].lower()


def status_summary(lang: str, report: RoundReport) -> Reply:
    """A round's coverage in a few lines, for chat."""
    round_ = report.round
    lines = [
        text(
            lang,
            "round.status.line",
            submitted=report.count(DelegationState.SUBMITTED),
            in_progress=report.count(DelegationState.IN_PROGRESS),
            not_started=report.count(DelegationState.NOT_STARTED),
            total=report.total(),
        ),
        *(
            [
                text(
                    lang,
                    "round.status.views",
                    submitted=report.count(DelegationState.SUBMITTED, views=True),
                    in_progress=report.count(DelegationState.IN_PROGRESS, views=True),
                    not_started=report.count(DelegationState.NOT_STARTED, views=True),
                    total=report.total(views=True),
                )
            ]
            if report.total(views=True)
            else []
        ),
        "",
        *(
            text(
                lang,
                "round.status.group",
                group=g.group,
                submitted=g.submitted,
                total=g.total,
                in_progress=g.in_progress,
            )
            for g in report.groups
        ),
    ]
    title = text(lang, "round.status.title", title=round_.title, slug=round_.slug, status=round_.status.value)
    return Reply(title=title, text="\n".join(lines), key="round.status")


def _kept(replies: list[Reply], lang: str) -> str:
    """The replies as JSON, to be shown again if the process dies before showing them ("" for replies
    carrying files, such as a chart: the current screen is shown again instead)."""
    if any(r.image or r.attachments for r in replies):
        return ""
    return json.dumps([reply_to_dict(r if r.language else replace(r, language=lang)) for r in replies])
