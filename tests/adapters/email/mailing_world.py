"""193 delegations, 250 addresses, a round, the real database and a real SMTP server: shared by the e-mail tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.email import EmailSender, SmtpConfig, SmtpPool
from adapters.registryfile import load_registry
from bot.coordinator import rounds as coordination
from bot.coordinator.contacts import ContactLine, import_contacts
from bot.delivery.dispatch import DispatchPolicy, Outcome, dispatch_due
from bot.domain.model import Actor, Recommendation, Round
from bot.ports import Deps, UnitOfWork
from tests.fakes.memory import FixedClock

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "config" / "registry" / "stakeholders.yaml"
ZONES = ("Europe/Paris", "Asia/Tokyo", "America/New_York", "Africa/Nairobi", "Pacific/Auckland", "America/Lima")
OPERATOR = Actor.operator("test")
CODE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){6}\b")


def contact_lines(addresses: int = 250) -> list[ContactLine]:
    """One focal point for each Member State, then a second delegate for the first ones, up to `addresses`."""
    states = sorted(s.code for s in load_registry(REGISTRY) if s.kind == "member_state")
    assert len(states) == 193
    lines = []
    for n in range(addresses):
        code = states[n % len(states)]
        second = n >= len(states)
        lines.append(
            ContactLine(
                line=n + 2,
                stakeholder=code,
                name=f"{'Delegate' if second else 'Focal point'} of {code}",
                email=f"{'delegate' if second else 'focal'}.{code.lower()}@mission.example",
                role="delegate" if second else "focal_point",
                timezone=ZONES[n % len(ZONES)],
            )
        )
    return lines


def sample_round(now: datetime) -> Round:
    """A round open to every Member State, deadline four weeks on."""
    return Round(
        slug="doa-2027",
        title="Delivering as One: second reading",
        description="Positions of Member States on the Panel's recommendations on country-level coherence.",
        deadline=(now + timedelta(days=28)).replace(hour=22, minute=0, second=0, microsecond=0),
        recommendations=tuple(
            Recommendation(ref=f"R{i}", section="Country level", title=f"Item {i}", text=f"Text {i}.")
            for i in range(1, 4)
        ),
    )


async def set_up(deps: Deps, *, addresses: int = 250) -> Round:
    """The registry, the contacts and a draft round in the database."""
    round_ = sample_round(deps.clock())

    async def load(uow: UnitOfWork, now: datetime) -> None:
        await uow.registry.add_stakeholders(load_registry(REGISTRY))
        await uow.commit()
        await import_contacts(uow, OPERATOR, contact_lines(addresses), now)
        await coordination.create(uow, OPERATOR, round_, now)

    async with deps.new_uow() as uow:
        await load(uow, deps.clock())
        await uow.commit()
    return round_


async def open_round(deps: Deps, slug: str) -> tuple[int, int]:
    """What `consultbot round open` does: open, then invite the contacts by e-mail, in one unit of work."""
    async with deps.new_uow() as uow:
        invited = await coordination.open_round(uow, OPERATOR, slug, deps.clock())
        mailed = await coordination.invite_contacts(uow, deps, OPERATOR, slug, deps.clock())
        await uow.commit()
    return invited, mailed


def email_sender(url: str) -> EmailSender:
    return EmailSender(SmtpPool(SmtpConfig.from_url(url)), mail_from="UN Consultations <consult@un.example>")


@dataclass
class Drain:
    """Dispatch until nothing is left to send, moving the clock on past each back-off."""

    deps: Deps
    clock: FixedClock
    sender: EmailSender
    engine: AsyncEngine
    policy: DispatchPolicy = field(default_factory=DispatchPolicy)

    async def __call__(self, *, passes: int = 200, tick: Callable[[datetime], None] | None = None) -> Outcome:
        sent = retried = dead = 0
        for _ in range(passes):
            outcome = await dispatch_due(self.deps, self.sender, owner="test", policy=self.policy, batches=10)
            sent, retried, dead = sent + outcome.sent, retried + outcome.retried, dead + outcome.dead
            if not await self.left():
                break
            self.clock.advance(seconds=10)
            if tick is not None:
                tick(self.clock())
        return Outcome(sent=sent, retried=retried, dead=dead)

    async def left(self) -> int:
        """Deliveries not yet sent or given up."""
        async with self.engine.connect() as connection:
            query = text("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')")
            return int((await connection.execute(query)).scalar_one())


def start_clock() -> FixedClock:
    return FixedClock(datetime(2027, 3, 1, 14, 0, tzinfo=UTC))
