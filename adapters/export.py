"""Write export sheets as CSV, XLSX (openpyxl, write-only) or JSON, streaming row by row."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from xml.parsers import expat

from openpyxl import Workbook

from bot.exports import Sheet
from bot.xmlchars import xml_safe, xml_safe_all, xml_safe_rows

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
        async for batch in sheet.batches:
            writer.writerows(_safe_rows(batch))
            count += len(batch)
            _ticks(tick, len(batch))
    return count


async def _xlsx(path: Path, sheets: tuple[Sheet, ...], tick: Tick) -> int:
    book = Workbook(write_only=True)  # rows go straight to a temporary file: bounded memory
    count = 0
    for sheet in sheets:
        page = book.create_sheet(xml_safe(sheet.name))
        page.append(xml_safe_all(sheet.columns))
        async for batch in sheet.batches:
            for row in xml_safe_rows(_safe_rows(batch)):
                page.append(list(row))
            if sheet is sheets[0]:
                count += len(batch)
                _ticks(tick, len(batch))
    book.save(path)
    check_xlsx(path)
    return count


class Unreadable(Exception):
    """The file written would not open (never reported as a success)."""


def check_xlsx(path: Path) -> None:
    """Raise Unreadable unless every XML part of the workbook is well-formed (streamed: bounded memory)."""
    try:
        with zipfile.ZipFile(path) as book:
            for name in book.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                parser = expat.ParserCreate()
                with book.open(name) as part:
                    while chunk := part.read(1 << 20):
                        parser.Parse(chunk, False)
                parser.Parse(b"", True)
    except (zipfile.BadZipFile, expat.ExpatError, OSError) as error:
        raise Unreadable(f"{path} is not a readable workbook: {error}") from error


async def _json(path: Path, sheet: Sheet, tick: Tick) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        async for batch in sheet.batches:
            for row in batch:
                handle.write(
                    ("," if count else "")
                    + "\n  "
                    + json.dumps(dict(zip(sheet.columns, row, strict=True)), ensure_ascii=False)
                )
                count += 1
                tick()
        handle.write("\n]\n")
    return count


def _ticks(tick: Tick, rows: int) -> None:
    for _ in range(rows):
        tick()


#: What a cell must not start with in a spreadsheet: a formula (=, +, -, @) or a control that starts one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Any of them after the separator _safe_rows puts before every cell.
_FORMULA_AFTER_NUL = re.compile("\x00[=+\\-@\t\r]")


def _safe_rows(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The rows with every cell made safe (_safe_cells); the same list when none needs it.

    One look at the whole batch first (each cell preceded by NUL, then one regular-expression search
    for NUL followed by a formula start), so that a batch of plain text costs a scan in C rather
    than a test per cell. A cell containing NUL can only make the look find a cell it need not change: then each
    row goes through _safe_cells, which decides exactly.
    """
    if _FORMULA_AFTER_NUL.search("\x00" + "\x00".join(chain.from_iterable(rows))) is None:
        return rows
    return [_safe_cells(row) for row in rows]


def _safe_cells(row: tuple[str, ...]) -> tuple[str, ...]:
    """Neutralise spreadsheet formulas in user text (CSV/formula injection: =, +, -, @ at the start)."""
    return tuple("'" + cell if cell[:1] in _FORMULA_STARTS else cell for cell in row)
