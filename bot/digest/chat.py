"""The digest as plain text for chat: the state of play in a few lines first, then the details.

Every paragraph stays far below a chat message's size (Telegram 4,096, a Slack section 3,000):
long lists are shortened and the positions are cut into paragraphs of a few dozen lines, so the
channel adapters split the text between paragraphs. The texts come from the catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.digest import lists, sections, words
from bot.domain.model import Reply
from bot.i18n.catalogue import text
from bot.records.digest_values import Digest, RoundDigest

#: Lines of recommendation counts per paragraph.
POSITION_LINES = 25


def reply(digest: Digest, *, image: bytes | None = None, language: str = "en") -> Reply:
    """The whole digest as one Reply (what a scheduled digest sends), with the first round's chart."""
    return Reply(
        title=title(digest, language), text=body(digest, language), image=image, key="digest", language=language
    )


def replies(digest: Digest, *, images: Sequence[bytes] = (), language: str = "en") -> list[Reply]:
    """The digest as a chat answer: the text first, then each round's chart as its own Reply."""
    answer = [Reply(title=title(digest, language), text=body(digest, language), key="digest", language=language)]
    answer += [
        Reply(
            title=text(language, "digest.chart_title", title=r.round.title),
            text="",
            image=image,
            key="digest",
            language=language,
        )
        for r, image in zip(digest.rounds, images, strict=False)
    ]
    return answer


def title(digest: Digest, language: str = "en") -> str:
    """E.g. "Consultation digest · Mon 8 Mar 2027"."""
    return text(language, "digest.title", date=words.day(digest.at, digest.zone, language))


def body(digest: Digest, language: str = "en") -> str:
    """Leads of every round, then each round's details, then the deadlines ahead."""
    if not digest.rounds:
        paragraphs = [text(language, "digest.no_round"), text(language, "digest.quiet_all")]
    else:
        paragraphs = ["\n".join(sections.lead(r, digest.zone, language)) for r in digest.rounds]
        for round_digest in digest.rounds:
            paragraphs += details(round_digest, digest.zone, language, many=len(digest.rounds) > 1)
        if len(digest.rounds) > 1:
            paragraphs.append(text(language, "digest.chart_of", title=digest.rounds[0].round.title))
    paragraphs.append(_section(text(language, "digest.section.deadlines"), lists.deadlines(digest, language)))
    return "\n\n".join(p for p in paragraphs if p.strip())


def details(r: RoundDigest, zone: str, language: str, *, many: bool = False) -> list[str]:
    """One round's details, paragraph by paragraph."""
    head = [words.line(f"━━ {r.round.title} ({words.iso(r.round.slug, language)})", language)] if many else []
    regional = [g for g in r.groups if g.regional]
    others = [g for g in r.groups if not g.regional]
    return [
        *head,
        _section(text(language, "digest.section.groups"), [sections.group_line(g, language) for g in regional]),
        _section(text(language, "digest.section.other_groups"), [sections.group_line(g, language) for g in others])
        if others
        else "",
        _section(sections.changes_heading(r, zone, language), sections.changes(r, zone, language)),
        _section(
            text(language, "digest.section.contested"),
            [text(language, "digest.contested.definition", floor=sections.floor(r)), *sections.contested(r, language)],
        ),
        *_positions(r, language),
        _section(
            text(language, "digest.section.not_started", count=r.overall.not_started), lists.not_started(r, language)
        ),
        _section(text(language, "digest.section.problems"), lists.problems(r, language)),
        *_views(r, language),
        *(_section(*section.written(language)) for section in r.extra),
    ]


def _views(r: RoundDigest, language: str) -> list[str]:
    """Other stakeholders' views, apart from the Member States' positions (counts, no shares)."""
    if r.views is None:
        return []
    lines = [sections.group_line(r.views, language)]
    lines += [
        words.line(
            f"{words.iso(t.ref, language)}: "
            + words.join(
                [
                    f"{words.label(p, language)} {words.iso(t.count(p), language)}"
                    for p in lists.shown_positions(r)
                    if t.count(p)
                ],
                language,
            ),
            language,
        )
        for t in r.view_tallies
        if t.answers
    ]
    return [_section(text(language, "digest.section.views"), lines)]


def _positions(r: RoundDigest, language: str) -> list[str]:
    lines = lists.position_lines(r, language)
    legend = lists.legend(r, language)
    chunks = [lines[i : i + POSITION_LINES] for i in range(0, len(lines), POSITION_LINES)] or [[]]
    heading = text(language, "digest.section.positions")
    return [_section(heading if i == 0 else "", ([legend] if i == 0 else []) + chunk) for i, chunk in enumerate(chunks)]


def _section(heading: str, lines: Sequence[str]) -> str:
    shown = [f"▸ {heading}"] if heading else []
    return "\n".join([*shown, *lines]) if lines else ""
