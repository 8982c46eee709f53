"""Every hostile input of the corpus gets its clear answer, and the database is unchanged after it.

The corpus (tests/security/corpus.py) is data: some 300 inputs, each with the answer it must get (an HTTP
status, and the catalogue text the sender must see, or silence) and the only change it may leave
(a wrong invitation code is remembered, for the slow-down). The checks are in harness.py.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.security.corpus import CORPUS, Case
from tests.security.harness import Hostile

pytestmark = [pytest.mark.fake_server]

KINDS = {
    "slack signature",
    "replayed request",
    "telegram webhook secret",
    "malformed body",
    "callback data",
    "action value",
    "another delegation's item",
    "coordinator command",
    "invitation code",
    "markup",
    "control and invisible characters",
    "100 KB message",
    "emoji-only text",
    "unknown account",
}


def test_the_corpus_covers_every_kind_with_at_least_200_inputs() -> None:
    """At least 200 entries, unique ids, every kind the issue names."""
    assert len(CORPUS) >= 200
    assert len({case.id for case in CORPUS}) == len(CORPUS)
    assert set(Counter(case.kind for case in CORPUS)) == KINDS


def _params() -> list[object]:
    """Every case; all but the first of each kind are `slow` (`make test` samples, CI runs them all)."""
    seen: set[str] = set()
    params: list[object] = []
    for case in CORPUS:
        marks = [pytest.mark.slow] if case.kind in seen else []
        seen.add(case.kind)
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", _params())
async def test_hostile_input(case: Case, hostile: Hostile) -> None:
    """The input gets its answer (or silence), and nothing but what it names changes."""
    problems = await hostile.check(case)
    assert not problems, "\n".join(problems)
