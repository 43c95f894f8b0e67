"""A PNG of a simulated receipt as the printer would have printed it (demo screen, technicians)."""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw

from hardware.receipt.cells import LINE_DOTS, draw_cells, text_dots
from hardware.receipt.paper import Line, Picture, PrintedReceipt
from kiosk.printing.fonts import find_cjk_font

LINE_GAP = 6
MARGIN = 8


def render_preview(receipt: PrintedReceipt, dots: int = 576, font_path: Path | None = None) -> bytes:
    font_file = str(font_path or find_cjk_font())
    parts: list[Image.Image] = []
    for element in receipt.elements:
        if isinstance(element, Line):
            parts.append(_line(element, dots, font_file))
        elif isinstance(element, Picture):
            parts.append(_place(element.image.convert("L"), dots, element.align))
        else:
            code = qrcode.QRCode(box_size=element.module_size, border=2)
            code.add_data(element.payload)
            code.make(fit=True)
            parts.append(_place(code.make_image().get_image().convert("L"), dots, "center"))
    height = sum(p.height for p in parts) + 2 * MARGIN + (12 if receipt.cut else 0)
    page = Image.new("L", (dots, max(height, 2 * MARGIN)), 255)
    y = MARGIN
    for part in parts:
        page.paste(part, (0, y))
        y += part.height
    if receipt.cut:
        draw = ImageDraw.Draw(page)
        for x in range(0, dots, 16):
            draw.line((x, y + 6, x + 8, y + 6), fill=0, width=2)
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _line(line: Line, dots: int, font_file: str) -> Image.Image:
    height = max((s.style.height for s in line.spans), default=1)
    image = Image.new("L", (dots, LINE_DOTS * height + LINE_GAP), 255)
    total = sum(text_dots(s.text, s.style.width) for s in line.spans)
    x = {"center": (dots - total) // 2, "right": dots - total}.get(line.style.align, 0)
    x = max(0, x)
    for span in line.spans:
        st = span.style
        x = draw_cells(image, x, LINE_DOTS * (height - st.height), span.text, font_file, width=st.width,
                       height=st.height, bold=st.bold)
    return image


def _place(image: Image.Image, dots: int, align: str) -> Image.Image:
    row = Image.new("L", (dots, image.height), 255)
    x = {"center": (dots - image.width) // 2, "right": dots - image.width}.get(align, 0)
    row.paste(image.crop((0, 0, min(image.width, dots), image.height)), (max(0, x), 0))
    return row
