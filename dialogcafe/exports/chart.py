"""The participation chart both reports show: inputs per table (groups) and round (colours).

Drawn with Pillow in colour-blind-safe colours (Okabe-Ito) with each bar's value on top, so
it also reads in grey print; its own module so the PDF report needs no python-docx.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from dialogcafe.domain.errors import N_
from dialogcafe.domain.summaries import SessionSummary
from dialogcafe.exports.labels import Translate, untranslated

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
_CHART_SIZE = (1600, 900)
_INK = "#1A1A1A"
_GRID = "#C8C8C8"


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
