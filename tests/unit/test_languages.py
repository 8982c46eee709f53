"""Each person reads their own language: the sample round's dialogue in six languages, plurals, dates,
right-to-left isolates, pushes in each recipient's language, and a bad language code changing nothing."""

from __future__ import annotations

import copy
import string
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

import polib
import pytest

from adapters.roundfile import load_round_file
from bot.domain.model import IncomingMessage, Participant, Position, Reply, Role, Round, RoundStatus, Stakeholder
from bot.engine import Engine
from bot.i18n import formats, translations
from bot.i18n.catalogue import EN, position_label, text
from bot.i18n.content import localize
from bot.i18n.timefmt import when_both
from bot.outreach import joining, pushes
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.language_support import FSI, PDI, TRANSLATED, english_left, needs_catalogue, scratch_catalogues
from tests.unit.conftest import STAKEHOLDERS, START, World

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = load_round_file(ROOT / "config" / "rounds" / "a61-583.yaml").round
JOINED: dict[str, list[Reply]] = {}
ARABIC_STATES = [Stakeholder(code="SAU", name="Saudi Arabia", groups=("Asia-Pacific Group",))]


@pytest.fixture
async def sample(clock: FixedClock) -> World:
    """The sample round A/61/583, open, and the unit world's delegations (plus Saudi Arabia)."""
    store = MemoryStore()
    async with store.uow() as uow:
        await uow.registry.add_stakeholders([*STAKEHOLDERS, *ARABIC_STATES])
        await uow.rounds.add(_open(SAMPLE))
        await uow.commit()
    return World(store=store, clock=clock, engine=Engine(Deps(new_uow=store.uow, clock=clock)))


def _open(round_: Round) -> Round:
    return replace(round_, status=RoundStatus.OPEN, opens=START - timedelta(days=1))


async def joined(world: World, stakeholder: str, *, language: str = "", locale: str = "", account: str = "") -> str:
    """A focal point invited (with `language` when given) who joins in the terminal; returns the account
    (the replies to joining are kept in `JOINED[account]`)."""
    async with world.uow() as uow:
        issued = await joining.issue(
            uow, world.engine.deps, stakeholder=stakeholder, role=Role.FOCAL_POINT, name="Amal", language=language
        )
        await uow.commit()
    account = account or f"{stakeholder.lower()}-{issued.participant.id}"
    message = IncomingMessage(
        channel="console", account=account, chat=account, text=f"join {issued.code}", event_id=f"j{account}",
        locale=locale,
    )  # fmt: skip
    JOINED[account] = await world.engine.handle(message)
    return account


def participant(world: World, account: str) -> Participant:
    identity = world.store.state.identities[("console", account)]
    return world.store.state.participants[identity.participant_id]


def shown(replies: list[Reply]) -> str:
    """Everything a reader sees of the replies: titles, texts and button labels."""
    return "\n".join(f"{r.title}\n{r.text}\n" + "\n".join(c.label for c in r.choices) for r in replies)


def content(language: str = "en") -> list[str]:
    """The round's own text (as the reader is shown it: translated where the round file is) and the
    names shown as they are (not the catalogue's)."""
    values = [SAMPLE.title, SAMPLE.description, SAMPLE.document, "Amal", "New York", "America/New_York"]
    for round_ in (SAMPLE, localize(SAMPLE, language)):
        values += [round_.title, round_.description]
        for item in round_.recommendations:
            values += [item.ref, item.title, item.text, item.section]
    return values


# -- the dialogue in six languages ---------------------------------------------------------------


