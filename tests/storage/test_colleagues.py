"""Issue 21 (4): two members of one delegation. A comment, an amendment or a submit applies to what
its author saw, or its author is told what changed and who changed it, and asked again.

Before: the focal point picked Support and was asked for a comment; a colleague picked Oppose; the
focal point's comment ("Norway fully supports this recommendation") was stored on Oppose, credited
to the focal point, who was told only "Comment saved". On SQLite and PostgreSQL.
"""

from __future__ import annotations

from itertools import count

from bot.domain import actions
from bot.domain.model import Identity, IncomingMessage, NewParticipant, Participant, Position, Reply, Role
from bot.engine import Engine
from bot.ports import Deps
from tests.fakes.memory import FixedClock
from tests.storage.conftest import NOW, NewUow, seed

SLUG = "doa-2026"
SUPPORTIVE = "Norway fully supports this recommendation."


class Delegation:
    """Marie (focal point) and Pierre (delegate) of Norway, each in their own chat."""

    def __init__(self, new_uow: NewUow) -> None:
        self.new_uow = new_uow
        self.clock = FixedClock(NOW)
        self.engine = Engine(Deps(new_uow=new_uow, clock=self.clock))
        self.events = count()
        self.people: dict[str, Participant] = {}

    async def join(self) -> None:
        await seed(self.new_uow)
        async with self.new_uow() as uow:
            for name, role in (("Marie", Role.FOCAL_POINT), ("Pierre", Role.DELEGATE)):
                person = await uow.registry.add_participant(NewParticipant(stakeholder="NOR", role=role, name=name))
                await uow.registry.bind_identity(
                    Identity(channel="console", account=name, participant_id=person.id, chat=name)
                )
                self.people[name] = person
            await uow.commit()

    async def send(self, who: str, *, text: str = "", action: str = "") -> list[Reply]:
        self.clock.advance(seconds=30)
        message = IncomingMessage(
            channel="console", account=who, chat=who, text=text, action=action, event_id=f"e{next(self.events)}"
        )
        return await self.engine.handle(message)

    async def pick(self, who: str, ref: str, position: Position) -> list[Reply]:
        return await self.send(who, action=actions.encode("p", SLUG, ref, position))

    async def answer(self, ref: str) -> tuple[Position, str, str, int | None]:
        async with self.new_uow() as uow:
            found = await uow.responses.get(SLUG, "NOR", ref)
        assert found is not None
        return found.position, found.amendment, found.comment, found.participant_id

    async def revisions(self) -> int:
        async with self.new_uow() as uow:
            return len([r for r in await uow.responses.revisions(SLUG) if r.stakeholder == "NOR"])

    async def submissions(self) -> int:
        async with self.new_uow() as uow:
            return await uow.responses.count_submissions(SLUG, "NOR")


def button(replies: list[Reply], label: str) -> str:
    found = [c.action for r in replies for c in r.choices if c.label.lstrip("✓ ").startswith(label)]
    assert found, (label, [c.label for r in replies for c in r.choices])
    return found[-1]


async def test_a_comment_never_lands_on_an_answer_its_author_did_not_see(new_uow: NewUow) -> None:
    nor = Delegation(new_uow)
    await nor.join()
    marie, pierre = nor.people["Marie"], nor.people["Pierre"]

    recorded = await nor.pick("Marie", "R1", Position.SUPPORT)
    asked = await nor.send("Marie", action=button(recorded, "Add a comment on R1"))
    assert [r.key for r in asked] == ["ask.comment"]
    await nor.pick("Pierre", "R1", Position.OPPOSE)  # meanwhile, in Pierre's chat
    revisions = await nor.revisions()

    told = await nor.send("Marie", text=SUPPORTIVE)
    assert told[0].key == "changed.comment"
    assert "Pierre (delegate) changed R1" in told[0].text
    assert "it is now Oppose" in told[0].text
    assert "Your comment was not saved" in told[0].text
    assert SUPPORTIVE in told[0].text  # what she wrote stays in view, to send again
    assert await nor.answer("R1") == (Position.OPPOSE, "", "", pierre.id)
    assert await nor.revisions() == revisions  # nothing written

    # Asked again on the answer as it stands now: her comment goes on Oppose, knowingly.
    await nor.send("Marie", action=button(told, "Add a comment on R1"))
    saved = await nor.send("Marie", text="We note the objection of our colleagues.")
    assert saved[0].key == "comment.saved"
    assert await nor.answer("R1") == (Position.OPPOSE, "", "We note the objection of our colleagues.", marie.id)


