"""Right-to-left checks in a real browser, shared by the browser tests and docs/arabic_screens.py.

Each check measures what Chromium drew, not what the HTML says: the direction it computed, the
left-to-right order of the characters of an isolated value, and that nothing runs off the page.
"""

from __future__ import annotations

import itertools
from typing import Any

#: The x position of each character of the element's text, in logical order.
_CHARACTER_XS = """(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const xs = []; let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width > 0 && !/\\s/.test(node.data[i])) { xs.push(rect.left); text += node.data[i]; }
    }
  }
  return [text, xs];
}"""


async def direction(page: Any) -> tuple[str, str, str]:
    """The page's lang, dir attribute, and the direction Chromium computed for the body."""
    found = await page.evaluate(
        "() => [document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.body).direction]"
    )
    return found[0], found[1], found[2]


async def reads_left_to_right(locator: Any) -> tuple[str, bool]:
    """The element's visible characters, and True if each is drawn right of the one before (an isolated
    value such as "0/193" or a code kept whole inside right-to-left text)."""
    text, xs = await locator.evaluate(_CHARACTER_XS)
    return text, all(a < b for a, b in itertools.pairwise(xs))


async def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: nothing runs off to the side)."""
    return int(await page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


async def isolated(locator: Any) -> bool:
    """True if the element is a bidirectional isolate as drawn (`unicode-bidi: isolate`, as <bdi> is)."""
    return str(await locator.evaluate("(el) => getComputedStyle(el).unicodeBidi")) in ("isolate", "plaintext")
