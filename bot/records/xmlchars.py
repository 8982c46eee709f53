"""Text that any XML 1.0 document can hold: for XLSX cells, DOCX runs and e-mail HTML alike.

XML 1.0 allows only tab, newline, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and
U+10000-U+10FFFF. Anything else (other control characters, the noncharacters U+FFFE and U+FFFF,
lone surrogates) makes the whole document "not well-formed": one comment containing U+FFFE made a
round's XLSX unreadable (issue 21). Each such character becomes U+FFFD, the replacement character,
so that the reader sees something was there. Pure functions: no I/O, no state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

#: One character XML 1.0 forbids.
FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """The text with every character XML 1.0 forbids replaced by U+FFFD (the same object when none)."""
    return FORBIDDEN.sub(REPLACEMENT, text) if FORBIDDEN.search(text) else text


def xml_safe_rows(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Rows of cells made safe; one search over the whole batch first, so plain batches cost a C scan."""
    if FORBIDDEN.search("".join(chain.from_iterable(rows))) is None:
        return rows
    return [tuple(xml_safe(cell) for cell in row) for row in rows]


def xml_safe_all(texts: Sequence[str]) -> list[str]:
    """Each text made safe (headers, sheet names)."""
    return [xml_safe(text) for text in texts]
