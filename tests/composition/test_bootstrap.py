"""The composition root: the whole app built from fakes through `bootstrap`, and the channel table."""

from __future__ import annotations

import main
from bot.domain.model import TERMINAL, Identity, IncomingMessage, NewParticipant, Role
from config.settings import load_settings
from tests.fakes import FixedClock, MemoryStore
from tests.unit.conftest import STAKEHOLDERS, sample_round, texts

TELEGRAM = {"CONSULTBOT_TELEGRAM_TOKEN": "123456:TEST-token"}
SLACK = {"CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-1", "CONSULTBOT_SLACK_SIGNING_SECRET": "s3cret"}


async def seeded_store() -> tuple[MemoryStore, int]:
    store = MemoryStore()
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(sample_round(items=2))
        person = await uow.registry.add_participant(NewParticipant(stakeholder="FRA", role=Role.FOCAL_POINT))
        await uow.registry.bind_identity(Identity(channel="console", account="t", participant_id=person.id, chat="t"))
        await uow.commit()
    return store, person.id


async def test_bootstrap_wires_the_whole_app_on_fakes_and_a_dialogue_runs() -> None:
    """No database, no network: the engine, coordination and clock come from `bootstrap` alone."""
    store, _ = await seeded_store()
    clock = FixedClock()
    app = main.bootstrap(load_settings({}), new_uow=store.uow, clock=clock)

    def say(text: str = "", action: str = "", n: list[int] = [0]) -> IncomingMessage:  # noqa: B006
        n[0] += 1
        return IncomingMessage(
            channel="console", capabilities=TERMINAL, account="t", chat="t", text=text, action=action, event_id=str(n)
        )

    first = await app.engine.handle(say("continue"))
    assert "1 of 2" in texts(first)
    pressed = await app.engine.handle(say(action=next(c.action for r in first for c in r.choices)))
    assert "R1 recorded: Support" in texts(pressed)
    asked = await app.engine.handle(say(action=pressed[0].choices[0].action))  # add a comment on R1
    # A terminal is asked for a comment in its own words: an empty line goes on.
    assert "empty line" in texts(asked)
    assert app.clock is clock
    assert await app.health()


async def test_a_chat_is_offered_a_button_where_a_terminal_is_told_of_an_empty_line() -> None:
    """The core words the comment prompt by the channel's capabilities, never by its name."""
    store, _ = await seeded_store()
    app = main.bootstrap(load_settings({}), new_uow=store.uow, clock=FixedClock())
    first = await app.engine.handle(IncomingMessage(channel="console", account="t", chat="t", text="continue"))
    pressed = await app.engine.handle(
        IncomingMessage(channel="console", account="t", chat="t", action=first[-1].choices[0].action, event_id="2")
    )
    asked = await app.engine.handle(
        IncomingMessage(channel="console", account="t", chat="t", action=pressed[0].choices[0].action, event_id="3")
    )
    assert "empty line" not in texts(asked)
    assert "or continue" in texts(asked)


def test_the_channel_table_builds_exactly_the_configured_channels() -> None:
    """A channel is one entry: the settings turn it on; console (terminal pushes) and web (the pages,
    served by the HTTP server) are always there."""
    store = MemoryStore()
    engine = main.bootstrap(load_settings({}), new_uow=store.uow).engine
    assert list(main.build_channels(load_settings({}), engine)) == ["console", "web"]
    both = main.build_channels(load_settings({**TELEGRAM, **SLACK}), engine)
    assert list(both) == ["console", "telegram", "slack", "web"]
    assert [entry.name for entry in main.CHANNELS] == ["console", "telegram", "slack", "email", "web"]
    mail = {"CONSULTBOT_SMTP_URL": "smtp://consult:pw@smtp.un.example:587", "CONSULTBOT_MAIL_FROM": "c@un.example"}
    assert list(main.build_channels(load_settings(mail), engine)) == ["console", "email", "web"]
    assert main.CHANNELS[3].describe(load_settings(mail)) == "email (smtp.un.example:587 (STARTTLS) as consult)"
    assert main.CHANNELS[1].describe(load_settings(TELEGRAM)) == "telegram (polling)"
