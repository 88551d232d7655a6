"""The report as a Word document (DOCX) for a municipality's files.

The content is :mod:`report`'s, the same as the PDF's; this lays it out in Word's own
structure: A4 with 2.5 cm margins, the Title and Heading 1/2/3 styles (a navigable outline
and a table of contents work), real tables with fixed column widths and header rows that
repeat on every page, the chart with alternative text, and the document's language and
title set. No Flask here: texts come through the ``translate`` callable.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import SessionSummary
from dialogcafe.domain.translations import text_direction
from dialogcafe.exports.labels import Translate, language_tag, untranslated
from dialogcafe.exports.report import (
    PAGE_MARGIN_CM,
    TEXT_WIDTH_CM,
    Block,
    Chart,
    DocumentInfo,
    Field,
    Grid,
    Heading,
    PageBreak,
    Text,
    cafe_document_info,
    report_blocks,
)

_MUTED = RGBColor(0x4A, 0x4A, 0x4A)  # 9:1 on white: muted but well above WCAG AA
_GRID_TEXT = Pt(9.5)


def _set_language(document: DocxDocument, tag: str) -> None:
    """Declare the text's language, for spell checking and screen readers."""
    document.core_properties.language = tag
    rpr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if rpr is None:  # pragma: no cover - python-docx's template has it
        return
    properties = rpr.find(qn("w:rPr"))
    if properties is None:  # pragma: no cover - python-docx's template has it
        properties = OxmlElement("w:rPr")
        rpr.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)


def _follow_direction(paragraph: Paragraph) -> Paragraph:
    """A right-to-left text (an Arabic input, by its first strong letter as ``dir="auto"``)
    becomes a bidi paragraph with right-to-left runs: Word lays it out from the right.
    Word orders the letters and mixed runs itself."""
    if text_direction(paragraph.text) != "rtl":
        return paragraph
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    return paragraph


def _a4(document: DocxDocument) -> None:
    """A4 portrait with margins that leave :data:`TEXT_WIDTH_CM` for text."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(PAGE_MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(PAGE_MARGIN_CM)


def _grid(document: DocxDocument, grid: Grid) -> None:
    """A grid table with fixed column widths (Word and LibreOffice both keep them), whose
    header row repeats on every printed page."""
    table = document.add_table(rows=1, cols=len(grid.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, grid.widths, strict=True):
        column.width = Cm(width)
    head = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(repeat)
    for values, bold in ((grid.header, True), *((row, False) for row in grid.rows)):
        row = head if bold else table.add_row()
        for cell, text, width in zip(row.cells, values, grid.widths, strict=True):
            cell.width = Cm(width)
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
            run.font.size = _GRID_TEXT
            _follow_direction(cell.paragraphs[0])
    document.add_paragraph()


def _text(document: DocxDocument, block: Text) -> None:
    if block.style == "quote":
        _follow_direction(document.add_paragraph(block.text, style="Quote"))
        return
    paragraph = document.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.style in ("muted", "note"):
        run.font.color.rgb = _MUTED
        run.font.size = Pt(9.5)
        paragraph.paragraph_format.keep_with_next = block.style == "note"
    elif block.style == "label":
        run.bold = True
        paragraph.paragraph_format.keep_with_next = True
    _follow_direction(paragraph)


def _chart(document: DocxDocument, chart: Chart) -> None:
    document.add_picture(io.BytesIO(chart.png), width=Cm(TEXT_WIDTH_CM))
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", chart.description)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(chart.caption, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _add(document: DocxDocument, block: Block) -> None:
    if isinstance(block, Heading):
        heading = _follow_direction(document.add_heading(block.text, level=block.level))
        if block.level == 0:  # the title page: the title a third down the page
            heading.paragraph_format.space_before = Cm(6)
    elif isinstance(block, Text):
        _text(document, block)
    elif isinstance(block, Field):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{block.label}: ").bold = True
        paragraph.add_run(block.value)
    elif isinstance(block, Grid):
        _grid(document, block)
    elif isinstance(block, Chart):
        _chart(document, block)
    elif isinstance(block, PageBreak):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(
    summary: SessionSummary, translate: Translate = untranslated, *, language: str = ""
) -> bytes:
    """The report (:func:`report.report_blocks`) as a Word document.

    lxml refuses text that is not XML 1.0, so the summary's text is cleaned first
    (``output_text``): a stored control character must not make the report fail.
    """
    summary = clean_strings(summary)
    return render_blocks_docx(
        report_blocks(summary, translate, language),
        cafe_document_info(summary, translate),
        language=language,
    )


def render_blocks_docx(blocks: Iterable[Block], info: DocumentInfo, *, language: str = "") -> bytes:
    """Any report's blocks (a café's, a project's) as a Word document described by ``info``;
    the blocks' text must be clean already (``output_text.clean_strings``)."""
    document = Document()
    properties = document.core_properties
    properties.title = info.title
    properties.subject = info.subject
    properties.author = "Dialogkafé"
    properties.last_modified_by = "Dialogkafé"
    properties.comments = ""
    properties.keywords = info.keywords
    properties.created = properties.modified = info.created
    properties.revision = 1
    tag = language_tag(language)
    if tag:
        _set_language(document, tag)
    _a4(document)
    for block in blocks:
        _add(document, block)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
