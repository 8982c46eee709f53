"""The digest's figures as a JSON-ready dict (`consultbot digest --format json`), for scripts."""

from __future__ import annotations

from typing import Any

from bot.records.digest_values import POSITIONS, Change, Coverage, Digest, RoundDigest, Tally


def figures(digest: Digest) -> dict[str, Any]:
    """Every figure of the digest; times in ISO 8601 (UTC)."""
    return {
        "at": digest.at.isoformat(),
        "zone": digest.zone,
        "quiet": digest.quiet,
        "rounds": [round_figures(r) for r in digest.rounds],
        "upcoming": [
            {"slug": u.slug, "title": u.title, "opens": u.opens.isoformat() if u.opens else None}
            for u in digest.upcoming
        ],
    }


def round_figures(r: RoundDigest) -> dict[str, Any]:
    """One round's figures."""
    c = r.changes
    return {
        "slug": r.round.slug,
        "title": r.round.title,
        "status": r.round.status.value,
        "mode": r.round.mode.value,
        "deadline": r.round.deadline.isoformat(),
        "next_reminder": r.next_reminder.isoformat() if r.next_reminder else None,
        "coverage": _coverage(r.overall),
        "unsubmitted": r.unsubmitted,
        "groups": [{"group": g.group, "regional": g.regional, **_coverage(g)} for g in r.groups],
        "positions": [_tally(t) for t in r.tallies],
        "contested": [_tally(t) for t in r.contested],
        "changes": {
            "since": c.since.isoformat() if c.since else None,
            "quiet": c.quiet,
            "submitted": [_change(r, s) for s in c.submitted],
            "resubmitted": [_change(r, s) for s in c.resubmitted],
            "started": list(c.started),
            "answers": c.answers,
            "positions": c.positions,
            "comments": c.comments,
            "shifts": [
                {"ref": s.ref, **{p.value: d for p, d in zip(POSITIONS, s.deltas, strict=True) if d}} for s in c.shifts
            ],
            "latest": [_change(r, change) for change in c.latest],
        },
        "not_started": [{"group": group, "delegations": list(names)} for group, names in r.not_started],
        "nobody_to_reach": list(r.nobody),
        "unreachable": [
            {"stakeholder": u.stakeholder, "participant": u.participant, "channel": u.channel} for u in r.unreachable
        ],
        "dead_deliveries": dict(r.dead),
        # Other stakeholders' views, counted apart from the Member States' positions above.
        "views": {
            "coverage": _coverage(r.views) if r.views else None,
            "positions": [_tally(t) for t in r.view_tallies],
        },
        "sections": [
            {"heading": heading, "lines": list(lines)} for heading, lines in (x.written("en") for x in r.extra)
        ],
    }


def _coverage(c: Coverage) -> dict[str, int]:
    return {"total": c.total, "submitted": c.submitted, "in_progress": c.in_progress, "not_started": c.not_started}


def _tally(t: Tally) -> dict[str, Any]:
    return {
        "ref": t.ref,
        "title": t.title,
        **{p.value: n for p, n in zip(POSITIONS, t.counts, strict=True)},
        "answers": t.answers,
        "dissent": t.dissent,
        "share": round(t.share, 4),
    }


def _change(r: RoundDigest, change: Change) -> dict[str, Any]:
    found: dict[str, Any] = {
        "kind": change.kind.value,
        "at": change.at.isoformat(),
        "stakeholder": change.stakeholder,
        "name": r.name(change.stakeholder),
    }
    if change.ref:
        found["ref"] = change.ref
    if change.before or change.after:
        found["before"] = change.before.value if change.before else None
        found["after"] = change.after.value if change.after else None
    if change.comment:
        found["comment"] = change.comment
    return found
