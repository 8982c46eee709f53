"""The digest's longer sections as plain lines: positions, not started, delivery problems, deadlines."""

from __future__ import annotations

from bot.digest.sections import group_name
from bot.digest.words import iso, join, label, left, line, listing, short, when
from bot.domain.model import Position, RoundMode
from bot.i18n.catalogue import EN, text
from bot.records.digest_values import POSITIONS, Digest, RoundDigest

#: Above this many delegations not started, each group lists only its first few.
ALL_NAMES_UP_TO = 40
NAMES_PER_GROUP = 5
UNREACHABLE = 10


def shown_positions(r: RoundDigest) -> tuple[Position, ...]:
    """The positions listed: silence only in a silence round, or where it was recorded."""
    silence = r.round.mode is RoundMode.SILENCE or any(t.count(Position.NO_OBJECTION) for t in r.tallies)
    return POSITIONS if silence else tuple(p for p in POSITIONS if p is not Position.NO_OBJECTION)


def legend(r: RoundDigest, language: str) -> str:
    """What the numbers of a positions line are."""
    return text(language, "digest.positions.legend", labels=" · ".join(label(p, language) for p in shown_positions(r)))


def position_lines(r: RoundDigest, language: str = "en") -> list[str]:
    """ "CL-1: 40 · 5 · 3 · 2 · 1" for each recommendation (the counts in the legend's order)."""
    shown = shown_positions(r)
    return [
        line(f"{iso(t.ref, language)}: " + " · ".join(iso(t.count(p), language) for p in shown), language)
        for t in r.tallies
    ]


def not_started(r: RoundDigest, language: str) -> list[str]:
    """The delegations not started, by group; only the first few of each group when there are many."""
    if not r.not_started:
        return [text(language, "digest.not_started.none")]
    limit = ALL_NAMES_UP_TO if r.overall.not_started <= ALL_NAMES_UP_TO else NAMES_PER_GROUP
    lines = [
        text(
            language,
            "digest.not_started.group",
            group=group_name(group, language),
            count=len(names),
            names=listing(sorted((r.named(n, language) for n in names), key=str.casefold), limit, language),
        )
        for group, names in r.not_started
    ]
    if limit == NAMES_PER_GROUP:
        lines.append(text(language, "digest.not_started.full", slug=r.round.slug))
    return lines


def problems(r: RoundDigest, language: str) -> list[str]:
    """Participants the bot cannot reach, and messages given up on."""
    lines: list[str] = []
    if r.nobody:
        names = [r.name(code, language) for code in r.nobody]
        lines.append(
            text(language, "digest.problems.nobody", count=len(names), names=listing(names, UNREACHABLE, language))
        )
    if r.unreachable:
        people = [
            text(
                language,
                "digest.problems.person",
                delegation=r.name(u.stakeholder, language),
                participant=u.participant,
                channel=u.channel,
            )
            for u in r.unreachable
        ]
        lines.append(
            text(
                language, "digest.problems.unreachable", count=len(people), names=listing(people, UNREACHABLE, language)
            )
        )
    if r.dead:
        kinds = join([kind_count(kind, count, language) for kind, count in r.dead], language)
        lines.append(text(language, "digest.problems.dead", count=sum(n for _, n in r.dead), kinds=kinds))
    if r.stranded:
        channels = sorted({s.channel for s in r.stranded})
        people = [
            text(language, "digest.problems.person", delegation=r.name(s.stakeholder), participant=s.participant,
                 channel=s.channel)
            for s in r.stranded
        ]  # fmt: skip
        lines.append(
            text(
                language,
                "digest.problems.stranded",
                count=sum(len(s.kinds) for s in r.stranded),
                channels=", ".join(channels),
                names=listing(people, UNREACHABLE, language),
            )
        )
    return lines or [text(language, "digest.problems.none")]


def deadlines(digest: Digest, language: str) -> list[str]:
    """Each open round's deadline and next reminder, soonest first; then the rounds that open later."""
    lines: list[str] = []
    for r in sorted(digest.rounds, key=lambda r: r.round.deadline):
        line = text(
            language,
            "digest.deadline",
            title=r.round.title,
            deadline=when(r.round.deadline, digest.zone, language),
            left=left(r.round.deadline, digest.at, language),
        )
        if r.next_reminder is not None:
            line += " · " + text(
                language, "digest.deadline.reminder", when=short(r.next_reminder, digest.zone, language)
            )
        lines.append(f"• {line}")
    lines += [
        "• " + text(language, "digest.deadline.opens", title=u.title, when=when(u.opens, digest.zone, language))
        for u in digest.upcoming
        if u.opens is not None
    ]
    return lines or [text(language, "digest.deadline.none")]


def kind_count(kind: str, count: int, language: str) -> str:
    """E.g. "3 invitations": a delivery kind the catalogue does not know stays as stored."""
    key = f"digest.kind.{kind}"
    return text(language, key, count=count) if key in EN else f"{kind} {count}"
