"""What a delegate sees, built from data: pure functions returning Reply values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache

from bot.domain import actions
from bot.domain.model import (
    CHOOSABLE,
    Choice,
    Position,
    Prompt,
    Recommendation,
    Reply,
    Response,
    Role,
    Round,
    Submission,
)
from bot.i18n import formats
from bot.i18n.catalogue import position_label, text
from bot.i18n.content import localized, round_text
from bot.i18n.timefmt import left, when, when_both
from bot.i18n.translations import translations


def item(
    lang: str,
    round_: Round,
    rec: Recommendation,
    current: Response | None,
    *,
    zone: str,
    clarifications: Sequence[str] = (),
) -> Reply:
    """One recommendation with the five positions, back, skip, review and "ask a question"; the
    facilitator's published clarifications under it."""
    index = round_.index_of(rec.ref)
    shown = localized(round_, rec, lang)
    lines = [text(lang, "item.header", index=index + 1, total=len(round_.recommendations), section=shown.section)]
    if round_.summaries and round_.document:
        lines.append(text(lang, "item.summary_of", document=round_.document))
    if shown.notice:
        lines.append(shown.notice)
    lines += [shown.text, ""]
    lines.append(text(lang, "item.current", answer=position_label(lang, current.position if current else None)))
    if current and current.amendment:
        lines.append(text(lang, "item.amendment_line", text=current.amendment))
    if current and current.comment:
        lines.append(text(lang, "item.comment_line", text=current.comment))
    if clarifications:
        lines += ["", *clarifications]
    chosen = current.position if current else None
    last = len(round_.recommendations) - 1
    choices = _item_choices(translations(lang), lang, round_.slug, rec.ref, chosen, index > 0, index < last)
    del zone  # the deadline is shown in the review and status, not on every item
    return Reply(
        title=text(lang, "item.title", ref=rec.ref, title=shown.title),
        text="\n".join(lines),
        choices=choices,
        key="item",
    )


@lru_cache(maxsize=4096)  # a round's few hundred button sets, on every screen
def _item_choices(
    catalogue: object, lang: str, slug: str, ref: str, chosen: Position | None, back: bool, skip: bool
) -> tuple[Choice, ...]:
    """The buttons under one recommendation: the positions (the chosen one ticked), back, skip,
    review and "ask a question". `catalogue`, the language's translations as loaded, is part of what
    they are remembered by, so that texts read again from the files (translations.forget) are shown."""
    del catalogue
    choices = [
        Choice(("✓ " if p is chosen else "") + position_label(lang, p), actions.encode("p", slug, ref, p))
        for p in CHOOSABLE
    ]
    if back:
        choices.append(Choice(text(lang, "nav.back"), actions.encode("back", slug, ref)))
    if skip:
        choices.append(Choice(text(lang, "nav.skip"), actions.encode("skip", slug, ref)))
    choices.append(Choice(text(lang, "nav.review"), actions.encode("rev", slug)))
    choices.append(Choice(text(lang, "question.button"), actions.encode("q", slug, ref)))
    return tuple(choices)


def closed(lang: str, round_: Round, *, zone: str) -> Reply:
    """The round is closed: said at once, with when, and no button."""
    moment = round_.closed_at or round_.deadline
    return Reply(
        text=text(lang, "round.closed_notice", title=round_text(round_, lang).title, when=when(moment, zone, lang)),
        key="round.closed_notice",
    )


def recorded(lang: str, ref: str, position: Position, *, changed: bool) -> Reply:
    """The acknowledgement of a position."""
    key = "recorded" if changed else "recorded.unchanged"
    label = position_label(lang, position)
    return Reply(text=text(lang, key, ref=ref, position=label), confirms=f"{ref}: {label}", key=key)


def ask_amendment(lang: str, round_slug: str, ref: str, limit: int) -> Reply:
    """Ask for the amendment text."""
    return Reply(
        text=text(lang, "ask.amendment", ref=ref),
        prompt=Prompt.AMENDMENT,
        prompt_ref=ref,
        prompt_action=actions.text_action(Prompt.AMENDMENT, round_slug, ref),
        prompt_label=text(lang, "form.amendment.button"),
        max_length=limit,
        key="ask.amendment",
    )


