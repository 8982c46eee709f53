"""The follow-up on fakes: the track (changes, audit, bad input), audiences by kind, area digests.

Stories: the Secretariat marks a recommendation in progress; the next digest says what moved and
flags it when a third of the Member States' answers oppose it; a typo in a status or a lead refuses
the whole change and stores nothing; a facilitator gets the weekly digest of their own area once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.coordinator import followup
from bot.coordinator import rounds as coordination
from bot.digest import compose
from bot.domain import audience
from bot.domain.errors import BadInput, BadRoundFile, NotAllowed
from bot.domain.model import Actor, Position, Role, Stakeholder
from tests.unit.conftest import World, sample_round

COORDINATOR = Actor(name="Ana (coordinator)", channel="cli", roles=frozenset({Role.COORDINATOR}))
READER = Actor(name="DSG office", channel="cli", roles=frozenset({Role.DIGEST}))
UNDP = Stakeholder(code="UNDP", name="United Nations Development Programme", kind="un_entity",
                   groups=("UN system entities",))  # fmt: skip


async def _track(world: World, actor: Actor, *requests: followup.TrackRequest) -> list[object]:
    async with world.uow() as uow:
        done = await followup.track(uow, actor, requests, world.clock())
        await uow.commit()
    return list(done)


def ask(ref: str = "R1", status: str = "in progress", **more: object) -> followup.TrackRequest:
    return followup.TrackRequest(round="dao", ref=ref, status=status, **more)  # type: ignore[arg-type]


class TestTheTrack:
    async def test_a_change_is_kept_audited_and_moves_in_the_next_digest(self, world: World) -> None:
        async with world.uow() as uow:
            await uow.registry.add_stakeholders([UNDP])
            await uow.commit()
        await _track(world, COORDINATOR, ask(lead="undp", note="Pilots  under way"))
        state = world.store.state
        assert [(e.ref, e.status, e.lead, e.note) for e in state.track] == [
            ("R1", "in progress", "UNDP", "Pilots under way")
        ]
        assert [(a.action, a.target) for a in state.audit] == [("track", "dao R1")]
        async with world.uow() as uow:
            digest = await compose.preview(uow, READER, world.clock(), slug="dao")
        heading, lines = digest.rounds[0].extra[-1].written("en")
        assert heading.startswith("Follow-up track")
        assert any("R1 → in progress (lead UNDP): Pilots under way" in line for line in lines)
        # The same status again changes nothing and is not audited twice.
        assert await _track(world, COORDINATOR, ask(status="In_Progress", note="Pilots under way")) == []
        assert len(state.audit) == len(world.store.state.audit)

    @pytest.mark.parametrize(
        ("request_", "said"),
        [
            (ask(status="finished"), "Unknown status “finished”"),
            (ask(lead="UNXYZ"), "unknown lead entity “UNXYZ”"),
            (ask(ref="R99"), "no recommendation “R99”"),
            (ask(note="x" * 2001), "the note is too long"),
        ],
    )
    async def test_bad_input_is_refused_whole_and_stores_nothing(
        self, world: World, request_: followup.TrackRequest, said: str
    ) -> None:
        with pytest.raises(BadInput) as refused:
            await _track(world, COORDINATOR, request_)
        assert said in str(refused.value.params["reason"])
        assert world.store.state.track == []
        assert world.store.state.audit == []

    async def test_a_file_with_one_bad_line_stores_none_of_them(self, world: World) -> None:
        with pytest.raises(BadRoundFile) as refused:
            await _track(world, COORDINATOR, ask(line=2), ask("R2", "not pursued", line=3), ask("R3", "done", line=4))
        assert [line for line, _ in refused.value.problems] == [4]
        assert world.store.state.track == []

    @pytest.mark.parametrize("role", [Role.DELEGATE, Role.FOCAL_POINT, Role.DIGEST])
    async def test_only_coordinators_change_the_track(self, world: World, role: Role) -> None:
        with pytest.raises(NotAllowed):
            await _track(world, Actor(name="someone", channel="console", roles=frozenset({role})), ask())
        assert world.store.state.track == []

    def test_in_progress_with_a_third_opposed_is_flagged(self) -> None:
        line = followup.TrackLine(ref="R1", section="s", title="t", status="in progress", lead="", note="",
                                  at=None, answers=10, oppose=3)  # fmt: skip
        assert line.flagged
        assert not replace(line, oppose=2).flagged
        assert not replace(line, status="under discussion").flagged
        assert followup.ANSWERS.isdisjoint({Position.NO_OBJECTION})  # silence is no answer


class TestAudiences:
    def test_a_round_may_name_kinds_and_groups(self) -> None:
        states = Stakeholder(code="FRA", name="France", groups=("Western European and Others Group",))
        holy_see = Stakeholder(code="VAT", name="Holy See", kind="observer")
        ngo = Stakeholder(code="NGO1", name="An NGO", kind="ngo", groups=("Civil society",))
        round_ = replace(sample_round(), audience=("member_state", "Civil society"))
        assert [s.code for s in audience.members(round_, [states, holy_see, UNDP, ngo])] == ["FRA", "NGO1"]
        assert audience.unknown_entries(["un_entity", "Civil society", "nobody"], [UNDP, ngo]) == ["nobody"]
        assert [audience.takes_position(s) for s in (states, holy_see, UNDP, ngo)] == [True, True, False, False]


class TestPositionsAndViewsApart:
    async def test_the_digest_counts_the_states_positions_and_the_entities_views_apart(self, world: World) -> None:
        """France and Brazil oppose R1, UNDP too: the positions say 2, the views 1, never 3; no share mixes them."""
        async with world.uow() as uow:
            await uow.registry.add_stakeholders([UNDP])
            await uow.rounds.delete("dao")  # the only open round: "continue" goes straight to it
            await uow.rounds.add(replace(sample_round(slug="mix", items=2), audience=("member_state", "un_entity")))
            await uow.commit()
        for code in ("FRA", "BRA", "UNDP"):
            someone = await world.person(code, Role.FOCAL_POINT)
            await world.say(someone, "continue")
            recorded = await world.say(someone, "oppose")
            await world.press(someone, "Add a comment on R1", recorded[:1])
            for said in ("A comment", "support", "submit mix"):
                await world.say(someone, said)
        async with world.uow() as uow:
            found = (await compose.preview(uow, READER, world.clock(), slug="mix")).rounds[0]
        assert (found.overall.total, found.overall.submitted) == (5, 2)
        assert found.views is not None
        assert (found.views.total, found.views.submitted) == (2, 1)  # UNDP and the Secretariat (kind un_entity)
        r1 = next(t for t in found.tallies if t.ref == "R1")
        v1 = next(t for t in found.view_tallies if t.ref == "R1")
        assert (r1.count(Position.OPPOSE), v1.count(Position.OPPOSE)) == (2, 1)
        assert (found.changes.answers, found.changes.comments) == (4, 2)
        assert {c.stakeholder for c in found.changes.submitted} == {"FRA", "BRA"}


class TestFacilitators:
    async def test_a_round_file_s_facilitators_are_checked_and_stored(self, world: World) -> None:
        round_ = replace(sample_round(slug="fx"), facilitators=(("Country level", "UNDP"), ("Nowhere", "XXX")))
        async with world.uow() as uow:
            with pytest.raises(BadRoundFile) as refused:
                await coordination.create(uow, COORDINATOR, round_, world.clock())
        said = [problem for _, problem in refused.value.problems]
        assert "facilitators: “Nowhere” is not a section of this round" in said
        assert "facilitators: “XXX” is neither a stakeholder code nor an e-mail" in said
        assert "fx" not in world.store.state.rounds

    async def test_the_weekly_area_digest_goes_to_the_facilitator_once(self, world: World) -> None:
        async with world.uow() as uow:
            await uow.registry.add_stakeholders([UNDP])
            await uow.followup.set_facilitators("dao", {"Country level": "UNDP"})
            await uow.commit()
        official = await world.person("UNDP")
        france = await world.person("FRA", Role.FOCAL_POINT)
        await world.say(france, "continue")
        await world.say(france, "support")
        await world.say(france, "Fine with a comment")
        await world.say(france, "question R2 What about the budget?")
        for _ in range(2):  # the same slot twice (a restart): one delivery
            async with world.uow() as uow:
                await followup.area_digests(uow, world.clock(), "slot:2027-03-08T1400Z")
                await uow.commit()
        sent = [d for d in world.store.state.deliveries.values() if d.kind == followup.AREA_DIGEST]
        assert [d.participant_id for d in sent] == [official.id]
        body = sent[0].reply.text
        assert "Member States' positions (5 in the audience)" in body
        assert "Other stakeholders' views (0 in the audience)" in body
        assert "Open questions (1)" in body
        assert "What about the budget?" in body

    async def test_the_scheduled_digest_queues_the_area_digests_once_per_slot(self, world: World) -> None:
        async with world.uow() as uow:
            await uow.registry.add_stakeholders([UNDP])
            await uow.followup.set_facilitators("dao", {"Country level": "UNDP"})
            await uow.commit()
        official = await world.person("UNDP")
        compose_ = compose.composer(slot_of=lambda now: now)
        for _ in range(2):  # the slot's digest run again (a restart, another replica)
            async with world.uow() as uow:
                await compose_(uow, world.clock(), ["en"])
                await uow.commit()
        sent = [d for d in world.store.state.deliveries.values() if d.kind == followup.AREA_DIGEST]
        assert [(d.participant_id, d.reply.key) for d in sent] == [(official.id, "area.digest")]


class TestRegistryFile:
    def test_an_entity_without_a_kind_is_refused_with_its_line(self, tmp_path: Path) -> None:
        from adapters.registryfile import BadRegistryFile, load_registry

        path = tmp_path / "ngos.yaml"
        path.write_text(
            "entities:\n  NGO1: {name: Friends of the UN, kind: ngo, groups: [Civil society]}\n"
            "  NGO2: {name: No kind given, groups: [Civil society]}\n  NGO3: {name: Odd, kind: club}\n",
            encoding="utf-8",
        )
        with pytest.raises(BadRegistryFile) as refused:
            load_registry(path)
        kinds = "one of member_state, observer, un_entity, intergovernmental_body, ngo"
        assert refused.value.problems == [
            (3, f"entity NGO2 needs a kind ({kinds})"),
            (
                4,
                f"entity NGO3: unknown kind “club” ({kinds})",
            ),
        ]

    def test_the_shipped_registry_has_the_un_system_and_the_bodies(self) -> None:
        from adapters.registryfile import load_registry

        shipped = {s.code: s for s in load_registry(Path(__file__).parents[2] / "config/registry/stakeholders.yaml")}
        system = [s for s in shipped.values() if "UN system entities" in s.groups]
        assert len(system) == 30
        assert {s.kind for s in system} == {"un_entity"}
        assert shipped["UNDP"].name == "United Nations Development Programme"
        assert shipped["UN-Women"].groups == ("UN system entities", "Funds and programmes")
        assert shipped["ECOSOC"].kind == "intergovernmental_body"
        assert sum(1 for s in shipped.values() if s.kind == "intergovernmental_body") == 6
        assert sum(1 for s in shipped.values() if s.kind == "member_state") == 193


def test_a_facilitator_named_by_e_mail_is_the_contact_with_that_address() -> None:
    """`facilitators: {"Country level": ana@undp.example}` names the contact imported with that address."""
    from bot.coordinator.followup import facilitates
    from bot.domain.model import Participant, Role

    ana = Participant(id=1, stakeholder="UNDP", role=Role.DELEGATE, name="Ana Silva", email="Ana@UNDP.example")
    assert facilitates(ana, "ana@undp.example")
    assert not facilitates(ana, "someone@undp.example")
    assert facilitates(ana, "UNDP")
    assert not facilitates(ana, "UNICEF")
