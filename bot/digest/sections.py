"""The digest's lines, section by section, as plain text from the catalogue (chat and Markdown share them).

The lead, coverage, changes and the contested list are here; the longer lists are in lists.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.digest.compute import MIN_ANSWERS, NO_GROUP, VIEWS
from bot.digest.words import iso, join, label, left, listing, percent, short, since, when
from bot.domain.model import Position
from bot.i18n.catalogue import text
from bot.records.digest_values import POSITIONS, Change, ChangeKind, Coverage, RoundDigest, Tally

#: Names listed before "and N more".
NAMES = 15
#: Changed positions and comments listed, the length a comment is cut to, and the shifts named.
LATEST = 8
COMMENT = 140
SHIFTS = 5


def lead(r: RoundDigest, zone_name: str, language: str) -> list[str]:
    """The state of play in four lines: deadline, coverage, the week's activity, the contested."""
    c, o = r.changes, r.overall
    lines = [
        text(
            language,
            "digest.lead.round",
            title=r.round.title,
            deadline=when(r.round.deadline, zone_name, language),
            left=left(r.round.deadline, r.at, language),
        ),
        text(
            language,
            "digest.lead.coverage",
            submitted=o.submitted,
            count=o.total,
            percent=percent(o.submitted, o.total, language),
            in_progress=o.in_progress,
            not_started=o.not_started,
        ),
    ]
    if r.unsubmitted:
        lines[-1] += text(language, "digest.lead.unsubmitted", count=r.unsubmitted)
    if c.quiet:
        lines.append(text(language, "digest.lead.quiet", since=since(r, zone_name, language)))
    else:
        lines.append(
            text(
                language,
                "digest.lead.activity",
                since=since(r, zone_name, language),
                submitted=len(c.submitted),
                started=len(c.started),
                positions=c.positions,
                comments=c.comments,
            )
        )
    if r.contested:
        items = join(
            [
                text(language, "digest.contested.item", ref=t.ref, percent=percent(t.dissent, t.answers, language))
                for t in r.contested[:3]
            ],
            language,
        )
        lines.append(text(language, "digest.lead.contested", items=items))
    else:
        lines.append(text(language, "digest.contested.none"))
    return lines


def group_line(g: Coverage, language: str) -> str:
    """One group's coverage."""
    return text(
        language,
        "digest.group",
        group=group_name(g.group, language),
        submitted=g.submitted,
        total=g.total,
        in_progress=g.in_progress,
        not_started=g.not_started,
    )


#: The UN's five regional groups, by their names in the registry: their official names are catalogue texts.
REGIONAL_GROUPS = {
    "African Group": "group.african",
    "Asia-Pacific Group": "group.asia_pacific",
    "Eastern European Group": "group.eastern_european",
    "Latin American and Caribbean Group": "group.latin_american_caribbean",
    "Western European and Others Group": "group.western_european_others",
}


def group_name(group: str, language: str) -> str:
    """A group's name as the reader reads it ("(no group)" and the regional groups translated; any other
    group of the registry as it is named there)."""
    names = {NO_GROUP: "digest.group.none", VIEWS: "digest.views.group", **REGIONAL_GROUPS}
    return text(language, names[group]) if group in names else group


def changes_heading(r: RoundDigest, zone_name: str, language: str) -> str:
    """ "Changes since Mon 01 Mar 09:00"."""
    return text(language, "digest.section.changes", since=since(r, zone_name, language))


def changes(r: RoundDigest, zone_name: str, language: str) -> list[str]:
    """New submissions, starts, counts of answers, moves and comments, biggest shifts, newest changes."""
    c = r.changes
    if c.quiet:
        return [text(language, "digest.changes.none")]
    lines: list[str] = []
    for key, found in (("submitted", c.submitted), ("resubmitted", c.resubmitted)):
        if found:
            names = [r.name(s.stakeholder, language) for s in found]
            lines.append(
                text(language, f"digest.changes.{key}", count=len(found), names=listing(names, NAMES, language))
            )
    if c.started:
        names = sorted((r.name(code, language) for code in c.started), key=str.casefold)
        lines.append(text(language, "digest.changes.started", count=len(names), names=listing(names, NAMES, language)))
    lines.append(text(language, "digest.changes.counts", answers=c.answers, positions=c.positions, comments=c.comments))
    if c.shifts:
        items = join([shift_text(s.ref, s.deltas, language) for s in c.shifts[:SHIFTS]], language)
        lines.append(text(language, "digest.changes.shifts", items=items))
    if c.latest:
        lines.append(text(language, "digest.changes.latest"))
        lines += [f"• {change_line(r, change, zone_name, language)}" for change in c.latest[:LATEST]]
    return lines


def shift_text(ref: str, deltas: Sequence[int], language: str) -> str:
    """E.g. "CL-3 oppose +4 / support −3" (a symbol between the moves reads the same in every language)."""
    moves = [(p, d) for p, d in zip(POSITIONS, deltas, strict=True) if d]
    moves.sort(key=lambda m: -abs(m[1]))
    moved = " / ".join(f"{label(p, language)} {iso(('+' if d > 0 else '−') + str(abs(d)), language)}" for p, d in moves)
    return f"{iso(ref, language)} {moved}"


def change_line(r: RoundDigest, change: Change, zone_name: str, language: str) -> str:
    """One changed position or comment."""
    common = {
        "when": short(change.at, zone_name, language),
        "delegation": r.name(change.stakeholder, language),
        "ref": change.ref,
    }
    if change.kind is ChangeKind.COMMENT:
        comment = " ".join(change.comment.split())
        comment = comment if len(comment) <= COMMENT else comment[: COMMENT - 1] + "…"
        return text(language, "digest.change.comment", comment=comment, **common)
    return text(
        language,
        "digest.change.position",
        before=label(change.before, language),
        after=label(change.after, language),
        **common,
    )


def floor(r: RoundDigest) -> int:
    """The answers a recommendation needs to be ranked as contested."""
    return max(1, min(MIN_ANSWERS, r.overall.total))


def contested(r: RoundDigest, language: str) -> list[str]:
    """The contested list, one recommendation a line."""
    if not r.contested:
        return [text(language, "digest.contested.none")]
    return [contested_line(t, language) for t in r.contested]


def contested_line(t: Tally, language: str) -> str:
    """E.g. "CL-3 Title: 42% (21 of 50 answers: 15 oppose, 6 reserve)"."""
    return text(
        language,
        "digest.contested.line",
        ref=t.ref,
        title=t.title if len(t.title) <= 60 else t.title[:59] + "…",
        percent=percent(t.dissent, t.answers, language),
        dissent=t.dissent,
        answers=t.answers,
        oppose=t.count(Position.OPPOSE),
        reserve=t.count(Position.RESERVE),
    )