def ask_comment(lang: str, round_slug: str, ref: str, limit: int, *, typed: bool) -> Reply:
    """Offer an optional comment, with a button to go on without one (`typed`: or an empty line)."""
    key = "ask.comment.typed" if typed else "ask.comment"
    return Reply(
        text=text(lang, key, ref=ref),
        choices=(Choice(text(lang, "nav.no_comment"), actions.encode("nc", round_slug, ref)),),
        prompt=Prompt.COMMENT,
        prompt_ref=ref,
        prompt_action=actions.text_action(Prompt.COMMENT, round_slug, ref),
        prompt_label=text(lang, "form.comment.button"),
        max_length=limit,
        key="ask.comment",
    )


def review(
    lang: str,
    round_: Round,
    responses: Mapping[str, Response],
    *,
    delegation: str,
    submission: Submission | None,
    may_submit: bool,
    focal_points: Sequence[str],
    zone: str,
    now: datetime,
    seen: str = "",
) -> Reply:
    """All the delegation's answers, what is missing, and the way to submit (`seen`: the answers'
    fingerprint, carried by the Submit button so that it submits what this review showed)."""
    lines: list[str] = []
    missing: list[str] = []
    for rec in round_.recommendations:
        response = responses.get(rec.ref)
        lines.append(
            text(
                lang,
                "review.line",
                ref=rec.ref,
                title=localized(round_, rec, lang).title,
                position=position_label(lang, response.position if response else None),
            )
        )
        if response is None:
            missing.append(rec.ref)
            continue
        if response.amendment:
            lines.append(text(lang, "review.line_amendment", text=_short(response.amendment)))
        if response.comment:
            lines.append(text(lang, "review.line_comment", text=_short(response.comment)))
    total = len(round_.recommendations)
    lines += ["", text(lang, "review.progress", answered=total - len(missing), total=total)]
    lines.append(
        text(lang, "review.missing", refs=formats.items(missing, lang)) if missing else text(lang, "review.ready")
    )
    if submission:
        lines.append(text(lang, "review.submitted", when=when(submission.at, zone, lang), receipt=submission.receipt))
        if submission.differs_from(responses):
            lines.append(text(lang, "review.changed_since"))
    lines.append(
        text(
            lang,
            "status.deadline",
            deadline=when_both(round_.deadline, zone, lang),
            left=left(round_.deadline, now, lang),
        )
    )
    choices: list[Choice] = []
    if not round_.accepts_answers(now):
        # Said first, and no button: nothing can be changed or submitted any more.
        lines.insert(0, closed(lang, round_, zone=zone).text)
    else:
        if missing:
            first = Choice(
                text(lang, "nav.first_unanswered", ref=missing[0]), actions.encode("edit", round_.slug, missing[0])
            )
            choices.append(first)
        if may_submit:  # with items unanswered, Submit offers "No position" on them first
            label = text(lang, "nav.submit", delegation=delegation)
            choices.append(Choice(label, actions.encode("sub", round_.slug, seen=seen)))
        elif not may_submit and focal_points:
            lines.append(text(lang, "review.cannot_submit", names=formats.items(focal_points, lang)))
        elif not may_submit:
            lines.append(text(lang, "review.no_focal_point", delegation=delegation))
    return Reply(
        title=text(lang, "review.title", delegation=delegation, title=round_text(round_, lang).title),
        text="\n".join(lines),
        choices=tuple(choices),
        key="review",
    )