async def test_a_comment_form_opened_on_an_old_answer_is_asked_again(new_uow: NewUow) -> None:
    """Slack's modal: the form sends the comment with the button's action, which names what was seen."""
    nor = Delegation(new_uow)
    await nor.join()
    recorded = await nor.pick("Marie", "R1", Position.SUPPORT)
    form_action = button(recorded, "Add a comment on R1")
    await nor.pick("Pierre", "R1", Position.RESERVE)
    told = await nor.send("Marie", action=form_action, text=SUPPORTIVE)
    assert told[0].key == "changed.comment"
    assert (await nor.answer("R1"))[0] is Position.RESERVE
    assert (await nor.answer("R1"))[2] == ""


async def test_an_amendment_applies_to_what_its_author_saw(new_uow: NewUow) -> None:
    nor = Delegation(new_uow)
    await nor.join()
    pierre = nor.people["Pierre"]
    asked = await nor.pick("Marie", "R2", Position.SUPPORT_WITH_AMENDMENTS)
    assert [r.key for r in asked] == ["ask.amendment"]
    assert await nor.revisions() == 0  # nothing stored (nor shown as chosen) before the amendment
    await nor.pick("Pierre", "R2", Position.SUPPORT)
    told = await nor.send("Marie", text="Add 'where national authorities agree'.")
    assert told[0].key == "changed.amendment"
    assert "Pierre (delegate) changed R2" in told[0].text
    assert "Add 'where national authorities agree'." in told[0].text
    assert told[-1].key == "item"  # the recommendation again, to choose on what is stored now
    assert await nor.answer("R2") == (Position.SUPPORT, "", "", pierre.id)

    # Unchanged meanwhile: the amendment is stored with its position, and the tick shows it.
    await nor.pick("Marie", "R2", Position.SUPPORT_WITH_AMENDMENTS)
    saved = await nor.send("Marie", text="Add 'where national authorities agree'.")
    assert saved[0].key == "amendment.saved"
    assert saved[0].confirms == "R2: Support with amendments"
    assert (await nor.answer("R2"))[:2] == (Position.SUPPORT_WITH_AMENDMENTS, "Add 'where national authorities agree'.")


async def test_submit_submits_the_review_its_author_saw(new_uow: NewUow) -> None:
    nor = Delegation(new_uow)
    await nor.join()
    for ref in ("R1", "R2", "R3"):
        await nor.pick("Pierre", ref, Position.SUPPORT)
    review = await nor.send("Marie", text="review")
    await nor.pick("Pierre", "R3", Position.OPPOSE)

    told = await nor.send("Marie", action=button(review, "Submit for Norway"))
    assert told[0].key == "changed.review"
    assert "latest change: R3, now Oppose, by Pierre (delegate)" in told[0].text
    assert "Nothing was submitted" in told[0].text
    assert await nor.submissions() == 0
    assert told[-1].key == "review"

    # A typed "submit" right after a review is held to that review too.
    await nor.pick("Pierre", "R2", Position.RESERVE)
    assert (await nor.send("Marie", text="submit"))[0].key == "changed.review"
    assert await nor.submissions() == 0

    again = await nor.send("Marie", text="review")
    receipt = await nor.send("Marie", action=button(again, "Submit for Norway"))
    assert receipt[0].key == "receipt"
    async with new_uow() as uow:
        submitted = await uow.responses.submission(SLUG, "NOR")
    assert submitted is not None
    assert [a.position for a in submitted.answers] == [Position.SUPPORT, Position.RESERVE, Position.OPPOSE]


async def test_no_position_on_the_rest_is_confirmed_on_what_was_unanswered(new_uow: NewUow) -> None:
    """The confirmation names the unanswered items; if a colleague answers one before the press,
    nothing is marked or submitted, and the review is shown again."""
    nor = Delegation(new_uow)
    await nor.join()
    await nor.pick("Marie", "R1", Position.SUPPORT)
    offer = await nor.send("Marie", text="submit")
    assert offer[0].key == "submit.unanswered"
    assert "R2, R3" in offer[0].text
    await nor.pick("Pierre", "R2", Position.OPPOSE)
    told = await nor.send("Marie", action=button(offer, "Mark 2 “No position” and submit"))
    assert told[0].key == "changed.review"
    assert await nor.submissions() == 0
    assert (await nor.answer("R2"))[0] is Position.OPPOSE

    offer = await nor.send("Marie", text="submit")
    assert "R3." in offer[0].text
    receipt = await nor.send("Marie", action=button(offer, "Mark 1 “No position” and submit"))
    assert receipt[0].key == "receipt"
    assert (await nor.answer("R3"))[0] is Position.NO_POSITION
    assert (await nor.answer("R2"))[0] is Position.OPPOSE
