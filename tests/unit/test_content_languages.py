"""The consultation's own text in the reader's language; answers stay in the language they were written in."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.model import (
    Identity,
    ItemTranslation,
    NewParticipant,
    Participant,
    Provenance,
    Role,
    Round,
    RoundTranslation,
)
from bot.engine import Engine
from bot.i18n.content import coverage, localize, localized, round_text
from bot.outreach import pushes
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.unit.conftest import STAKEHOLDERS, START, World, sample_round

ARABIC_R1 = ItemTranslation(language="ar", title="فريق واحد للأمم المتحدة", text="قائد واحد وبرنامج واحد.")


def six_language_round() -> Round:
    """Four recommendations: French official for all, Arabic unofficial for R1 only, nothing in Russian."""
    base = sample_round()
    items = list(base.recommendations)
    items = [
        replace(
            item,
            translations=(
                ItemTranslation(language="fr", title=f"Recommandation {n}", text=f"Texte de R{n}."),
                *(
                    (ItemTranslation(language="ar", title="فريق واحد للأمم المتحدة", text="قائد واحد وبرنامج واحد."),)
                    if n == 1
                    else ()
                ),
            ),
        )
        for n, item in enumerate(items, start=1)
    ]
    return replace(
        base,
        recommendations=tuple(items),
        translations=(
            RoundTranslation(
                language="fr",
                status=Provenance.OFFICIAL,
                title="Unis dans l'action",
                sections=(("Country level", "Au niveau des pays"),),
            ),
            RoundTranslation(language="ar", status=Provenance.UNOFFICIAL, title="توحيد الأداء"),
        ),
    )


async def world_of(round_: Round) -> World:
    store, clock = MemoryStore(), FixedClock(START)
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(round_)
        await uow.commit()
    return World(store=store, clock=clock, engine=Engine(Deps(new_uow=store.uow, clock=clock)))


async def speaker(world: World, stakeholder: str, language: str) -> Participant:
    async with world.uow() as uow:
        person = await uow.registry.add_participant(
            NewParticipant(stakeholder=stakeholder, role=Role.DELEGATE, language=language, name=stakeholder)
        )
        account = f"{stakeholder.lower()}-{language}"
        await uow.registry.bind_identity(
            Identity(channel="console", account=account, participant_id=person.id, chat=account)
        )
        await uow.commit()
    return person


class TestTheReaderSeesTheirLanguage:
    async def test_a_french_delegate_reads_the_official_french_text_without_a_notice(self) -> None:
        world = await world_of(six_language_round())
        fra = await speaker(world, "FRA", "fr")
        (item,) = await world.say(fra, "start")
        assert item.title == "R1 · Recommandation 1"
        assert "Texte de R1." in item.text
        assert "Au niveau des pays" in item.text
        assert "Text of R1." not in item.text
        assert "traduction" not in item.text.lower()

    async def test_the_review_and_the_receipt_name_the_round_in_the_readers_language(self) -> None:
        world = await world_of(six_language_round())
        fra = await speaker(world, "FRA", "fr")
        replies = await world.say(fra, "start")
        for _ in range(4):  # one tap per answer: the next recommendation comes at once
            replies = await world.say(fra, action=replies[-1].choices[0].action)  # the first position
        review = next(r for r in replies if r.key == "review")
        assert "Unis dans l'action" in review.title
        assert "Recommandation 1" in review.text
        assert "Delivering as One" not in review.title + review.text

    async def test_an_arabic_delegate_is_told_the_translation_is_unofficial(self) -> None:
        world = await world_of(six_language_round())
        nga = await speaker(world, "NGA", "ar")
        (item,) = await world.say(nga, "start")
        # The ref is isolated and the line opens right to left (a right-to-left mark), as every Arabic title.
        assert item.title == "\u200f\u2068R1\u2069 · فريق واحد للأمم المتحدة"
        assert "قائد واحد وبرنامج واحد." in item.text
        shown = localized(six_language_round(), six_language_round().recommendations[0], "ar")
        assert shown.notice
        assert shown.notice in item.text
        assert len(shown.notice.splitlines()) == 1

    def test_a_missing_translation_falls_back_to_the_original_with_one_line(self) -> None:
        round_ = six_language_round()
        second = localized(round_, round_.recommendations[1], "ar")
        assert second.title == "Recommendation 2"
        assert second.text == "Text of R2."
        assert second.notice
        assert second.notice != localized(round_, round_.recommendations[0], "ar").notice
        russian = localized(round_, round_.recommendations[0], "ru")
        assert russian.text == "Text of R1."
        assert russian.notice
        assert "английск" in russian.notice  # the original's language, named in Russian

    def test_the_original_language_has_no_notice(self) -> None:
        round_ = six_language_round()
        assert localized(round_, round_.recommendations[0], "en").notice == ""
        assert round_text(round_, "en").title == "Delivering as One"
        assert round_text(round_, "fr").title == "Unis dans l'action"
        assert round_text(round_, "fr").notice == ""
        assert round_text(round_, "zh").title == "Delivering as One"
        assert round_text(round_, "zh").notice

    def test_a_localized_round_keeps_its_refs_and_order(self) -> None:
        round_ = six_language_round()
        french = localize(round_, "fr")
        assert [r.ref for r in french.recommendations] == [r.ref for r in round_.recommendations]
        assert french.title == "Unis dans l'action"
        assert french.recommendations[0].section == "Au niveau des pays"
        assert localize(round_, "en") is round_

    def test_coverage_per_language(self) -> None:
        found = {c.language: c for c in coverage(six_language_round(), ("ar", "en", "fr", "ru"))}
        assert (found["en"].status, found["en"].items) == ("original", 4)
        assert (found["fr"].status, found["fr"].items, found["fr"].missing) == ("official", 4, ())
        assert (found["ar"].status, found["ar"].items, found["ar"].missing) == ("unofficial", 1, ("R2", "R3", "R4"))
        assert (found["ru"].status, found["ru"].items) == ("missing", 0)


class TestPushesNameTheRoundInTheReadersLanguage:
    def test_invitation_and_reminder(self) -> None:
        round_ = six_language_round()
        france = STAKEHOLDERS[0]
        french = Participant(id=1, stakeholder="FRA", role=Role.DELEGATE, language="fr")
        russian = Participant(id=2, stakeholder="FRA", role=Role.DELEGATE, language="ru")
        assert "Unis dans l'action" in pushes.invitation_reply(round_, france, french).title
        assert "Unis dans l'action" in pushes.reminder_reply(round_, france, french, 2).title
        assert "Delivering as One" in pushes.invitation_reply(round_, france, russian).title  # no Russian given


class TestAnswersKeepTheirLanguage:
    async def test_each_comment_records_the_language_it_was_written_in(self) -> None:
        """A French delegate comments in French; a position change by an English colleague keeps "fr";
        a new comment by the colleague is English."""
        world = await world_of(six_language_round())
        french = await speaker(world, "FRA", "fr")
        english = await speaker(world, "FRA", "en")
        replies = await world.say(french, "start")
        replies = await world.say(french, action=replies[0].choices[0].action)  # Soutien
        comment = next(c.action for r in replies for c in r.choices if c.action.startswith("cm:"))
        await world.say(french, action=comment)  # "Add a comment" on the answer just recorded
        await world.say(french, "Nous appuyons cette recommandation.")
        answer = next(r for k, r in world.store.state.responses.items() if k[1] == "FRA" and k[2] == "R1")
        assert answer.language == "fr"

        replies = await world.say(english, "start")  # R2, the first unanswered
        replies = await world.press(english, "Back", replies)  # R1
        replies = await world.press(english, "Oppose", replies)
        answer = next(r for k, r in world.store.state.responses.items() if k[1] == "FRA" and k[2] == "R1")
        assert answer.comment == "Nous appuyons cette recommandation."
        assert answer.language == "fr"
        comment = next(c.action for r in replies for c in r.choices if c.action.startswith("cm:"))
        await world.say(english, action=comment)  # "Change the comment"
        await world.say(english, "We now oppose it.")
        answer = next(r for k, r in world.store.state.responses.items() if k[1] == "FRA" and k[2] == "R1")
        assert answer.language == "en"
        revisions = [r.language for r in world.store.state.revisions if r.stakeholder == "FRA"]
        assert revisions == ["", "fr", "fr", "en"]  # a bare position has no words, hence no language
