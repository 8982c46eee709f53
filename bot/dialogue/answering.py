"""The delegate's dialogue: recommendations in turn, amendments, comments, review and submit."""

from __future__ import annotations

from dataclasses import replace

from bot.coordinator import followup
from bot.dialogue import screens, seen
from bot.dialogue.context import Ctx
from bot.dialogue.text import bounded
from bot.domain import actions, audience
from bot.domain.errors import (
    BadInput,
    Incomplete,
    NoOpenRound,
    NoSubmission,
    NotAllowed,
    RoundClosed,
    UnknownRecommendation,
    UnknownRound,
)
from bot.domain.model import (
    Choice,
    Conversation,
    DelegationState,
    Participant,
    Position,
    Recommendation,
    Reply,
    Response,
    Revision,
    Role,
    Round,
    RoundStatus,
    Step,
    Submission,
    SubmittedAnswer,
    person,
)
from bot.i18n.catalogue import position_label, text
from bot.i18n.content import round_text
from bot.i18n.timefmt import when, when_both

#: The longest amendment or comment a channel's input can carry, when shorter than Deps.max_text:
#: a Slack plain_text_input holds at most 3,000 characters, so the core accepts no more from Slack
#: and its "too long" message names that limit.
CHANNEL_INPUT_LIMITS = {"slack": 3000}


def input_limit(channel: str, max_text: int) -> int:
    """The longest amendment or comment accepted from this channel."""
    return min(max_text, CHANNEL_INPUT_LIMITS.get(channel, max_text))


def _limit(ctx: Ctx) -> int:
    return input_limit(ctx.message.channel, ctx.deps.max_text)


async def open_rounds(ctx: Ctx) -> list[Round]:
    """The open rounds the participant's delegation is asked to answer."""
    rounds = await ctx.uow.rounds.list()
    return [r for r in rounds if r.status is RoundStatus.OPEN and audience.includes(r, ctx.stakeholder)]


async def conversation(ctx: Ctx) -> Conversation:
    """Where the participant stands (a fresh conversation for a newcomer)."""
    return await ctx.uow.conversations.get(ctx.participant.id) or Conversation(participant_id=ctx.participant.id)


async def move(ctx: Ctx, round_slug: str, step: Step, ref: str = "", *, saw: str = "") -> None:
    """Store where the participant stands now (`saw`: what they saw, when text is asked for)."""
    await ctx.uow.conversations.save(
        Conversation(
            participant_id=ctx.participant.id, round=round_slug, step=step, ref=ref, updated_at=ctx.now, seen=saw
        )
    )


async def awaited(ctx: Ctx, step: Step, round_slug: str, ref: str) -> str:
    """What the participant saw when the text now arriving for (round, ref) was asked for ("": unknown)."""
    conv = await conversation(ctx)
    return conv.seen if (conv.step, conv.round, conv.ref) == (step, round_slug, ref) else ""


async def round_for(ctx: Ctx, slug: str) -> Round:
    """A round the delegation may see, by slug."""
    round_ = await ctx.uow.rounds.get(slug)
    if round_ is None or round_.status is RoundStatus.DRAFT or not audience.includes(round_, ctx.stakeholder):
        raise UnknownRound(slug=slug)
    return round_


async def current_round(ctx: Ctx) -> Round | None:
    """The round the conversation is in, else the only open round; None when there is a choice."""
    conv = await conversation(ctx)
    if conv.round:
        round_ = await ctx.uow.rounds.get(conv.round)
        if round_ is not None and round_.status is not RoundStatus.DRAFT:
            return round_
    rounds = await open_rounds(ctx)
    if not rounds:
        raise NoOpenRound()
    return rounds[0] if len(rounds) == 1 else None


def writable(ctx: Ctx, round_: Round) -> None:
    """Refuse a change once the round no longer accepts answers."""
    if not round_.accepts_answers(ctx.now):
        raise RoundClosed(title=round_.title, deadline=when(round_.closed_at or round_.deadline, ctx.zone, ctx.lang))


