"""The summary as a Word report (DOCX), with a participation chart, for a municipality's files.

Organisers paste from it, print it and archive it, so it uses Word's own structure:
the Title and Heading 1/2/3 styles (a navigable outline and a table of contents work),
real tables with repeating header rows, a chart image with alternative text, and the
document's language and title set. The chart is drawn with Pillow in colour-blind-safe
colours (Okabe-Ito) with each bar's value on top, so it also reads in grey print.
No Flask here: texts come through the ``translate`` callable the Markdown renderer takes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image, ImageDraw, ImageFont

from dialogcafe.domain.errors import N_
from dialogcafe.domain.output_text import clean_strings
from dialogcafe.domain.summaries import RoundSection, SessionSummary, TableSummary
from dialogcafe.exports.labels import (
    Translate,
    author_label,
    header_facts,
    untranslated,
    votes_label,
)

# Okabe-Ito: told apart with every common colour-vision deficiency, and of different lightness.
ROUND_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
_LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "no": "nb-NO", "en": "en-GB"}
_MUTED = RGBColor(0x4A, 0x4A, 0x4A)  # 9:1 on white: muted but well above WCAG AA
_CHART_SIZE = (1600, 900)
_INK = "#1A1A1A"
_GRID = "#C8C8C8"


def language_tag(language: str) -> str:
    """A BCP 47 tag Word understands ("nb" → "nb-NO"); "" when unknown."""
    language = language.replace("_", "-").strip()
    return _LANGUAGE_TAGS.get(language.lower(), language)


# --- the chart -----------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font, so the chart looks the same on every machine."""
    return ImageFont.load_default(size=size)


def _nice_step(maximum: int) -> int:
    """A tick step of 1, 2 or 5 × 10ⁿ giving at most six gridlines."""
    if maximum <= 5:
        return 1
    magnitude = 10 ** math.floor(math.log10(maximum / 5))
    for factor in (1, 2, 5, 10):
        if maximum / (factor * magnitude) <= 5:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _text_size(draw: ImageDraw.ImageDraw, text: str, font: object) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)  # type: ignore[arg-type]
    return int(right - left), int(bottom - top)


