"""Write `bot/locale/en/LC_MESSAGES/consultbot.po` from the template: each English text is its own translation.

python tools/english_po.py      # after make extract (the Makefile's extract target runs it)
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "bot" / "locale"


def english(pot: Path, out: Path) -> int:
    """The English catalogue from the template; returns how many entries it holds."""
    template = polib.pofile(str(pot), wrapwidth=100)
    po = polib.POFile(wrapwidth=100)
    po.metadata = {
        **template.metadata,
        "Language": "en",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "PO-Revision-Date": template.metadata.get("POT-Creation-Date", ""),
        "Last-Translator": "the English source (bot/i18n/catalogue.py)",
        "Language-Team": "en",
    }
    po.header = "English: the source texts of bot/i18n/catalogue.py as their own translation (tools/english_po.py)."
    for entry in template:
        po.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr="" if entry.msgid_plural else entry.msgid,
                msgstr_plural={0: entry.msgid, 1: entry.msgid_plural} if entry.msgid_plural else {},
                comment=entry.comment,
                flags=list(entry.flags),
            )
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(out))
    return len(po)


if __name__ == "__main__":
    count = english(LOCALE / "consultbot.pot", LOCALE / "en" / "LC_MESSAGES" / "consultbot.po")
    print(f"wrote the English catalogue: {count} texts", file=sys.stderr)