def recommendation(round_: Round, ref: str) -> Recommendation:
    """The recommendation by reference, or UnknownRecommendation."""
    rec = round_.item(ref)
    if rec is None:
        raise UnknownRecommendation(ref=ref)
    return rec


async def answers(ctx: Ctx, round_: Round) -> dict[str, Response]:
    """The delegation's current responses by reference."""
    return {r.ref: r for r in await ctx.uow.responses.of_delegation(round_.slug, ctx.stakeholder.code)}


async def resume(ctx: Ctx) -> list[Reply]:
    """Show exactly what the participant was doing, or the first unanswered recommendation."""
    round_ = await current_round(ctx)
    if round_ is None:
        return await choose_round(ctx)
    if not round_.accepts_answers(ctx.now):
        # A closed round says so first; the review that follows shows the answers, without buttons.
        return [screens.closed(ctx.lang, round_, zone=ctx.zone), *await review(ctx, round_)]
    conv = await conversation(ctx)
    if conv.round == round_.slug and conv.ref and round_.item(conv.ref):
        if conv.step is Step.AMENDMENT:
            return [screens.ask_amendment(ctx.lang, round_.slug, conv.ref, _limit(ctx))]
        if conv.step is Step.COMMENT:
            typed = ctx.message.capabilities.typed
            return [screens.ask_comment(ctx.lang, round_.slug, conv.ref, _limit(ctx), typed=typed)]
        if conv.step is Step.ITEM:
            return await show(ctx, round_, conv.ref)
    if conv.round == round_.slug and conv.step is Step.REVIEW:
        return await review(ctx, round_)
    return await advance(ctx, round_, after=None)


async def introduce(ctx: Ctx, shown: list[Reply]) -> list[str]:
    """Before a newcomer's first recommendation: the round's title, how many items, and the deadline."""
    if not shown or shown[0].key != "item":
        return []
    round_ = await current_round(ctx)
    if round_ is None:
        return []
    deadline = when_both(round_.deadline, ctx.zone, ctx.lang)
    title = round_text(round_, ctx.lang).title
    return [text(ctx.lang, "welcome.round", title=title, count=len(round_.recommendations), deadline=deadline)]


async def choose_round(ctx: Ctx) -> list[Reply]:
    """List the open rounds to pick from."""
    rounds = await open_rounds(ctx)
    if not rounds:
        return [Reply(text=text(ctx.lang, "rounds.none", delegation=ctx.delegation), key="rounds.none")]
    choices = tuple(Choice(round_text(r, ctx.lang).title, actions.encode("go", r.slug)) for r in rounds)
    return [Reply(text=text(ctx.lang, "rounds.choose"), choices=choices, key="rounds.choose")]


async def enter(ctx: Ctx, slug: str) -> list[Reply]:
    """Go into a round (a "continue" button) and resume there."""
    round_ = await round_for(ctx, slug)
    conv = await conversation(ctx)
    if conv.round != round_.slug:
        await move(ctx, round_.slug, Step.IDLE)
    return await resume(ctx)


async def show(ctx: Ctx, round_: Round, ref: str) -> list[Reply]:
    """Show one recommendation and remember that the participant is on it."""
    rec = recommendation(round_, ref)
    current = await ctx.uow.responses.get(round_.slug, ctx.stakeholder.code, rec.ref)
    await move(ctx, round_.slug, Step.ITEM, rec.ref)
    shown = screens.item(
        ctx.lang, round_, rec, current, zone=ctx.zone, clarifications=await _clarified(ctx, round_, rec.ref)
    )
    if not round_.accepts_answers(ctx.now):
        return [screens.closed(ctx.lang, round_, zone=ctx.zone), replace(shown, choices=())]
    return [shown]


