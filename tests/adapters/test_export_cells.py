"""adapters.export: formulas are neutralised in every cell, whichever way a batch is checked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from adapters import export
from bot.records.exports import Sheet


def test_a_batch_is_made_safe_exactly_as_each_row() -> None:
    """The quick look at a batch finds every formula start; a NUL in a cell only sends it the slow way."""
    starts = ["=", "+", "-", "@", "\t", "\r"]
    plain = ("bench", "KEN", "Kenya", "", "R1", "2027-03-08T14:30:05+00:00", "a = b", "x-y", "")
    rows: list[tuple[str, ...]] = [plain] + [
        (*plain[:column], start + "cmd", *plain[column + 1 :]) for start in starts for column in (0, 3, 8)
    ]
    for row in rows:
        assert export._safe_rows([row]) == [export._safe_cells(row)]
    assert export._safe_rows(rows) == [export._safe_cells(row) for row in rows]
    clean: list[tuple[str, ...]] = [plain, plain]
    assert export._safe_rows(clean) is clean
    tricky: list[tuple[str, ...]] = [("a\x00=b", "c"), ("\x00", "-d")]
    assert export._safe_rows(tricky) == [("a\x00=b", "c"), ("\x00", "'-d")]
    assert export._safe_rows([]) == []


async def test_csv_writes_every_batch(tmp_path: Path) -> None:
    async def batches() -> AsyncIterator[list[tuple[str, ...]]]:
        yield [("1", "=SUM(A1)"), ("2", "ok")]
        yield []
        yield [("3", "@x")]

    ticks: list[int] = []
    path = tmp_path / "out.csv"
    written = await export.write(path, "csv", (Sheet("s", ("n", "v"), batches()),), tick=lambda: ticks.append(1))
    assert written == 3
    assert len(ticks) == 3
    assert path.read_text().splitlines() == ["n,v", "1,'=SUM(A1)", "2,ok", "3,'@x"]