class TestEveryScreenInTheReadersLanguage:
    @pytest.mark.parametrize("language", [pytest.param(lang, marks=needs_catalogue(lang)) for lang in TRANSLATED])
    async def test_the_sample_round_from_join_to_receipt_has_no_english_left(
        self, sample: World, language: str
    ) -> None:
        """Join, answer by button and by typed word, comment, amend, review, submit, receipt, status, help:
        no word of the English catalogue is left on any screen (the round's own text is English here)."""
        account = await joined(sample, "FRA", language=language)
        screens: list[Reply] = list(JOINED[account])
        me = participant(sample, account)
        assert me.language == language

        async def say(said: str = "", action: str = "") -> list[Reply]:
            replies = await sample.say(account, said, action=action)
            screens.extend(replies)
            return replies

        async def press(label: str, replies: list[Reply]) -> list[Reply]:
            for reply in reversed(replies):
                for choice in reply.choices:
                    if choice.label.strip("✓◀▶ ").startswith(label):
                        return await say(action=choice.action)
            raise AssertionError(f"no {label!r} in {[c.label for r in replies for c in r.choices]}")

        async def add_comment(replies: list[Reply]) -> list[Reply]:
            """Press "Add a comment" on the answer just recorded (its action's verb is "cm")."""
            for reply in reversed(replies):
                for choice in reply.choices:
                    if choice.action.startswith("cm:"):
                        return await say(action=choice.action)
            raise AssertionError(f"no 'Add a comment' in {[c.label for r in replies for c in r.choices]}")

        # One tap per answer: the next recommendation comes at once, "Add a comment" on the one recorded.
        replies = await press(position_label(language, Position.SUPPORT), screens)
        replies = await add_comment(replies)
        replies = await say("Nous saluons cette recommandation.")  # a comment, in whatever language
        replies = await press(position_label(language, Position.SUPPORT_WITH_AMENDMENTS), replies)
        replies = await say("Ajouter « là où les autorités nationales le souhaitent ».")
        replies = await press(text(language, "nav.skip").strip("◀▶ "), replies)
        replies = await press(text(language, "nav.back").strip("◀▶ "), replies)
        for _ in range(len(SAMPLE.recommendations)):
            if not any(
                c.label.startswith(position_label(language, Position.OPPOSE)) for r in replies for c in r.choices
            ):
                break
            replies = await press(position_label(language, Position.OPPOSE), replies)
        for command in ("review", "submit", "receipt", "status", "help", "rounds", "timezone Europe/Paris"):
            await say(command)
        await say("timezone Mars/Olympus")
        await say("gibberish")
        await say("language xx")

        keys = {r.key for r in screens}
        assert {"join.ok", "item", "review", "receipt", "help", "language.bad", "timezone.bad"} <= keys
        leftover = english_left(shown(screens), content(language), language)
        untranslated = sorted({r.key for r in screens if english_left(shown([r]), content(language), language)})
        assert not leftover, f"English left in {language}: {leftover} (screens {untranslated})"

    @pytest.mark.parametrize("language", [pytest.param(lang, marks=needs_catalogue(lang)) for lang in TRANSLATED])
    async def test_dates_are_babels_in_the_readers_zone(self, sample: World, language: str) -> None:
        account = await joined(sample, "FRA", language=language)
        await sample.say(account, "timezone Europe/Paris")
        (status,) = await sample.say(account, "status")
        assert formats.when(SAMPLE.deadline, "Europe/Paris", language) in status.text.replace(FSI, "").replace(PDI, "")
        assert formats.day(SAMPLE.deadline, "Europe/Paris", language) in formats.when(
            SAMPLE.deadline, "Europe/Paris", language
        )


class TestTheReadersLanguage:
    async def test_the_platform_hint_counts_only_without_a_chosen_language(self, sample: World) -> None:
        hinted = await joined(sample, "FRA", locale="es-ES")
        chosen = await joined(sample, "NOR", language="fr", locale="es-ES")
        unknown = await joined(sample, "BRA", locale="pt-BR")
        assert participant(sample, hinted).language == "es"
        assert participant(sample, chosen).language == "fr"
        assert participant(sample, unknown).language == ""  # English until someone chooses
        assert text(participant(sample, unknown).language, "nav.review") == "Review all"

    async def test_language_code_sets_it_and_an_unknown_code_changes_nothing(self, sample: World) -> None:
        account = await joined(sample, "FRA", language="en")
        before = copy.deepcopy(sample.store.state.participants)
        for bad in ("language xx", "language", "language fr es", "language fra", "language pt-BR"):
            (reply,) = await sample.say(account, bad)
            assert reply.key == "language.bad"
            assert all(f"{code} (" in reply.text for code in formats.LANGUAGES), reply.text
        assert sample.store.state.participants == before
        (done,) = await sample.say(account, "language ar")
        assert done.key == "language.set"
        assert participant(sample, account).language == "ar"

    async def test_invite_refuses_an_unknown_language_and_stores_nothing(self, sample: World) -> None:
        from bot.domain.errors import BadInput

        before = copy.deepcopy(sample.store.state.participants)
        async with sample.uow() as uow:
            with pytest.raises(BadInput) as refused:
                await joining.issue(uow, sample.engine.deps, stakeholder="FRA", role=Role.DELEGATE, language="klingon")
        assert refused.value.params["key"] == "language.bad"
        assert sample.store.state.participants == before

    async def test_commands_and_positions_in_the_readers_words(self, sample: World, tmp_path: Path) -> None:
        """A French reader types "revoir" and "appui"; English still works."""
        french: dict[str, str | list[str]] = {
            "word.review": "revoir|révision",
            "position.support": "Appui",
            "word.position.oppose": "non",
            "review.title": "Révision · {delegation} · {title}",
        }
        with scratch_catalogues(tmp_path, {"fr": french}):
            account = await joined(sample, "FRA", language="fr")
            (recorded, *_) = await sample.say(account, "appui")
            assert recorded.key == "recorded"
            (review,) = await sample.say(account, "revoir")
            assert review.key == "review"
            assert review.title.startswith("Révision · France")
            assert (await sample.say(account, "review"))[0].key == "review"
            assert (await sample.say(account, "Révision"))[0].key == "review"