def participation_chart_png(summary: SessionSummary, translate: Translate = untranslated) -> bytes:
    """A grouped bar chart of inputs per table (groups) and round (colours), as PNG.

    Drawn at 1600×900 pixels for a 16 cm wide print (about 250 dpi), with axis titles,
    a legend and each bar's value, in colours that stay distinct for colour-blind readers.
    """
    t = translate
    width, height = _CHART_SIZE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    label_font, title_font, value_font = _font(34), _font(38), _font(30)

    rounds = max((len(table.rounds) for table in summary.tables), default=0)
    maximum = max((cell.posts for cell in summary.participation), default=0)
    step = _nice_step(max(maximum, 1))
    top_value = max(step, math.ceil(max(maximum, 1) / step) * step)

    # Legend: one swatch per round, in a row along the top.
    legend_y, x = 30, 200
    for rnd in range(1, rounds + 1):
        label = t(N_("Round {round}")).format(round=rnd)
        colour = ROUND_COLOURS[(rnd - 1) % len(ROUND_COLOURS)]
        draw.rectangle((x, legend_y, x + 40, legend_y + 40), fill=colour, outline=_INK, width=2)
        draw.text((x + 52, legend_y + 20), label, fill=_INK, font=label_font, anchor="lm")
        x += 52 + _text_size(draw, label, label_font)[0] + 50

    left, right, top, bottom = 200, width - 40, 130, height - 170
    # Y axis: gridlines and values, and its title turned on its side.
    for value in range(0, top_value + 1, step):
        y = bottom - (bottom - top) * value / top_value
        draw.line((left, y, right, y), fill=_GRID if value else _INK, width=2)
        draw.text((left - 16, y), str(value), fill=_INK, font=label_font, anchor="rm")
    y_title = t(N_("Inputs"))
    tw, th = _text_size(draw, y_title, title_font)
    turned = Image.new("RGBA", (tw + 20, th + 30), (255, 255, 255, 0))
    ImageDraw.Draw(turned).text((10, 5), y_title, fill=_INK, font=title_font)
    turned = turned.rotate(90, expand=True)
    image.paste(turned, (30, (top + bottom) // 2 - turned.height // 2), turned)
    draw.line((left, top, left, bottom), fill=_INK, width=3)

    # Bars: one group per table, one bar per round.
    tables = summary.tables
    group_width = (right - left) / max(len(tables), 1)
    bar_width = min(group_width * 0.8 / max(rounds, 1), 160)
    show_values = bar_width >= 28
    for index, table in enumerate(tables):
        group_left = left + group_width * (index + 0.5) - bar_width * rounds / 2
        for section in table.rounds:
            x0 = group_left + bar_width * (section.round - 1)
            y0 = bottom - (bottom - top) * section.post_count / top_value
            colour = ROUND_COLOURS[(section.round - 1) % len(ROUND_COLOURS)]
            if section.post_count:
                draw.rectangle((x0 + 2, y0, x0 + bar_width - 2, bottom), fill=colour, outline=_INK)
            if show_values:
                draw.text(
                    (x0 + bar_width / 2, y0 - 8),
                    str(section.post_count),
                    fill=_INK,
                    font=value_font,
                    anchor="mb",
                )
        label = t(N_("Table {table}")).format(table=table.table)
        if len(tables) > 8:
            label = str(table.table)
        draw.text(
            (left + group_width * (index + 0.5), bottom + 16),
            label,
            fill=_INK,
            font=label_font,
            anchor="mt",
        )
    x_title = t(N_("Table"))
    draw.text(((left + right) / 2, height - 40), x_title, fill=_INK, font=title_font, anchor="mb")

    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


# --- the document --------------------------------------------------------------------------


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


def _table(document: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """A grid table whose header row repeats on every printed page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    head = table.rows[0]
    row_properties = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return table


def _muted(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.color.rgb = _MUTED
    run.font.size = Pt(9.5)


def _header(document: DocxDocument, summary: SessionSummary, t: Translate) -> None:
    document.add_heading(summary.title, level=0)
    if summary.description:
        document.add_paragraph(summary.description)
    facts, people, created = header_facts(summary, t)
    document.add_paragraph(facts)
    document.add_paragraph(people)
    _muted(document.add_paragraph(), created)


def _participation(document: DocxDocument, summary: SessionSummary, t: Translate) -> None:
    document.add_heading(t(N_("Participation")), level=1)
    if not summary.participation:
        document.add_paragraph(t(N_("No rounds held yet.")))
        return
    document.add_picture(io.BytesIO(participation_chart_png(summary, t)), width=Cm(16))
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", t(N_("Bar chart: inputs per table and round.")))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(t(N_("Inputs per table and round.")), style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    topics = {(table.table, s.round): s.topic for table in summary.tables for s in table.rounds}
    _table(
        document,
        [t(N_("Table")), t(N_("Round")), t(N_("Question")), t(N_("People")), t(N_("Inputs"))],
        [
            [
                str(cell.table),
                str(cell.round),
                topics[(cell.table, cell.round)],
                str(cell.participants),
                str(cell.posts),
            ]
            for cell in summary.participation
        ],
    )
    _muted(
        document.add_paragraph(),
        t(
            N_(
                "People: those seated at the table in that round, and anyone who wrote there; "
                "where no seating was recorded, those who wrote at least one input."
            )
        ),
    )


def _ranking(document: DocxDocument, summary: SessionSummary, t: Translate) -> None:
    document.add_heading(t(N_("Priorities (dot-voting)")), level=1)
    if not summary.ranking:
        document.add_paragraph(t(N_("No dots or likes were given.")))
        return
    document.add_paragraph(t(N_("Inputs with the most dots, then the most likes.")))
    _table(
        document,
        ["#", t(N_("Input")), t(N_("Table")), t(N_("Round")), t(N_("Dots")), t(N_("Likes"))],
        [
            [
                str(ranked.rank),
                ranked.post.text,
                str(ranked.table),
                str(ranked.round),
                str(ranked.post.dots),
                str(ranked.post.likes),
            ]
            for ranked in summary.ranking
        ],
    )


def _round(document: DocxDocument, section: RoundSection, t: Translate) -> None:
    heading = t(N_("Round {round}: {topic}")).format(round=section.round, topic=section.topic)
    document.add_heading(heading, level=2)
    _muted(
        document.add_paragraph(),
        t(N_("People: {people} · Inputs: {inputs}")).format(
            people=section.participants, inputs=section.post_count
        ),
    )
    if section.synthesis:
        document.add_heading(t(N_("Table host's synthesis")), level=3)
        document.add_paragraph(section.synthesis, style="Quote")
    document.add_heading(t(N_("Inputs")), level=3)
    if not section.posts:
        document.add_paragraph(t(N_("No inputs.")))
        return
    for item in section.posts:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(item.text)
        who = author_label(item, t)
        if who:
            paragraph.add_run(f" — {who}").italic = True
        _muted(paragraph, f" ({votes_label(item, t)})")


def _table_section(document: DocxDocument, table: TableSummary, t: Translate) -> None:
    document.add_heading(t(N_("Table {table}")).format(table=table.table), level=1)
    if not table.rounds:
        document.add_paragraph(t(N_("No rounds held yet.")))
    for section in table.rounds:
        _round(document, section, t)


def render_docx(
    summary: SessionSummary, translate: Translate = untranslated, *, language: str = ""
) -> bytes:
    """The whole session as a Word document: facts, participation, priorities, then tables.

    lxml refuses text that is not XML 1.0, so the summary's text is cleaned first
    (``output_text``): a stored control character must not make the report fail.
    """
    t = translate
    summary = clean_strings(summary)
    document = Document()
    properties = document.core_properties
    properties.title = summary.title
    properties.subject = t(N_("Summary of a dialogue café"))
    properties.author = "Dialogkafé"
    properties.last_modified_by = "Dialogkafé"
    properties.comments = ""
    properties.keywords = summary.join_code
    properties.created = properties.modified = summary.generated_at
    properties.revision = 1
    tag = language_tag(language)
    if tag:
        _set_language(document, tag)
    _header(document, summary, t)
    document.add_heading(t(N_("Questions")), level=1)
    for number, topic in enumerate(summary.topics, 1):
        document.add_paragraph(f"{number}. {topic}")
    _participation(document, summary, t)
    _ranking(document, summary, t)
    for table in summary.tables:
        _table_section(document, table, t)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
