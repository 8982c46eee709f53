"""XLSX exports hold any text, and a workbook that would not open is never reported as written."""

from __future__ import annotations

import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from adapters import export
from bot.records.exports import Sheet


async def batches(rows: list[tuple[str, ...]]) -> AsyncIterator[list[tuple[str, ...]]]:
    yield rows


class TestXlsx:
    async def test_characters_xml_forbids_become_u_fffd_and_the_workbook_opens(self, tmp_path: Path) -> None:
        """U+FFFE, U+FFFF, C0 controls in cells, the header and the sheet name: the workbook opens."""
        path = tmp_path / "x.xlsx"
        rows: list[tuple[str, ...]] = [("FRA", "Agreed\ufffe\uffff\x01\x0b\x1f end", "=1+1")]
        sheet = Sheet(name="answers\uffff", columns=("stakeholder", "comment\ufffe", "other"), batches=batches(rows))
        assert await export.write(path, "xlsx", (sheet,)) == 1
        values = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
        assert values == [
            ("stakeholder", "comment\ufffd", "other"),
            ("FRA", "Agreed\ufffd\ufffd\ufffd\ufffd\ufffd end", "'=1+1"),
        ]

    def test_a_workbook_that_is_not_well_formed_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "broken.xlsx"
        with zipfile.ZipFile(path, "w") as book:
            book.writestr("xl/worksheets/sheet1.xml", "<row><c>\ufffe</c></row>".encode())
        with pytest.raises(export.Unreadable, match="not a readable workbook"):
            export.check_xlsx(path)
