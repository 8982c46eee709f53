"""Read a contacts file (CSV or XLSX) into lines for bot.coordinator.contacts, each with its line number.

Only the shape is checked here (columns, formulas, encoding); what a row means is checked by the
core, so that every problem of the file is listed together.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.coordinator.contacts import ContactLine

REQUIRED = ("stakeholder", "name", "email", "role")
OPTIONAL = ("language", "timezone", "channel")
#: Bigger files are refused before reading (250 addresses take a few kilobytes).
MAX_BYTES = 20 * 1024 * 1024


def read_contacts(path: Path) -> tuple[list[ContactLine], list[tuple[int, str]]]:
    """The rows of the file and the problems of its shape, (line, problem); line 0 is the whole file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return [], [(0, f"{path}: {error.strerror or error}")]
    if size > MAX_BYTES:
        return [], [(0, f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")]
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _rows(*_xlsx(path))
    if path.suffix.lower() in (".csv", ".txt"):
        return _rows(*_csv(path))
    return [], [(0, f"{path.name}: expected a .csv or .xlsx file")]


def _csv(path: Path) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [(0, f"not UTF-8 text (byte {error.start}); save the sheet as “CSV UTF-8”")]
    sample = data[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        return [], [(reader.line_num, f"unreadable CSV: {error}")]
    return rows, []


def _xlsx(path: Path) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    from openpyxl import load_workbook  # loaded only for a spreadsheet
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        return [], [(0, f"{path.name}: not a readable XLSX workbook ({type(error).__name__})")]
    try:
        sheet = book.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        problems: list[tuple[int, str]] = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in cells:
                if cell.data_type == "f":  # a formula's value is whatever the sheet last computed, if anything
                    column = getattr(cell, "column_letter", "?")
                    problems.append((number, f"column {column}: a formula; paste the values instead"))
                    values.append("")
                    continue
                value = cell.value
                values.append("" if value is None else str(value))
            rows.append((number, values))
        return rows, problems
    finally:
        book.close()


def _rows(
    rows: list[tuple[int, list[str]]], problems: list[tuple[int, str]]
) -> tuple[list[ContactLine], list[tuple[int, str]]]:
    rows = [(number, cells) for number, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        return [], problems or [(0, "the file is empty")]
    header_line, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    missing = [name for name in REQUIRED if name not in names]
    unknown = [name for name in names if name and name not in REQUIRED + OPTIONAL]
    if missing:
        problems.append((header_line, f"missing column(s): {', '.join(missing)} (the first row names the columns)"))
    if unknown:
        problems.append((header_line, f"unknown column(s): {', '.join(unknown)}"))
    if missing:
        return [], problems
    where = {name: names.index(name) for name in REQUIRED + OPTIONAL if name in names}
    lines = []
    for number, cells in rows[1:]:

        def cell(name: str, cells: list[str] = cells) -> str:
            index = where.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        lines.append(
            ContactLine(
                line=number,
                stakeholder=cell("stakeholder"),
                name=cell("name"),
                email=cell("email"),
                role=cell("role"),
                language=cell("language"),
                timezone=cell("timezone"),
                channel=cell("channel"),
            )
        )
    return lines, problems
