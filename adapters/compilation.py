"""The compilation as a Word document (.docx, python-docx), written in bounded memory.

python-docx builds the document's skeleton: the title page, the summary tables, the line of the
delegations that did not respond, and the styles. The positions, recommendation by recommendation,
can be a million entries: python-docx would hold each as an XML element in memory, so they are
written straight into word/document.xml as the zip is written, from per-recommendation spool files
filled while the entries stream in (delegation order) from storage. The result opens in Word and
LibreOffice like any python-docx document; tests read it back with python-docx.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Length, Pt
from docx.table import Table

from bot.i18n.catalogue import position_label
from bot.i18n.timefmt import when
from bot.records.xmlchars import xml_safe
from bot.views.compilation import ORDER, Compilation

#: The paragraph that marks where the streamed body goes in the skeleton.
MARK = "@@consultbot-positions@@"
#: Characters XML 1.0 forbids: dropped from every text that goes into the document.
POSITIONS = tuple(p.value for p in ORDER)
#: Column headings of the summary table (the positions' full labels head the body's groups).
SHORT = {
    "support": "Support", "support_with_amendments": "With amend\u00adments", "oppose": "Oppose",
    "reserve": "Reserve", "no_position": "No position", "no_objection": "No objection",
}  # fmt: skip


async def write(path: Path, compiled: Compilation) -> int:
    """Write the compilation to `path` (the caller makes it a temporary file renamed when complete:
    cli/rounds.py). Returns how many delegations' submissions it holds."""
    round_ = compiled.round
    refs = [r.ref for r in round_.recommendations]
    with tempfile.TemporaryDirectory(prefix="consultbot-compile-") as scratch, ExitStack() as files:
        spools: dict[str, IO[str]] = {
            ref: files.enter_context((Path(scratch) / f"{i}.jsonl").open("w+", encoding="utf-8"))
            for i, ref in enumerate(refs)
        }
        counts: dict[str, Counter[str]] = {ref: Counter() for ref in refs}
        async for batch in compiled.entries:
            for entry in batch:
                spool = spools.get(entry[0])
                if spool is None:  # a recommendation the round no longer has
                    continue
                spool.write(json.dumps(entry[1:], ensure_ascii=False) + "\n")
                counts[entry[0]][entry[2]] += 1
        skeleton = Path(scratch) / "skeleton.docx"
        _skeleton(compiled, counts).save(str(skeleton))
        _assemble(skeleton, path, _body(compiled, spools, counts))
    return compiled.submitted