async def advance(ctx: Ctx, round_: Round, *, after: str | None) -> list[Reply]:
    """Go to the next unanswered recommendation after `after` (wrapping), or to the review."""
    done = await ctx.uow.responses.answered(round_.slug, ctx.stakeholder.code)
    recs = round_.recommendations
    start = round_.index_of(after) + 1 if after else 0
    for offset in range(len(recs)):
        rec = recs[(start + offset) % len(recs)]
        if rec.ref not in done:
            await move(ctx, round_.slug, Step.ITEM, rec.ref)
            clarified = await _clarified(ctx, round_, rec.ref)
            return [screens.item(ctx.lang, round_, rec, None, zone=ctx.zone, clarifications=clarified)]
    return await review(ctx, round_)


async def _clarified(ctx: Ctx, round_: Round, ref: str) -> list[str]:
    """The facilitators' published clarifications on one recommendation, as the item shows them."""
    return [followup.clarification_text(q, ctx.lang) for q in await followup.clarifications(ctx.uow, round_.slug, ref)]


async def step_to(ctx: Ctx, round_: Round, ref: str, delta: int) -> list[Reply]:
    """Back (-1) or skip (+1) from a recommendation."""
    index = round_.index_of(recommendation(round_, ref).ref) + delta
    index = max(0, min(index, len(round_.recommendations) - 1))
    return await show(ctx, round_, round_.recommendations[index].ref)


async def choose(ctx: Ctx, round_: Round, ref: str, position: Position) -> list[Reply]:
    """Record a position and show the next recommendation at once: one tap per answer.

    The acknowledgement offers "Add a comment" on the answer just recorded (its button carries what
    was recorded, so the comment applies to that answer or is asked again). "Support with
    amendments" is not recorded until its amendment arrives: an answer the Secretariat cannot use
    is never stored, and nothing is shown as chosen before it is (see give_amendment).
    """
    writable(ctx, round_)
    rec = recommendation(round_, ref)
    current = await ctx.uow.responses.get(round_.slug, ctx.stakeholder.code, rec.ref)
    if position is Position.SUPPORT_WITH_AMENDMENTS:
        await move(ctx, round_.slug, Step.AMENDMENT, rec.ref, saw=seen.answer(current))
        ask = screens.ask_amendment(ctx.lang, round_.slug, rec.ref, _limit(ctx))
        return [replace(ask, text=ask.text + "\n" + text(ctx.lang, "ask.amendment.first", ref=rec.ref))]
    changed = current is None or current.position is not position or bool(current.amendment)
    if changed:
        comment = current.comment if current else ""
        current = await save(ctx, round_, rec.ref, position=position, amendment="", comment=comment, current=current)
    acknowledged = with_comment_button(
        ctx, round_, rec.ref, screens.recorded(ctx.lang, rec.ref, position, changed=changed), current
    )
    return [acknowledged, *await advance(ctx, round_, after=rec.ref)]


def with_comment_button(ctx: Ctx, round_: Round, ref: str, reply: Reply, response: Response | None) -> Reply:
    """The reply with "Add a comment" on the answer it acknowledges (the button names that answer)."""
    if response is None:
        return reply
    action = actions.encode("cm", round_.slug, ref, seen=seen.answer(response))
    label = text(ctx.lang, "nav.add_comment" if not response.comment else "nav.change_comment", ref=ref)
    return replace(reply, choices=(*reply.choices, Choice(label, action)))


async def ask_for_comment(ctx: Ctx, round_: Round, ref: str, saw: str) -> list[Reply]:
    """ "Add a comment" pressed: ask for it, if the answer is still the one the button was shown for."""
    writable(ctx, round_)
    rec = recommendation(round_, ref)
    current = await ctx.uow.responses.get(round_.slug, ctx.stakeholder.code, rec.ref)
    if saw and seen.answer(current) != saw:
        return await _changed(ctx, round_, rec.ref, current, what="comment", typed="")
    await move(ctx, round_.slug, Step.COMMENT, rec.ref, saw=seen.answer(current))
    return [screens.ask_comment(ctx.lang, round_.slug, rec.ref, _limit(ctx), typed=ctx.message.capabilities.typed)]


