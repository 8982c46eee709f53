"""The translators' files: extraction from the English catalogue, the completeness check, and the loader
that reads a .mo or, when it is missing or older, compiles the .po in memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from bot.i18n import catalogue_extract, translations
from bot.i18n.catalogue import EN, text
from tests.language_support import scratch_catalogues
from tools.check_po import compile_problems, language_problems, problems, template_problems

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "bot" / "locale"


def complete(language: str, english: dict[str, str | tuple[str, str]], folder: Path, nplurals: int = 2) -> Path:
    """A catalogue for `language` with every English text translated (as itself, marked)."""
    po = polib.POFile()
    po.metadata = {"Language": language, "Plural-Forms": f"nplurals={nplurals}; plural=(n != 1);"}
    for key, value in english.items():
        if isinstance(value, tuple):
            forms = {i: f"«{value[min(i, 1)]}»" for i in range(nplurals)}
            po.append(polib.POEntry(msgctxt=key, msgid=value[0], msgid_plural=value[1], msgstr_plural=forms))
        else:
            po.append(polib.POEntry(msgctxt=key, msgid=value, msgstr=f"«{value}»"))
    path = folder / language / "LC_MESSAGES" / "consultbot.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


class TestExtraction:
    def test_every_key_is_a_message_with_its_context_and_placeholders(self) -> None:
        with (ROOT / "bot" / "i18n" / "catalogue.py").open("rb") as source:
            found = list(catalogue_extract.extract(source, (), (), {}))
        assert [messages[0] for _, _, messages, _ in found] == list(EN)
        by_key = {messages[0]: (function, messages, comments) for _, function, messages, comments in found}
        assert by_key["recorded"] == ("pgettext", ("recorded", EN["recorded"]), ["Keep as they are: {ref}, {position}"])
        function, messages, _ = by_key["round.reminded"]
        assert (function, messages[1:]) == ("npgettext", EN["round.reminded"])
        assert any("right-to-left" in c for c in by_key["nav.back"][2])

    def test_the_committed_template_is_what_pybabel_extracts(self, tmp_path: Path) -> None:
        """`make extract` through pybabel and babel.cfg writes the same messages as the committed .pot."""
        out = tmp_path / "consultbot.pot"
        pybabel = Path(sys.executable).with_name("pybabel")
        done = subprocess.run(
            [str(pybabel), "-q", "extract", "-F", "babel.cfg", "--no-location", "-o", str(out), "."],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert template_problems(EN, out) == []
        assert template_problems(EN, LOCALE / "consultbot.pot") == [], "run make extract"


class TestTheCheck:
    def test_english_and_the_template_are_complete(self) -> None:
        assert problems(EN, LOCALE, ["en"]) == []

    def test_a_key_added_in_english_only_fails_for_every_language(self, tmp_path: Path) -> None:
        shutil.copy(LOCALE / "consultbot.pot", tmp_path / "consultbot.pot")
        for language in ("fr", "ar"):
            complete(language, dict(EN), tmp_path, nplurals=6 if language == "ar" else 2)
        assert problems(EN, tmp_path, ["fr", "ar"]) == []
        grown = {**EN, "review.new_line": "A new line for {delegation}."}
        found = problems(grown, tmp_path, ["fr", "ar"])
        assert any("consultbot.pot: out of date" in p and "review.new_line" in p for p in found)
        assert "fr (consultbot.po): 'review.new_line' is missing" in found
        assert "ar (consultbot.po): 'review.new_line' is missing" in found
        done = subprocess.run([sys.executable, "tools/check_po.py", "xx"], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 1
        assert "xx: " in done.stderr

    def test_fuzzy_untranslated_obsolete_and_placeholder_mistakes_each_fail(self, tmp_path: Path) -> None:
        path = complete("fr", dict(EN), tmp_path)
        po = polib.pofile(str(path))
        entries = {e.msgctxt: e for e in po}
        entries["recorded"].msgstr = "{ref} enregistré."  # {position} dropped
        entries["item.current"].msgstr = "Réponse : {answr}"  # {answer} misspelt
        entries["nav.review"].flags.append("fuzzy")
        entries["nav.back"].msgstr = ""
        entries["round.reminded"].msgstr_plural = {0: "Un rappel ({slug}).", 1: ""}  # {count} may go in a form
        po.append(polib.POEntry(msgctxt="gone.key", msgid="Gone", msgstr="Parti", obsolete=True))
        po.save(str(path))
        found = language_problems(EN, "fr", path)
        assert "fr (consultbot.po): 'recorded' drops {position}" in found
        assert "fr (consultbot.po): 'item.current' drops {answer}" in found
        assert "fr (consultbot.po): 'item.current' has unknown {answr}" in found
        assert "fr (consultbot.po): 'nav.review' is fuzzy" in found
        assert "fr (consultbot.po): 'nav.back' is not translated" in found
        assert "fr (consultbot.po): 'round.reminded' form 1 is not translated" in found
        assert not any("round.reminded' form 0" in p for p in found)
        assert any("obsolete entry 'gone.key'" in p for p in found)
        assert len(found) == 7, found

    def test_a_translation_of_an_older_english_text_fails(self, tmp_path: Path) -> None:
        path = complete("es", dict(EN), tmp_path)
        changed = {**EN, "nav.review": "Review every answer"}
        assert language_problems(changed, "es", path) == [
            "es (consultbot.po): 'nav.review' translates an older English text (msgid differs)"
        ]


class TestTheLoader:
    def test_a_fresh_checkout_without_mo_reads_the_po(self, tmp_path: Path) -> None:
        with scratch_catalogues(tmp_path, {"fr": {"nav.review": "Tout revoir"}}):
            assert not translations.paths("fr")[1].exists()
            assert text("fr", "nav.review") == "Tout revoir"
            assert text("fr", "nav.skip") == EN["nav.skip"]  # missing: English
            assert text("pt", "nav.review") == EN["nav.review"]  # unknown language: English

    def test_a_mo_older_than_its_po_is_not_used(self, tmp_path: Path) -> None:
        with scratch_catalogues(tmp_path, {"fr": {"nav.review": "Ancien"}}):
            po, mo = translations.paths("fr")
            mo.write_bytes(translations.compile_po(po.read_bytes(), "fr"))
            translations.forget()
            assert text("fr", "nav.review") == "Ancien"  # read from the .mo
            entries = polib.pofile(str(po))
            entries[0].msgstr = "Nouveau"
            entries.save(str(po))
            os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
            translations.forget()
            assert text("fr", "nav.review") == "Nouveau"

    def test_nothing_is_read_at_import(self) -> None:
        done = subprocess.run(
            [sys.executable, "-c", "import bot.i18n.catalogue, bot.i18n.translations as t; print(len(t._loaded))"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert done.stdout.strip() == "0"

    def test_a_broken_catalogue_reads_as_english(self, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
        with scratch_catalogues(tmp_path, {"fr": {"nav.review": "Tout revoir"}}):
            translations.paths("fr")[0].write_bytes(b'msgid "unterminated\n')
            translations.forget()
            assert text("fr", "nav.review") == EN["nav.review"]


def test_what_pybabel_compile_would_refuse_fails_the_check(tmp_path: Path) -> None:
    """An English text that reads as a %-format ("% of …") flags its entries python-format; a translation
    without the same %-placeholders then stops `make locale`, so the check names it first."""
    po = tmp_path / "ar.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgctxt "digest.chart.percent"\nmsgid "% of the group"\nmsgstr "النسبة المئوية"\n',
        encoding="utf-8",
    )
    assert compile_problems("ar", po, "ar") == [
        "ar: 'digest.chart.percent': placeholders are incompatible (pybabel compile)"
    ]
    fixed = po.read_text(encoding="utf-8").replace("#, python-format\n", "").replace("% of the group", "Share, in %")
    po.write_text(fixed, encoding="utf-8")  # the English reworded so that it reads as no %-format
    assert compile_problems("ar", po, "ar") == []
