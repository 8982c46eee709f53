"""Write export sheets as CSV, XLSX (openpyxl, write-only) or JSON, streaming row by row.

Every format is written to a temporary file beside the target and renamed onto it only once
complete: a failure (a full disk, the database gone, Ctrl-C) leaves no partial file behind.
"""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any
from xml.parsers import expat

from bot.domain.model import Position
from bot.i18n.catalogue import position_label
from bot.records.exports import Sheet
from bot.records.xmlchars import xml_safe, xml_safe_all

FORMATS = ("csv", "xlsx", "json")
#: Languages whose spreadsheets read right to left.
RIGHT_TO_LEFT = frozenset({"ar"})
Tick = Callable[[], None]

#: Sensible widths (characters) of the XLSX columns; others get DEFAULT_WIDTH.
WIDTHS = {
    "stakeholder": 11, "name": 28, "groups": 24, "ref": 8, "title": 40, "position": 24, "amendment": 50,
    "comment": 50, "receipt": 22, "submitted_at": 20, "submitted_by": 28, "draft_position": 24,
    "draft_amendment": 40, "draft_comment": 40, "draft_changed_by": 28, "draft_changed_at": 20, "changed_by": 28,
    "channel": 10, "at": 20, "answered": 10,
}  # fmt: skip
DEFAULT_WIDTH = 16
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
#: Characters XML 1.0 forbids (XLSX and DOCX are XML): dropped from text cells.


class Unwritable(Exception):
    """The target file cannot be written (missing folder, no permission, a directory...)."""


async def write(path: Path, fmt: str, sheets: tuple[Sheet, ...], *, tick: Tick = lambda: None) -> int:
    """Write the sheets to `path` in `fmt`; CSV and JSON hold the first sheet only. Returns rows written.

    Raises Unwritable (and leaves nothing behind) when the file cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    with replacing(path) as scratch:
        if fmt == "csv":
            return await _csv(scratch, sheets[0], tick)
        if fmt == "xlsx":
            return await _xlsx(scratch, sheets, tick)
        return await _json(scratch, sheets[0], tick)


def check_writable(path: Path) -> None:
    """Refuse early (Unwritable) a path that cannot be written, before any work is done; leaves nothing."""
    if _special(path):
        if not os.access(path, os.W_OK):
            raise Unwritable(f"Cannot write {path}: permission denied.")
        return
    _scratch(path.resolve() if path.is_symlink() else path).unlink()


def _scratch(path: Path) -> Path:
    if path.is_dir():
        raise Unwritable(f"Cannot write {path}: it is a directory.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as error:
        raise Unwritable(f"Cannot write {path}: {error.strerror or error}.") from None
    os.close(handle)
    os.chmod(name, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's owner-only
    return Path(name)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed onto it when the block succeeds, removed otherwise.

    A path that is no regular file (a pipe, a terminal, /dev/stdout) is written straight, never
    replaced; a symbolic link to a file is followed, so the link stays a link.
    """
    if _special(path):
        try:
            yield path
        except OSError as error:
            raise Unwritable(f"Cannot write {path}: {error.strerror or error}.") from None
        return
    target = path.resolve() if path.is_symlink() else path
    scratch = _scratch(target)
    try:
        yield scratch
        os.replace(scratch, target)
    except OSError as error:
        scratch.unlink(missing_ok=True)
        raise Unwritable(f"Cannot write {path}: {error.strerror or error}.") from None
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def _special(path: Path) -> bool:
    """True for an existing path that is neither a regular file nor a folder (a device, a pipe)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


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
    from openpyxl import Workbook  # loaded only for a workbook: every command would pay for it otherwise

    book = Workbook(write_only=True)  # rows go straight to a temporary file: bounded memory
    count = 0
    for sheet in sheets:
        page = book.create_sheet(xml_safe(sheet.name))
        page.sheet_view.rightToLeft = sheet.language in RIGHT_TO_LEFT
        for index, column in enumerate(sheet.columns):
            page.column_dimensions[_letter(index)].width = WIDTHS.get(column, DEFAULT_WIDTH)
        page.freeze_panes = "A2"
        convert = _converters(sheet)
        page.append(xml_safe_all(sheet.columns))
        rows = 0
        async for batch in sheet.batches:
            for row in _safe_rows(batch):
                page.append([f(cell) for f, cell in zip(convert, row, strict=True)])
            rows += len(batch)
            if sheet is sheets[0]:
                count += len(batch)
                _ticks(tick, len(batch))
        page.auto_filter.ref = f"A1:{_letter(len(sheet.columns) - 1)}{rows + 1}"
    book.save(path)
    if not _special(path):  # a file can be read back; a pipe cannot
        check_xlsx(path)
    return count


def _converters(sheet: Sheet) -> list[Callable[[str], Any]]:
    """Per column: a date-time cell, a position's label (in the sheet's language), or the text without
    XML-illegal characters."""
    labels = _labels(sheet.language)

    def label(value: str) -> str:
        return labels.get(value, _text(value))

    return [
        _moment if column in sheet.dates else label if column in sheet.positions else _text for column in sheet.columns
    ]


def _moment(value: str) -> datetime | str:
    """An ISO 8601 moment as a real date-time cell (in UTC: spreadsheets keep no time zone)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _text(value)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


@cache
def _labels(language: str) -> dict[str, str]:
    """Each position's label in the language (English where the catalogue has none)."""
    return {p.value: position_label(language, p) for p in Position}


def _text(value: str) -> str:
    return xml_safe(value) if value else value


def _letter(index: int) -> str:
    """The spreadsheet column letter of a 0-based index (A, B, ... Z, AA...)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