async def _who(ctx: Ctx, response: Response | None) -> str:
    """Who made the stored answer, as a person reads it ("you" when it was the reader)."""
    if response is None or response.participant_id is None:
        return text(ctx.lang, "changed.by_system")
    if response.participant_id == ctx.participant.id:
        return text(ctx.lang, "changed.by_you")
    found: Participant | None = await ctx.uow.registry.participant(response.participant_id)
    if found is None:
        return person("", "", response.participant_id)
    return person(found.name, found.role.value, found.id)


async def _changed(
    ctx: Ctx, round_: Round, ref: str, current: Response | None, *, what: str, typed: str
) -> list[Reply]:
    """The answer is no longer the one the person saw: say what it is now and who made it, keep
    what they typed in view (nothing is saved), and ask again on the answer as it stands."""
    lines = [
        text(
            ctx.lang,
            f"changed.{what}",
            ref=ref,
            who=await _who(ctx, current),
            position=position_label(ctx.lang, current.position if current else None),
            when=when(current.updated_at, ctx.zone, ctx.lang) if current else "",
        )
    ]
    if typed:
        lines.append(text(ctx.lang, "changed.typed", text=typed))
    notice = Reply(text="\n".join(lines), key=f"changed.{what}", error=True)
    if what == "comment":
        notice = with_comment_button(ctx, round_, ref, notice, current)
    return [notice, *await show(ctx, round_, ref)]


async def answer(ctx: Ctx, round_: Round, ref: str, position: Position) -> list[Reply]:
    """A whole answer from one form: the position with its amendment and comment (the form's fields).

    "Support with amendments" needs the amendment; other positions keep none. Saving the same
    answer again changes nothing. The conversation moves to the next unanswered recommendation,
    so that a chat picks up where the form left off.
    """
    writable(ctx, round_)
    rec = recommendation(round_, ref)
    amendment = bounded(ctx.message.field("amendment"), limit=ctx.deps.max_text)
    comment = bounded(ctx.message.field("comment"), limit=ctx.deps.max_text)
    if position is Position.SUPPORT_WITH_AMENDMENTS and not amendment:
        raise BadInput("amendment missing", key="error.amendment_needed", ref=rec.ref)
    if position is not Position.SUPPORT_WITH_AMENDMENTS:
        amendment = ""
    current = await ctx.uow.responses.get(round_.slug, ctx.stakeholder.code, rec.ref)
    changed = current is None or (current.position, current.amendment, current.comment) != (
        position,
        amendment,
        comment,
    )
    if changed:
        await save(ctx, round_, rec.ref, position=position, amendment=amendment, comment=comment, current=current)
    done = await answers(ctx, round_)
    following = [r.ref for r in round_.recommendations if r.ref not in done]
    if following:
        await move(ctx, round_.slug, Step.ITEM, following[0])
    else:
        await move(ctx, round_.slug, Step.REVIEW)
    return [screens.recorded(ctx.lang, rec.ref, position, changed=changed)]


async def give_amendment(ctx: Ctx, round_: Round, ref: str, raw: str, saw: str = "") -> list[Reply]:
    """Store "Support with amendments" with its amendment, then show the next recommendation.

    `saw` is the answer the author saw when choosing "Support with amendments" (from the prompt or
    the form): if a colleague has changed it since, nothing is stored and the author is asked again.
    """
    writable(ctx, round_)
    rec = recommendation(round_, ref)
    amendment = bounded(raw, limit=_limit(ctx))
    if not amendment:
        raise_empty()
    saw = saw or await awaited(ctx, Step.AMENDMENT, round_.slug, rec.ref)
    current = await ctx.uow.responses.get(round_.slug, ctx.stakeholder.code, rec.ref)
    if saw and seen.answer(current) != saw:
        return await _changed(ctx, round_, rec.ref, current, what="amendment", typed=amendment)
    stored = await save(
        ctx,
        round_,
        rec.ref,
        position=Position.SUPPORT_WITH_AMENDMENTS,
        amendment=amendment,
        comment=current.comment if current else "",
        current=current,
    )
    recorded = screens.recorded(ctx.lang, rec.ref, Position.SUPPORT_WITH_AMENDMENTS, changed=True)
    saved = replace(
        recorded,
        text=recorded.text + "\n" + text(ctx.lang, "amendment.saved", ref=rec.ref),
        key="amendment.saved",
    )
    return [with_comment_button(ctx, round_, rec.ref, saved, stored), *await advance(ctx, round_, after=rec.ref)]