def unanswered(lang: str, round_: Round, missing: Sequence[str], *, delegation: str, seen: str) -> Reply:
    """Submit pressed with items unanswered: mark them all "No position" and submit (one press, the
    confirmation), or go and answer them."""
    shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
    body = text(
        lang,
        "submit.unanswered",
        count=len(missing),
        total=len(round_.recommendations),
        refs=shown,
        delegation=delegation,
        position=position_label(lang, Position.NO_POSITION),
    )
    choices = (
        Choice(
            text(lang, "nav.no_position_submit", count=len(missing), delegation=delegation),
            actions.encode("nps", round_.slug, seen=seen),
        ),
        Choice(text(lang, "nav.first_unanswered", ref=missing[0]), actions.encode("edit", round_.slug, missing[0])),
        Choice(text(lang, "nav.review"), actions.encode("rev", round_.slug)),
    )
    title = text(lang, "submit.unanswered.title", count=len(missing))
    return Reply(title=title, text=body, choices=choices, key="submit.unanswered")


def receipt(lang: str, round_: Round, submission: Submission, *, delegation: str, zone: str) -> Reply:
    """The receipt of a submission, with what was submitted: each reference and its position; the
    amendments and comments counted (and shown only when short)."""
    lines = [
        text(
            lang,
            "receipt.text",
            delegation=delegation,
            count=submission.answered,
            title=round_text(round_, lang).title,
            when=when(submission.at, zone, lang),
            receipt=submission.receipt,
            deadline=when_both(round_.deadline, zone, lang),
        )
    ]
    if submission.answers:
        who = f"{submission.name} ({text(lang, f'role.{submission.role}')})" if submission.role in _ROLES else ""
        lines += ["", text(lang, "receipt.by", who=who or submission.submitted_by)] if submission.name else [""]
        for answer in submission.answers:
            notes = []
            if answer.amendment:
                notes.append(text(lang, "receipt.amendment", text=_brief(answer.amendment)))
            if answer.comment:
                notes.append(text(lang, "receipt.comment", text=_brief(answer.comment)))
            line = text(lang, "receipt.line", ref=answer.ref, position=position_label(lang, answer.position))
            lines.append(line + ("; " + "; ".join(notes) if notes else ""))
        lines.append(
            text(
                lang,
                "receipt.counts",
                amendments=sum(1 for a in submission.answers if a.amendment),
                comments=sum(1 for a in submission.answers if a.comment),
            )
        )
    return Reply(title=text(lang, "receipt.title", receipt=submission.receipt), text="\n".join(lines), key="receipt")


_ROLES = frozenset(role.value for role in Role)


def _deadline(lang: str, round_: Round, zone: str, now: datetime) -> str:
    deadline = when_both(round_.deadline, zone, lang)
    return text(lang, "status.deadline", deadline=deadline, left=left(round_.deadline, now, lang))


def _brief(value: str, limit: int = 60) -> str:
    """Short text in full; long text by its length only (the receipt lists, it does not repeat)."""
    flat = " ".join(value.split())
    return f"“{flat}”" if len(flat) <= limit else f"{len(flat)} characters"


def progress(
    lang: str,
    round_: Round,
    *,
    delegation: str,
    answered: int,
    state: str,
    now: datetime,
    zone: str,
    submission: Submission | None = None,
    changed: bool = False,
) -> Reply:
    """A delegation's progress in one round: answered, submitted (receipt), changed since."""
    lines = [
        text(
            lang,
            "status.line",
            answered=answered,
            total=len(round_.recommendations),
            state=text(lang, f"state.{state}"),
        ),
    ]
    if submission is not None:
        lines.append(text(lang, "review.submitted", when=when(submission.at, zone, lang), receipt=submission.receipt))
        if changed:
            lines.append(text(lang, "review.changed_since"))
    lines.append(
        text(
            lang,
            "status.deadline",
            deadline=when_both(round_.deadline, zone, lang),
            left=left(round_.deadline, now, lang),
        )
    )
    return Reply(
        title=text(lang, "status.delegation", delegation=delegation, title=round_text(round_, lang).title),
        text="\n".join(lines),
        choices=(Choice(text(lang, "nav.continue"), actions.encode("go", round_.slug)),),
        key="status",
    )


def _short(value: str, limit: int = 120) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
