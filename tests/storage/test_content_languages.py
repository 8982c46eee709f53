"""The round's own text in six languages and the language of each answer, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.model import (
    ItemTranslation,
    Position,
    Provenance,
    Response,
    Revision,
    Round,
    RoundTranslation,
    Submission,
    SubmittedAnswer,
)
from tests.storage.conftest import NOW, NewUow, sample_round, seed


def translated_round() -> Round:
    base = sample_round()
    first, *rest = base.recommendations
    first = replace(
        first,
        translations=(
            ItemTranslation(language="ar", title="فريق واحد", text="قائد واحد، برنامج واحد."),
            ItemTranslation(language="zh", title="一个联合国团队", text="一个领导，一个方案。"),
        ),
    )
    return replace(
        base,
        recommendations=(first, *rest),
        translations=(
            RoundTranslation(
                language="ar",
                status=Provenance.UNOFFICIAL,
                title="توحيد الأداء",
                description="مشاورة غير رسمية.",
                sections=(("I. Country level", "أولا. على المستوى القطري"),),
            ),
            RoundTranslation(language="zh", status=Provenance.OFFICIAL, title="一体行动"),
        ),
    )


class TestTranslationsAreStored:
    async def test_a_round_with_translations_round_trips(self, new_uow: NewUow) -> None:
        round_ = translated_round()
        async with new_uow() as uow:
            await uow.rounds.add(round_)
            await uow.commit()
        async with new_uow() as uow:
            stored = await uow.rounds.get(round_.slug)
            listed = await uow.rounds.list()
        assert stored == round_
        assert listed == [round_]
        assert stored is not None
        assert stored.translation("ar").section("I. Country level") == "أولا. على المستوى القطري"  # type: ignore[union-attr]

    async def test_a_round_without_translations_is_english_and_bare(self, new_uow: NewUow) -> None:
        async with new_uow() as uow:
            await uow.rounds.add(sample_round("bare"))
            await uow.commit()
        async with new_uow() as uow:
            stored = await uow.rounds.get("bare")
        assert stored is not None
        assert stored.language == "en"
        assert stored.translations == ()


class TestAnswersKeepTheirLanguage:
    async def test_the_language_of_a_draft_a_revision_and_a_submission(self, new_uow: NewUow) -> None:
        people = await seed(new_uow)
        kenya = people["KEN"].id
        response = Response(
            round="doa-2026", stakeholder="KEN", ref="R1", position=Position.SUPPORT_WITH_AMENDMENTS,
            amendment="Ajouter « avec l'accord des autorités nationales ».", comment="", participant_id=kenya,
            channel="console", updated_at=NOW, language="fr",
        )  # fmt: skip
        revision = Revision(
            round="doa-2026", stakeholder="KEN", ref="R1", position=response.position, amendment=response.amendment,
            comment="", participant_id=kenya, channel="console", at=NOW, language="fr",
        )  # fmt: skip
        async with new_uow() as uow:
            await uow.responses.save(response, revision)
            await uow.responses.add_submission(
                Submission(
                    round="doa-2026",
                    stakeholder="KEN",
                    receipt="DOA-KEN-01",
                    participant_id=kenya,
                    channel="console",
                    answered=1,
                    at=NOW,
                    answers=(
                        SubmittedAnswer(
                            ref="R1", position=response.position, amendment=response.amendment, language="fr"
                        ),
                    ),
                )
            )
            await uow.commit()
        async with new_uow() as uow:
            assert (await uow.responses.get("doa-2026", "KEN", "R1")).language == "fr"  # type: ignore[union-attr]
            assert [r.language for r in await uow.responses.revisions("doa-2026", "KEN")] == ["fr"]
            submitted = await uow.responses.submission("doa-2026", "KEN")
        assert submitted is not None
        assert submitted.answers[0].language == "fr"
