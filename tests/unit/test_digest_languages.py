"""The digest in the reader's language: no English left, plurals by the language's rules, each recipient's own.

The translators' catalogues may lag behind new keys, so these stories read scratch catalogues
(tests/pseudo_catalogues.py: every English text in Greek letters, plural forms numbered): English
the digest still shows is hard-wired in the code. Dates, lists and percentages are Babel's for the
real language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.digest import compose
from bot.digest.chat import body, title
from bot.digest.markdown import markdown
from bot.domain.model import Address
from bot.i18n.catalogue import EN, text
from bot.planning import jobs
from bot.ports import Deps
from bot.records.digest_values import Digest, RoundDigest
from tests.fakes import MemoryStore
from tests.pseudo_catalogues import PLACEHOLDER, pseudo_catalogues
from tests.unit.digest_scenario import T1, T2, Scenario, member_states

_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
#: Words that are no English sentence: commands kept as typed, the zone's IANA name.
KEPT = frozenset({"consultbot", "round", "status", "america", "new_york", "york", "new"})


@pytest.fixture
def catalogues(tmp_path: Path) -> Iterator[None]:
    """fr, ar and ru catalogues of every key (tests/pseudo_catalogues.py)."""
    with pseudo_catalogues(tmp_path, ("fr", "ar", "ru")):
        yield


@pytest.fixture
async def store() -> MemoryStore:
    """The 193 Member States a week after the first digest: starts, submissions, moves, comments."""
    scenario = Scenario(member_states())
    store = MemoryStore()
    await scenario.setup(store.uow)
    await scenario.week_one(store.uow)
    async with store.uow() as uow:
        await compose.composer(slot_of=lambda moment: moment)(uow, T1, ["en"])
        await uow.commit()
    await scenario.week_two(store.uow)
    return store


async def digest_of(store: MemoryStore) -> Digest:
    async with store.uow() as uow:
        return await compose.build(uow, T2)


def english_words() -> frozenset[str]:
    """Every word of the English digest texts (placeholders left out), lower case."""
    found: set[str] = set()
    for key, source in EN.items():
        if key.startswith(("digest.", "followup.", "time.")):
            for template in source if isinstance(source, tuple) else (source,):
                found.update(w.lower() for w in _WORD.findall(PLACEHOLDER.sub(" ", template)))
    return frozenset(found - KEPT)


def data_of(digest: Digest) -> list[str]:
    """What the digest shows as it is stored: titles, names, groups, comments, references."""
    values: list[str] = []
    for r in digest.rounds:
        values += [r.round.title, r.round.slug, *r.names.values(), *(g.group for g in r.groups)]
        values += [t.title for t in r.tallies] + [c.comment for c in r.changes.latest]
        values += [group for group, _ in r.not_started] + [name for _, names in r.not_started for name in names]
        values += [f"{u.participant}" for u in r.unreachable] + [u.channel for u in r.unreachable]
    return values


def english_left(shown: str, digest: Digest) -> list[str]:
    for value in sorted(filter(None, data_of(digest)), key=len, reverse=True):
        shown = shown.replace(value, " ")
    return sorted({w for w in _WORD.findall(shown) if w.lower() in english_words()})


class TestNoEnglishLeft:
    @pytest.mark.parametrize("language", ["fr", "ar"])
    async def test_the_chat_digest_has_no_english_sentence(
        self, catalogues: None, store: MemoryStore, language: str
    ) -> None:
        digest = await digest_of(store)
        english = body(digest, "en")
        shown = body(digest, language)
        assert english_left(english, digest)  # the check sees English when there is some
        assert english_left(title(digest, language) + "\n" + shown, digest) == []
        assert len(shown.split("\n\n")) == len(english.split("\n\n"))  # the same paragraphs, in another language

    @pytest.mark.parametrize("language", ["fr", "ar"])
    async def test_the_markdown_digest_has_no_english_sentence(
        self, catalogues: None, store: MemoryStore, language: str
    ) -> None:
        digest = await digest_of(store)
        assert english_left(markdown(digest, language), digest) == []

    async def test_dates_lists_and_percentages_are_the_languages_own(
        self, catalogues: None, store: MemoryStore
    ) -> None:
        digest = await digest_of(store)
        french = body(digest, "fr").replace("\u202f", " ").replace("\xa0", " ")
        assert "lun. 29 mars 2027, 10:00 (America/New_York)" in french  # the deadline, Babel's French
        assert "51 %" in french  # a percentage as French writes it
        assert "R3 (51 %), R7 (43 %) et R12 (43 %)" in french.replace("\u2068", "").replace("\u2069", "")
        arabic = body(digest, "ar")
        assert "مارس" in arabic  # the month in Arabic
        assert "\u2068R3\u2069" in arabic  # a reference isolated inside right-to-left text
        assert "\u200f\u2068R1\u2069: " in arabic  # also in the lines the digest builds itself, read right to left

    async def test_the_delegations_are_named_in_the_readers_language(
        self, catalogues: None, store: MemoryStore
    ) -> None:
        """Babel's (CLDR) names of the States: the delegations that started this week, in French and Arabic."""
        digest = await digest_of(store)
        r = digest.rounds[0]
        assert r.name("DEU", "fr") == "Allemagne"
        assert r.name("DEU", "en") == r.names["DEU"]  # English: the registry's own name
        started = r.changes.started
        assert started
        for language in ("fr", "ar"):
            shown = body(digest, language)
            for code in started:
                assert r.name(code, language) in shown
                assert r.name(code, language) != r.name(code, "en")