def _skeleton(compiled: Compilation, counts: dict[str, Counter[str]]) -> DocxDocument:
    round_ = compiled.round
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_paragraph(_clean(round_.document or "Consultation"), style="Subtitle")
    doc.add_paragraph(_clean(round_.title), style="Title")
    doc.add_paragraph("Compilation of the positions submitted by delegations")
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in (
        ("Round", round_.slug),
        ("Document symbol", round_.document or "—"),
        ("Deadline", when(round_.deadline, compiled.zone)),
        ("Compiled on", when(compiled.compiled_at, compiled.zone)),
        ("Delegations that submitted", f"{compiled.submitted} of {compiled.delegations}"),
    ):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, _clean(value)
    if round_.summaries and round_.document:
        doc.add_paragraph(f"The recommendations are summaries of {round_.document}, not the report's wording.")
    doc.add_paragraph(
        "Only positions a delegation submitted are compiled (its latest submission); answers changed "
        "afterwards and not submitted again are not included."
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading("Summary", level=1)
    doc.add_heading("Positions per recommendation", level=2)
    shown = [p for p in POSITIONS if any(c[p] for c in counts.values())] or list(POSITIONS[:5])
    table = doc.add_table(rows=1, cols=2 + len(shown))
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text = "Ref.", "Recommendation"
    for cell, position in zip(header[2:], shown, strict=True):
        cell.text = SHORT[position]
    for cell in header:
        for run in cell.paragraphs[0].runs:
            run.font.size, run.font.bold = Pt(8), True
    for item in round_.recommendations:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = _clean(item.ref), _clean(item.title)
        for cell, position in zip(cells[2:], shown, strict=True):
            cell.text = str(counts[item.ref][position])
    _widths(table, [Cm(1.9), Cm(16.4 - 1.9 - 1.7 * len(shown))] + [Cm(1.7)] * len(shown))
    doc.add_heading("Submitted delegations by regional group", level=2)
    groups = doc.add_table(rows=1, cols=3)
    groups.style = "Table Grid"
    head = groups.rows[0].cells
    head[0].text, head[1].text, head[2].text = "Group", "Submitted", "Delegations"
    for group in compiled.groups:
        cells = groups.add_row().cells
        cells[0].text = _clean(group.group)
        cells[1].text = f"{len(group.submitted)} of {group.total}"
        cells[2].text = _clean(", ".join(group.submitted)) or "—"
    _widths(groups, [Cm(4.5), Cm(2.2), Cm(9.7)])
    silent = doc.add_paragraph()
    silent.add_run(f"Did not respond ({len(compiled.silent)}): ").bold = True
    silent.add_run(_clean(", ".join(compiled.silent)) or "none")
    if compiled.view_holders:
        doc.add_heading("Views of other stakeholders", level=2)
        doc.add_paragraph(
            "UN system entities, intergovernmental bodies and civil society give views, not positions: "
            "they are counted and compiled apart from the Member States' positions above."
        )
        doc.add_paragraph(
            f"Stakeholders that submitted views: {len(compiled.view_submitted)} of {compiled.view_holders}"
            + (f" ({_clean(', '.join(compiled.view_submitted))})" if compiled.view_submitted else "")
        )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("Positions by recommendation", level=1)
    doc.add_paragraph(MARK)
    doc.add_heading("x", level=2)  # so that the Heading 2 and 3 styles are in the file: removed below
    doc.add_heading("x", level=3)
    for paragraph in doc.paragraphs[-2:]:
        paragraph._element.getparent().remove(paragraph._element)
    return doc


def _widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _body(compiled: Compilation, spools: dict[str, IO[str]], counts: dict[str, Counter[str]]) -> Iterator[str]:
    """The positions, recommendation by recommendation, as WordprocessingML paragraphs."""
    for item in compiled.round.recommendations:
        yield _paragraph(f"{item.ref} · {item.title}", style="Heading2")
        tally = counts[item.ref]
        summary = " · ".join(f"{_label(p)} {tally[p]}" for p in POSITIONS if tally[p])
        yield _paragraph(summary or "No delegation submitted a position on this recommendation.", italic=True)
        spool = spools[item.ref]
        spool.seek(0)
        entries = [json.loads(line) for line in spool]
        rank = {p: i for i, p in enumerate(POSITIONS)}
        entries.sort(key=lambda e: (rank.get(e[1], len(rank)), e[0].casefold()))
        for position in POSITIONS:
            group = [e for e in entries if e[1] == position]
            if not group:
                continue
            yield _paragraph(f"{_label(position)} ({len(group)})", style="Heading3")
            yield _paragraph(", ".join(name for name, *_ in group) + ".")
            for name, _, amendment, comment in group:
                if amendment:
                    yield _paragraph(amendment, lead=f"{name}, amendment: ")
                if comment:
                    yield _paragraph(comment, lead=f"{name}, comment: ")
        del entries
    if compiled.view_holders:
        yield _paragraph("Views of other stakeholders, by recommendation", style="Heading1")
        yield _paragraph("Views, not positions: not counted with the Member States' positions.", italic=True)
        for item in compiled.round.recommendations:
            found = [v for v in compiled.views if v[0] == item.ref]
            if not found:
                continue
            yield _paragraph(f"{item.ref} · {item.title} ({len(found)} views)", style="Heading2")
            for _, name, position, amendment, comment in sorted(found, key=lambda v: v[1].casefold()):
                yield _paragraph(_label(position), lead=f"{name}: ")
                if amendment:
                    yield _paragraph(amendment, lead=f"{name}, amendment: ")
                if comment:
                    yield _paragraph(comment, lead=f"{name}, comment: ")


def _paragraph(text: str, *, style: str = "", lead: str = "", italic: bool = False) -> str:
    """One paragraph; line breaks kept; `lead` in bold before the text."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    runs = f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{_xml(lead)}</w:t></w:r>' if lead else ""
    lines = _clean(text).split("\n")
    body = '</w:t><w:br/><w:t xml:space="preserve">'.join(_xml(line) for line in lines)
    style_run = "<w:rPr><w:i/></w:rPr>" if italic else ""
    return f'<w:p>{props}{runs}<w:r>{style_run}<w:t xml:space="preserve">{body}</w:t></w:r></w:p>'


def _assemble(skeleton: Path, target: Path, body: Iterator[str]) -> None:
    """The skeleton's zip with the body streamed into word/document.xml in place of the mark."""
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                with source.open(info) as part, out.open(info.filename, "w") as copy:
                    shutil.copyfileobj(part, copy)
                continue
            xml = source.read(info).decode("utf-8")
            at = xml.index(MARK)
            start = max(xml.rfind("<w:p>", 0, at), xml.rfind("<w:p ", 0, at))
            end = xml.index("</w:p>", at) + len("</w:p>")
            with out.open("word/document.xml", "w", force_zip64=True) as handle:
                handle.write(xml[:start].encode("utf-8"))
                chunk: list[str] = []
                size = 0
                for paragraph in body:
                    chunk.append(paragraph)
                    size += len(paragraph)
                    if size > 1 << 20:
                        handle.write("".join(chunk).encode("utf-8"))
                        chunk, size = [], 0
                handle.write("".join(chunk).encode("utf-8"))
                handle.write(xml[end:].encode("utf-8"))


def _label(position: str) -> str:
    return position_label("en", next((p for p in ORDER if p.value == position), None))


def _clean(value: str) -> str:
    return xml_safe(value)


def _xml(value: str) -> str:
    return escape(_clean(value))