async def give_comment(ctx: Ctx, round_: Round, ref: str, raw: str, saw: str = "") -> list[Reply]:
    """Store a comment on the answer its author saw (empty: no comment), then go on.

    `saw` comes from the "Add a comment" button (or the prompt it opened): if the answer changed
    since, the comment is not stored on an answer its author did not see; they are told who changed
    it and asked again.
    """
    writable(ctx, round_)
    rec = recommendation(round_, ref)
    comment = bounded(raw, limit=_limit(ctx))
    saw = saw or await awaited(ctx, Step.COMMENT, round_.slug, rec.ref)
    current = await ctx.uow.responses.get(round_.slug, ctx.stakeholder.code, rec.ref)
    if comment and saw and seen.answer(current) != saw:
        return await _changed(ctx, round_, rec.ref, current, what="comment", typed=comment)
    replies: list[Reply] = []
    if comment and current is not None and comment != current.comment:
        position, amendment = current.position, current.amendment
        await save(ctx, round_, rec.ref, position=position, amendment=amendment, comment=comment, current=current)
        replies.append(Reply(text=text(ctx.lang, "comment.saved", ref=rec.ref), key="comment.saved"))
    elif comment and current is not None:
        # Typed again (the prompt was shown twice, or the first reply was lost): say it is kept.
        replies.append(Reply(text=text(ctx.lang, "comment.unchanged", ref=rec.ref), key="comment.unchanged"))
    return replies + await advance(ctx, round_, after=rec.ref)


async def no_comment(ctx: Ctx, round_: Round, ref: str) -> list[Reply]:
    """Go on without a comment."""
    recommendation(round_, ref)
    return await advance(ctx, round_, after=ref)


async def save(
    ctx: Ctx,
    round_: Round,
    ref: str,
    *,
    position: Position,
    amendment: str,
    comment: str,
    current: Response | None = None,
) -> Response:
    """Write the current response and its revision (never one without the other); the response.

    The answer keeps the language its words were written in: the writer's language when the
    amendment or comment changes, the earlier one when only the position does (`current`).
    """
    language = written_in(ctx.lang, amendment, comment, current)
    response = Response(
        round=round_.slug,
        stakeholder=ctx.stakeholder.code,
        ref=ref,
        position=position,
        amendment=amendment,
        comment=comment,
        participant_id=ctx.participant.id,
        channel=ctx.message.channel,
        updated_at=ctx.now,
        language=language,
    )
    revision = Revision(
        round=round_.slug,
        stakeholder=ctx.stakeholder.code,
        ref=ref,
        position=position,
        amendment=amendment,
        comment=comment,
        participant_id=ctx.participant.id,
        channel=ctx.message.channel,
        at=ctx.now,
        language=language,
    )
    await ctx.uow.responses.save(response, revision)
    return response


def written_in(language: str, amendment: str, comment: str, current: Response | None) -> str:
    """The language of an answer's words: "" when it has none, the earlier one when they did not change."""
    if not amendment and not comment:
        return ""
    if current is not None and (current.amendment, current.comment) == (amendment, comment):
        return current.language or language
    return language


async def focal_points(ctx: Ctx) -> list[str]:
    """Names of the delegation's focal points (empty: any delegate may submit)."""
    people = await ctx.uow.registry.participants_of([ctx.stakeholder.code])
    return [p.name or f"participant {p.id}" for p in people if p.role is Role.FOCAL_POINT]