class TestPlurals:
    @pytest.mark.parametrize(
        ("language", "forms"),
        [
            # CLDR: Russian one (1, 21…), few (2-4, 22…), many (0, 5-20, 11, 100…)
            ("ru", {0: 2, 1: 0, 2: 1, 5: 2, 11: 2, 100: 2}),
            # CLDR: Arabic zero, one, two, few (3-10), many (11-99), other (100…)
            ("ar", {0: 0, 1: 1, 2: 2, 5: 3, 11: 4, 100: 5}),
        ],
    )
    def test_each_count_takes_its_languages_form(self, catalogues: None, language: str, forms: dict[int, int]) -> None:
        for count, form in forms.items():
            for key in ("digest.more", "digest.chart.more", "digest.kind.reminder", "digest.lead.coverage"):
                said = text(language, key, count=count, submitted=1, percent="1%", in_progress=0, not_started=0)
                assert said.startswith(f"[{form}] "), (key, count, said)

    async def test_the_digest_passes_the_count_it_names(self, catalogues: None, store: MemoryStore) -> None:
        """ "47 of 193 delegations": the coverage line's form is that of 193 (Russian: few, as for 3)."""
        digest = await digest_of(store)
        [coverage] = [line for line in body(digest, "ru").splitlines() if line.startswith("[")][:1]
        assert coverage.startswith("[1] ")
        assert "193" in coverage


class TestEachRecipientsLanguage:
    async def test_a_recipient_set_to_french_gets_a_french_digest_and_chart(
        self, catalogues: None, store: MemoryStore
    ) -> None:
        drawn: list[tuple[str, str]] = []

        def chart(digest: RoundDigest, language: str = "en") -> bytes:
            drawn.append((digest.round.slug, language))
            return f"PNG:{language}".encode()

        desk, paris = Address("slack", "C0123"), Address("email", "dsg@example.org")
        make = compose.composer(chart=chart, slot_of=lambda now: now)
        deps = Deps(new_uow=store.uow, clock=lambda: T2 + timedelta(days=7))
        queued = await jobs.digest_tick(
            deps, slot=T2 + timedelta(days=7), recipients=[desk, paris], compose=make, languages={paris: "fr"}
        )
        assert queued == 2
        sent = {d.address: d.reply for d in store.state.deliveries.values() if d.kind == "digest"}
        assert sorted(drawn) == [("dao", "en"), ("dao", "fr")]  # one chart per language, one digest built
        assert (sent[desk].image, sent[paris].image) == (b"PNG:en", b"PNG:fr")
        assert (sent[desk].language, sent[paris].language) == ("en", "fr")
        async with store.uow() as uow:
            digest = await compose.build(
                uow, T2 + timedelta(days=7), exclude_key=compose.slot_key(T2 + timedelta(days=7))
            )
        assert english_left(sent[paris].title + "\n" + sent[paris].text, digest) == []
        assert english_left(sent[desk].text, digest)  # the desk reads English
        assert len(store.state.snapshots) == 2  # the first digest's and this one's: built once, not once per language

    async def test_the_chart_draws_its_labels_in_the_readers_language(
        self, catalogues: None, store: MemoryStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.text import Text

        from adapters import chart

        figures: list[object] = []

        class Recording(FigureCanvasAgg):
            def __init__(self, figure: object) -> None:
                super().__init__(figure)  # type: ignore[arg-type]
                figures.append(figure)

        monkeypatch.setattr(chart, "FigureCanvasAgg", Recording)
        digest = await digest_of(store)
        labels: dict[str, str] = {}
        for language in ("en", "fr"):
            chart.render_png(digest.rounds[0], language)
            drawn = [" ".join(t.get_text().split()) for t in figures[-1].findobj(Text)]  # type: ignore[attr-defined]
            labels[language] = "\n".join(drawn)  # names wrapped on two lines read as one
        assert "Positions per recommendation" in labels["en"]
        assert "Submitted" in labels["en"]
        assert english_left(labels["fr"], digest) == []
        for key in ("digest.section.positions", "digest.col.submitted", "digest.pos.oppose", "digest.section.groups"):
            assert text("fr", key) in labels["fr"]
        assert "lun. 8 mars 2027" in labels["fr"]  # the headline's date, Babel's French


def test_the_settings_know_the_six_languages_the_catalogue_does() -> None:
    from bot.i18n import formats
    from config.settings import LANGUAGES

    assert sorted(LANGUAGES) == sorted(formats.LANGUAGES)