class TestPlurals:
    FORMS: ClassVar[dict[str, dict[int, int]]] = {
        # CLDR: zero, one, two, few (3-10), many (11-99), other (100-102 ...)
        "ar": {0: 0, 1: 1, 2: 2, 5: 3, 11: 4, 100: 5},
        # gettext's three Russian forms: one (1, 21), few (2-4), many (0, 5-20, 11, 100)
        "ru": {0: 2, 1: 0, 2: 1, 5: 2, 11: 2, 100: 2},
    }

    @pytest.mark.parametrize("language", ["ar", "ru"])
    async def test_each_count_takes_its_cldr_form(self, language: str, tmp_path: Path) -> None:
        forms = [f"<{i}> {{count}} {{slug}}" for i in range(6 if language == "ar" else 3)]
        with scratch_catalogues(tmp_path, {language: {"round.reminded": forms}}):
            for count, form in self.FORMS[language].items():
                shown = text(language, "round.reminded", count=count, slug="dao")
                assert shown.startswith(f"<{form}> "), (count, shown)

    @pytest.mark.parametrize("language", [pytest.param(lang, marks=needs_catalogue(lang)) for lang in ("ar", "ru")])
    def test_the_translators_forms_are_chosen_by_count(self, language: str) -> None:
        po = polib.pofile(str(translations.paths(language)[0]))
        plural_keys = [key for key, value in EN.items() if isinstance(value, tuple)]
        entries = {e.msgctxt: e for e in po if e.msgctxt in plural_keys and e.msgid_plural}
        assert set(entries) == set(plural_keys), f"no plural forms in {language}: {set(plural_keys) - set(entries)}"
        for key in plural_keys:
            fields = {name for form in EN[key] for _, name, _, _ in string.Formatter().parse(form) if name}
            params = {name: name.upper() for name in fields - {"count"}}  # each placeholder a value of its own
            for count, form in self.FORMS[language].items():
                expected = entries[key].msgstr_plural[form]
                shown = text(language, key, count=count, **params)
                assert shown.replace(FSI, "").replace(PDI, "") == expected.format(count=count, **params).replace(
                    FSI, ""
                ).replace(PDI, ""), (key, count)

    def test_english_plurals(self) -> None:
        assert text("en", "round.reminded", count=1, slug="dao") == "Round dao: 1 reminder queued."
        assert text("en", "round.reminded", count=0, slug="dao") == "Round dao: 0 reminders queued."
        assert (
            text("xx", "join.slow_down", count=15) == "Too many wrong codes from this account. Try again in 15 minutes."
        )


class TestRightToLeft:
    def test_refs_symbols_numbers_and_names_are_isolated_for_arabic_readers(self) -> None:
        recorded = text("ar", "recorded", ref="CL-3", position=position_label("ar", Position.SUPPORT))
        assert f"{FSI}CL-3{PDI}" in recorded
        summary = text("ar", "item.summary_of", document="A/61/583")
        assert f"{FSI}A/61/583{PDI}" in summary
        group = text("ar", "round.status.group", group="African Group", submitted=120, total=193, in_progress=3)
        assert f"{FSI}120{PDI}/{FSI}193{PDI}" in group
        assert f"{FSI}African Group{PDI}" in group
        welcome = text("ar", "welcome", name="Jean Dupont", delegation="فرنسا", role="منسق")
        assert f"{FSI}Jean Dupont{PDI}" in welcome
        assert f"{FSI}فرنسا" not in welcome  # Arabic needs no isolate

    def test_left_to_right_readers_get_no_isolates(self) -> None:
        for language in ("en", "fr", "ru", "zh", "es"):
            shown = text(language, "recorded", ref="CL-3", position="x")
            assert FSI not in shown
            assert PDI not in shown

    def test_arrows_point_the_readers_way(self) -> None:
        assert text("en", "nav.back").startswith("◀")
        assert text("en", "nav.skip").endswith("▶")
        back, skip, no_comment = (text("ar", k) for k in ("nav.back", "nav.skip", "nav.no_comment"))
        assert "▶" in back
        assert "◀" not in back
        assert "◀" in skip
        assert "▶" not in skip
        assert "◀" in no_comment
        assert "▶" not in no_comment

    async def test_an_arabic_readers_screen_isolates_the_ref_and_the_counts(self, sample: World) -> None:
        account = await joined(sample, "SAU", language="ar")
        (item,) = [r for r in JOINED[account] if r.key == "item"]
        assert f"{FSI}CL-1{PDI}" in item.title
        assert f"{FSI}A/61/583{PDI}" in item.text
        (status,) = await sample.say(account, "status")
        assert f"{FSI}0{PDI}" in status.text
        assert f"{FSI}{len(SAMPLE.recommendations)}{PDI}" in status.text