async def review(ctx: Ctx, round_: Round, *, responses: dict[str, Response] | None = None) -> list[Reply]:
    """All the delegation's answers, and the submit button when it may submit."""
    done = responses if responses is not None else await answers(ctx, round_)
    focal = await focal_points(ctx)
    saw = seen.review(done)
    await move(ctx, round_.slug, Step.REVIEW, saw=saw)
    submission = await ctx.uow.responses.submission(round_.slug, ctx.stakeholder.code)
    return [
        screens.review(
            ctx.lang,
            round_,
            done,
            delegation=ctx.delegation,
            submission=submission,
            may_submit=round_.accepts_answers(ctx.now) and (not focal or ctx.has_role(Role.FOCAL_POINT)),
            focal_points=focal,
            zone=ctx.zone,
            now=ctx.now,
            seen=saw,
        )
    ]


async def submit(ctx: Ctx, round_: Round, saw: str = "") -> list[Reply]:
    """Submit for the delegation (focal-point rule): a snapshot of every answer and a receipt.

    Two submits of one delegation at once run one after the other (the delegation's answers are
    held first), so the second sees the first's submission instead of failing. What was submitted is
    what this submitter read; "nothing changed" compares the answers with the latest submission's
    snapshot, never timestamps from different clocks.

    `saw` is the fingerprint of the review the submitter saw (the Submit button carries it): if a
    colleague changed an answer since, nothing is submitted and the review is shown again. With items
    unanswered, a chat offers to record "No position" on them and submit (no_position_and_submit).
    """
    writable(ctx, round_)
    if await focal_points(ctx) and not ctx.has_role(Role.FOCAL_POINT):
        raise NotAllowed()
    await ctx.uow.responses.lock_delegation(round_.slug, ctx.stakeholder.code)
    done = await answers(ctx, round_)
    if saw and seen.review(done) != saw:
        return await _review_changed(ctx, round_, done)
    missing = [r.ref for r in round_.recommendations if r.ref not in done]
    if missing and not ctx.message.capabilities.forms:
        # Offered, with a confirmation: "No position" on every unanswered item, then submit.
        await move(ctx, round_.slug, Step.REVIEW, saw=seen.review(done))
        return [screens.unanswered(ctx.lang, round_, missing, delegation=ctx.delegation, seen=seen.review(done))]
    if missing:
        raise Incomplete(count=len(missing), refs=", ".join(missing[:10]) + (" …" if len(missing) > 10 else ""))
    return await _record_submission(ctx, round_, done)


async def no_position_and_submit(ctx: Ctx, round_: Round, saw: str) -> list[Reply]:
    """The confirmed offer: "No position" on every unanswered recommendation, then submit, in one
    transaction, if the answers are still those the person confirmed on."""
    writable(ctx, round_)
    if await focal_points(ctx) and not ctx.has_role(Role.FOCAL_POINT):
        raise NotAllowed()
    await ctx.uow.responses.lock_delegation(round_.slug, ctx.stakeholder.code)
    done = await answers(ctx, round_)
    latest = await ctx.uow.responses.submission(round_.slug, ctx.stakeholder.code)
    if len(done) == len(round_.recommendations) and latest is not None and not latest.differs_from(done):
        # Pressed twice (or the press redelivered): the first press did it; the same receipt again.
        return [screens.receipt(ctx.lang, round_, latest, delegation=ctx.delegation, zone=ctx.zone)]
    if seen.review(done) != saw:
        return await _review_changed(ctx, round_, done)
    for rec in round_.recommendations:
        if rec.ref not in done:
            done[rec.ref] = await save(ctx, round_, rec.ref, position=Position.NO_POSITION, amendment="", comment="")
    return await _record_submission(ctx, round_, done)


