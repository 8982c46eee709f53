"""Rich tables and JSON for what coordinators read in the terminal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from bot.coordinator.contacts import LANGUAGES
from bot.domain.model import DelegationState, Round, RoundStatus
from bot.i18n.content import coverage
from bot.i18n.timefmt import zone
from bot.records.status import DelegationRow, RoundReport

STATE_STYLE = {
    DelegationState.SUBMITTED: "green",
    DelegationState.IN_PROGRESS: "yellow",
    DelegationState.NOT_STARTED: "dim",
}


def local(moment: datetime, zone_name: str) -> str:
    """A moment in a round's time zone, with its abbreviation: "Tue 30 Mar 2027, 18:00 EDT"."""
    shown = moment.astimezone(zone(zone_name))
    return f"{shown:%a %d %b %Y}, {shown:%H:%M} {shown.tzname() or zone_name}"


def rounds_table(rounds: list[Round]) -> Table:
    """Every round, one per line: slugs whole (titles and dates wrap), dates in the round's time zone."""
    table = Table(title="Rounds", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("slug", no_wrap=True, min_width=max(len(r.slug) for r in rounds))
    table.add_column("title", ratio=1, min_width=8, overflow="fold")
    table.add_column("state", no_wrap=True)
    table.add_column("items", justify="right", no_wrap=True)
    table.add_column("deadline", min_width=11, overflow="fold")
    for r in rounds:
        # When and by whom a round closed: `round list --json` (closed_at, closed_reason, closed_by).
        state = STATE_WORDS[r.status] + (f" ({r.mode.value})" if r.mode.value != "standard" else "")
        table.add_row(r.slug, r.title, state, str(len(r.recommendations)), local(r.deadline, r.timezone))
    return table


def languages_table(round_: Round) -> Table:
    """How complete the round's own text is in each of the six languages, and whose translation each is.

    A reader whose language is missing or incomplete sees the original there, with a one-line notice.
    """
    table = Table(title="Languages", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("language", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("title", no_wrap=True)
    table.add_column("description", no_wrap=True)
    table.add_column("recommendations", justify="right", no_wrap=True)
    table.add_column("missing", ratio=1, overflow="fold")
    for found in coverage(round_, LANGUAGES):
        missing = ", ".join(found.missing[:6]) + (f" (+{len(found.missing) - 6})" if len(found.missing) > 6 else "")
        table.add_row(
            found.language,
            found.status,
            "yes" if found.title else "—",
            "yes" if found.description else "—",
            f"{found.items}/{found.total}",
            "all" if found.missing and len(found.missing) == found.total else missing,
        )
    return table


#: A round's state as a coordinator says it.
STATE_WORDS = {RoundStatus.DRAFT: "draft", RoundStatus.OPEN: "open", RoundStatus.CLOSED: "closed"}


def round_json(r: Round) -> dict[str, Any]:
    """A round for scripts (`round list --json`): dates in ISO 8601 with their offset; its languages."""
    return {
        "slug": r.slug,
        "title": r.title,
        "status": r.status.value,
        "mode": r.mode.value,
        "recommendations": len(r.recommendations),
        "timezone": r.timezone,
        "deadline": r.deadline.isoformat(),
        "opens": r.opens.isoformat() if r.opens else None,
        "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        "closed_reason": r.closed_reason or None,
        "closed_by": r.closed_by or None,
        "language": r.language,
        # Each further language of the round's own text, and whose translation it is.
        "translations": {t.language: t.status.value for t in r.translations},
    }


def print_report(out: Console, report: RoundReport) -> None:
    """The coordinator's view: delegations, groups, and delivery problems."""
    r = report.round
    out.print(f"[bold]{r.title}[/bold]  ({r.slug}, {r.status.value}, deadline {local(r.deadline, r.timezone)})")
    totals = {state: report.count(state) for state in DelegationState}
    views = {state: report.count(state, views=True) for state in DelegationState}
    if report.total(views=True):
        out.print(
            f"Other stakeholders (views, counted apart): {views[DelegationState.SUBMITTED]} submitted · "
            f"{views[DelegationState.IN_PROGRESS]} in progress · {views[DelegationState.NOT_STARTED]} not started · "
            f"{report.total(views=True)} stakeholders"
        )
    out.print(
        ("Member States' positions: " if report.total(views=True) else "")
        + f"{totals[DelegationState.SUBMITTED]} submitted · {totals[DelegationState.IN_PROGRESS]} in progress · "
        f"{totals[DelegationState.NOT_STARTED]} not started · {report.total()} delegations"
        + (
            f" · [yellow]{report.changed_since_submission} changed since submitting[/yellow]"
            if report.changed_since_submission
            else ""
        )
    )
    groups = Table(title="By group", title_justify="left")
    for column in ("group", "delegations", "submitted", "in progress", "not started", "coverage"):
        groups.add_column(column, justify="left" if column == "group" else "right")
    for g in report.groups:
        share = g.submitted / g.total if g.total else 0
        groups.add_row(g.group, str(g.total), str(g.submitted), str(g.in_progress), str(g.not_started), _bar(share))
    out.print(groups)
    for title, views_ in (("Delegations (positions)", False), ("Other stakeholders (views)", True)):
        rows = [d for d in report.delegations if d.takes_position is not views_]
        if rows or not views_:
            _delegations(out, title, rows)
    _problems(out, report)


def _delegations(out: Console, title: str, rows: list[DelegationRow]) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("code", "delegation", "state", "answered", "receipt", "participants"):
        table.add_column(column, justify="right" if column in ("answered", "participants") else "left")
    for d in rows:
        style = STATE_STYLE[d.state]
        state = f"[{style}]{d.state.value}[/{style}]"
        if d.changed_since_submission:
            state += " [bold yellow]· changed since[/bold yellow]"
        table.add_row(
            d.stakeholder,
            d.name + (" (observer)" if d.kind == "observer" else ""),
            state,
            f"{d.answered} of {d.total}",
            d.receipt or "-",
            f"{d.reachable}/{d.participants}" if d.participants else "-",
        )
    out.print(table)


def _problems(out: Console, report: RoundReport) -> None:
    if report.unreachable or report.dead_deliveries or report.stranded:
        problems = Table(title="Delivery problems", title_justify="left")
        for column in ("who", "channel", "problem"):
            problems.add_column(column)
        for u in report.unreachable:
            problems.add_row(f"{u.participant} ({u.stakeholder})", u.channel, "unreachable")
        for d in report.dead_deliveries:
            problems.add_row(d.address.chat, d.address.channel, f"{d.kind} failed: {d.last_error[:80]}")
        for s in report.stranded:
            who = f"{s.participant} ({s.stakeholder})" if s.stakeholder else s.participant
            waiting = f"{len(s.kinds)} waiting ({', '.join(sorted(set(s.kinds)))}): {s.channel} is not configured"
            problems.add_row(who, s.channel, f"{waiting}; {s.remedy}")
        out.print(problems)


def report_json(report: RoundReport) -> dict[str, Any]:
    """The status as a JSON-ready object (`delegations` items: stakeholder, state, answered, total)."""
    r = report.round
    return {
        "round": r.slug,
        "title": r.title,
        "status": r.status.value,
        "deadline": r.deadline.isoformat(),
        # Member States (and observers, marked by their kind) take positions; other stakeholders
        # give views: counted apart, never added together.
        "totals": {state.value: report.count(state) for state in DelegationState},
        "delegations_total": report.total(),
        "other_stakeholders": {
            "totals": {state.value: report.count(state, views=True) for state in DelegationState},
            "total": report.total(views=True),
        },
        "changed_since_submission": report.changed_since_submission,
        "delegations": [
            {
                "stakeholder": d.stakeholder,
                "name": d.name,
                "groups": list(d.groups),
                "state": d.state.value,
                "answered": d.answered,
                "total": d.total,
                "participants": d.participants,
                "reachable": d.reachable,
                "receipt": d.receipt or None,
                "submitted_at": d.submitted_at.isoformat() if d.submitted_at else None,
                "submitted_by": d.submitted_by or None,
                "changed_since_submission": d.changed_since_submission,
                "kind": d.kind,
                "voice": "position" if d.takes_position else "view",
            }
            for d in report.delegations
            if d.takes_position
        ],
        "other_stakeholders_delegations": [
            {
                "stakeholder": d.stakeholder,
                "name": d.name,
                "kind": d.kind,
                "groups": list(d.groups),
                "state": d.state.value,
                "answered": d.answered,
                "total": d.total,
                "receipt": d.receipt or None,
                "submitted_at": d.submitted_at.isoformat() if d.submitted_at else None,
                "voice": "view",
            }
            for d in report.delegations
            if not d.takes_position
        ],
        "groups": [
            {
                "group": g.group,
                "total": g.total,
                "submitted": g.submitted,
                "in_progress": g.in_progress,
                "not_started": g.not_started,
            }
            for g in report.groups
        ],
        "unreachable": [
            {"stakeholder": u.stakeholder, "participant": u.participant, "channel": u.channel}
            for u in report.unreachable
        ],
        # Deliveries waiting for a channel that is no longer configured, with what to do.
        "waiting_for_unconfigured_channel": [
            {
                "stakeholder": s.stakeholder or None,
                "participant": s.participant,
                "channel": s.channel,
                "waiting": len(s.kinds),
                "kinds": sorted(set(s.kinds)),
                "what_to_do": s.remedy,
            }
            for s in report.stranded
        ],
        "dead_deliveries": [
            {"kind": d.kind, "channel": d.address.channel, "chat": d.address.chat, "error": d.last_error}
            for d in report.dead_deliveries
        ],
    }


def _bar(share: float, width: int = 10) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled) + f" {share:4.0%}"