class TestPushesInEachRecipientsLanguage:
    async def test_invitations_reminders_and_deadline_notices(self, sample: World) -> None:
        holder = Stakeholder(code="FRA", name="France")
        round_ = _open(SAMPLE)
        people = {lang: Participant(id=i, stakeholder="FRA", role=Role.DELEGATE, language=lang, timezone="Europe/Paris")
                  for i, lang in enumerate(formats.LANGUAGES)}  # fmt: skip
        for lang, person in people.items():
            invitation = pushes.invitation_reply(round_, holder, person)
            reminder = pushes.reminder_reply(round_, holder, person, 3)
            plain = invitation.text.replace(FSI, "").replace(PDI, "")
            assert formats.when(round_.deadline, "Europe/Paris", lang) in plain
            assert formats.country("FRA", lang, name="France") in plain
            assert invitation.text == text(
                lang, "invite.text", delegation=formats.country("FRA", lang, name="France"),
                count=len(round_.recommendations), deadline=_both(round_, lang),
            )  # fmt: skip
            assert reminder.title == text(
                lang, "remind.title", title=localize(round_, lang).title
            )  # the round in their language
        assert pushes.invitation_reply(round_, holder, people["en"]).text.startswith("The Secretariat invites France")
        assert "France" not in pushes.invitation_reply(round_, holder, people["zh"]).text

    async def test_someone_who_chose_no_language_reads_the_rounds_own(self) -> None:
        """No choice and no app hint: the round's own language (a round written in French is read in
        French); a choice, even English, wins over it."""
        holder = Stakeholder(code="FRA", name="France")
        french_round = replace(_open(SAMPLE), language="fr")
        unsaid = Participant(id=1, stakeholder="FRA", role=Role.DELEGATE, language="", timezone="Europe/Paris")
        english = replace(unsaid, id=2, language="en")
        assert pushes.invitation_reply(french_round, holder, unsaid).title.startswith(
            text("fr", "invite.title", title="")
        )
        assert pushes.reminder_reply(french_round, holder, unsaid, 1).title.startswith(
            text("fr", "remind.title", title="")
        )
        assert pushes.invitation_reply(french_round, holder, english).text.startswith("The Secretariat invites France")
        assert pushes.invitation_reply(_open(SAMPLE), holder, unsaid).text.startswith("The Secretariat invites France")


def _both(round_: Round, lang: str) -> str:
    return when_both(round_.deadline, "Europe/Paris", lang)


class TestRefusalsInTheReadersLanguage:
    async def test_a_refusal_raised_in_the_dialogue_speaks_the_readers_language(
        self, sample: World, tmp_path: Path
    ) -> None:
        """Asking for a receipt before submitting is refused in French for a French reader (not in English)."""
        french: dict[str, str | list[str]] = {
            "error.no_receipt": "Aucun accusé de réception : {delegation} n'a pas encore soumis dans ce cycle.",
            "error.not_invited": "Ce compte n'est lié à aucune délégation. Utilisez : join CODE",
        }  # fmt: skip
        with scratch_catalogues(tmp_path, {"fr": french}):
            account = await joined(sample, "FRA", language="fr")
            (refused,) = await sample.say(account, "receipt")
            assert refused.key == "error.no_receipt"
            assert refused.text.startswith("Aucun accusé de réception : ")
            assert "France" in refused.text
            stranger = IncomingMessage(channel="console", account="nobody", chat="nobody", text="status", locale="fr")
            (unknown,) = await sample.engine.handle(stranger)
            assert unknown.text.startswith("Ce compte n'est lié")