async def _review_changed(ctx: Ctx, round_: Round, done: dict[str, Response]) -> list[Reply]:
    """Answers changed since the person's review: nothing is submitted; say the latest change and
    who made it, and show the review again."""
    latest = max(done.values(), key=lambda r: r.updated_at, default=None)
    notice = text(
        ctx.lang,
        "changed.review",
        ref=latest.ref if latest else "",
        position=position_label(ctx.lang, latest.position if latest else None),
        who=await _who(ctx, latest),
        when=when(latest.updated_at, ctx.zone) if latest else "",
    )
    return [Reply(text=notice, key="changed.review", error=True), *await review(ctx, round_, responses=done)]


async def _record_submission(ctx: Ctx, round_: Round, done: dict[str, Response]) -> list[Reply]:
    """Submit every answer (all present) as the delegation's record, with a receipt."""
    latest = await ctx.uow.responses.submission(round_.slug, ctx.stakeholder.code)
    if latest is not None and not latest.differs_from(done):
        # Nothing changed since: Submit pressed twice (or the press redelivered) keeps the one receipt.
        await move(ctx, round_.slug, Step.REVIEW)
        return [screens.receipt(ctx.lang, round_, latest, delegation=ctx.delegation, zone=ctx.zone)]
    number = await ctx.uow.responses.count_submissions(round_.slug, ctx.stakeholder.code) + 1
    submission = Submission(
        round=round_.slug,
        stakeholder=ctx.stakeholder.code,
        receipt=f"{round_.slug.upper()}-{ctx.stakeholder.code}-{number:02d}",
        participant_id=ctx.participant.id,
        channel=ctx.message.channel,
        answered=len(done),
        at=ctx.now,
        name=ctx.participant.name,
        role=ctx.participant.role.value,
        answers=tuple(
            SubmittedAnswer(
                ref=r.ref, position=r.position, amendment=r.amendment, comment=r.comment, language=r.language
            )
            for r in (done[item.ref] for item in round_.recommendations)
        ),
    )
    await ctx.uow.responses.add_submission(submission)
    await move(ctx, round_.slug, Step.REVIEW)
    return [screens.receipt(ctx.lang, round_, submission, delegation=ctx.delegation, zone=ctx.zone)]


async def receipt(ctx: Ctx, round_: Round) -> list[Reply]:
    """The delegation's latest receipt again, with what it submitted."""
    latest = await ctx.uow.responses.submission(round_.slug, ctx.stakeholder.code)
    if latest is None:
        raise NoSubmission(key="error.no_receipt", delegation=ctx.delegation, slug=round_.slug, hint="")
    reply = screens.receipt(ctx.lang, round_, latest, delegation=ctx.delegation, zone=ctx.zone)
    if latest.differs_from(await answers(ctx, round_)):
        reply = replace(reply, text=reply.text + "\n" + text(ctx.lang, "review.changed_since"))
    return [reply]


async def status(ctx: Ctx) -> list[Reply]:
    """The delegation's progress in each open round (or the current one)."""
    rounds = await open_rounds(ctx)
    conv = await conversation(ctx)
    if not rounds and conv.round:
        current = await ctx.uow.rounds.get(conv.round)
        rounds = [current] if current else []
    if not rounds:
        raise NoOpenRound()
    replies = []
    for round_ in rounds:
        done = await answers(ctx, round_)
        submitted = await ctx.uow.responses.submission(round_.slug, ctx.stakeholder.code)
        state = (
            DelegationState.SUBMITTED
            if submitted
            else DelegationState.IN_PROGRESS
            if done
            else DelegationState.NOT_STARTED
        )
        replies.append(
            screens.progress(
                ctx.lang,
                round_,
                delegation=ctx.delegation,
                answered=len(done),
                state=state.value,
                now=ctx.now,
                zone=ctx.zone,
                submission=submitted,
                changed=submitted is not None and submitted.differs_from(done),
            )
        )
    return replies


def raise_empty() -> None:
    """Refuse empty text."""
    raise BadInput("empty", key="error.empty")
