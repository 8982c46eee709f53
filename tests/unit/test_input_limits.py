"""What a channel's input can carry is what the core accepts from it, and what "too long" says."""

from __future__ import annotations

from bot.domain.model import Identity, IncomingMessage, NewParticipant, Reply, Role
from tests.unit.conftest import World


async def slack_delegate(world: World) -> None:
    async with world.uow() as uow:
        person = await uow.registry.add_participant(NewParticipant(stakeholder="FRA", role=Role.DELEGATE, name="Ana"))
        await uow.registry.bind_identity(Identity(channel="slack", account="U1", participant_id=person.id, chat="D1"))
        await uow.commit()


async def say(world: World, channel: str, account: str, text: str = "", action: str = "") -> list[Reply]:
    message = IncomingMessage(
        channel=channel, account=account, chat=account, text=text, action=action, event_id=f"e{next(world.events)}"
    )
    return await world.engine.handle(message)


async def test_slack_comments_stop_at_3000_characters_and_the_message_says_so(world: World) -> None:
    """A Slack plain_text_input holds 3,000 characters: the prompt, the check and the refusal agree on it."""
    await slack_delegate(world)
    await say(world, "slack", "U1", "start")
    replies = await say(world, "slack", "U1", "support")
    replies = await say(world, "slack", "U1", action=replies[0].choices[0].action)  # Add a comment on R1
    ask = next(r for r in replies if r.key == "ask.comment")
    assert ask.max_length == 3000
    refused = await say(world, "slack", "U1", "x" * 3001)
    assert [r.key for r in refused] == ["error.too_long"]
    assert "3000" in refused[0].text.replace(",", "")
    accepted = await say(world, "slack", "U1", "x" * 3000)
    assert "comment.saved" in [r.key for r in accepted]


async def test_other_channels_keep_the_4000_character_limit(world: World) -> None:
    fra = await world.person("FRA")
    await world.say(fra, "start")
    replies = await world.say(fra, "support")
    replies = await world.say(fra, action=replies[0].choices[0].action)  # Add a comment on R1
    assert next(r for r in replies if r.key == "ask.comment").max_length == 4000
    assert "comment.saved" in [r.key for r in await world.say(fra, "x" * 3500)]
