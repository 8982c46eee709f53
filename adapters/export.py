"""Write export sheets as CSV, XLSX (openpyxl, write-only) or JSON, streaming row by row."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from bot.exports import Sheet

FORMATS = ("csv", "xlsx", "json")
Tick = Callable[[], None]


async def write(path: Path, fmt: str, sheets: tuple[Sheet, ...], *, tick: Tick = lambda: None) -> int:
    """Write the sheets to `path` in `fmt`; CSV and JSON hold the first sheet only. Returns rows written."""
    if fmt == "csv":
        return await _csv(path, sheets[0], tick)
    if fmt == "xlsx":
        return await _xlsx(path, sheets, tick)
    if fmt == "json":
        return await _json(path, sheets[0], tick)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


async def _csv(path: Path, sheet: Sheet, tick: Tick) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(sheet.columns)
        async for row in sheet.rows:
            writer.writerow(_safe_cells(row))
            count += 1
            tick()
    return count


async def _xlsx(path: Path, sheets: tuple[Sheet, ...], tick: Tick) -> int:
    book = Workbook(write_only=True)  # rows go straight to a temporary file: bounded memory
    count = 0
    for sheet in sheets:
        page = book.create_sheet(sheet.name)
        page.append(list(sheet.columns))
        async for row in sheet.rows:
            page.append(list(_safe_cells(row)))
            if sheet is sheets[0]:
                count += 1
                tick()
    book.save(path)
    return count


async def _json(path: Path, sheet: Sheet, tick: Tick) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        async for row in sheet.rows:
            handle.write(
                ("," if count else "")
                + "\n  "
                + json.dumps(dict(zip(sheet.columns, row, strict=True)), ensure_ascii=False)
            )
            count += 1
            tick()
        handle.write("\n]\n")
    return count


def _safe_cells(row: tuple[str, ...]) -> tuple[str, ...]:
    """Neutralise spreadsheet formulas in user text (CSV/formula injection: =, +, -, @ at the start)."""
    return tuple("'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell for cell in row)
