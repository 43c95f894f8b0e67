"""Page images of archive records, rendered as scanned-looking documents (Pillow, a CJK font).

A page is an A4 sheet at 150 dpi showing the filled-in form of its record (:mod:`kiosk.archive.page_content`).
Its smallest document text is ``BODY_PX`` page pixels high, and the PNG says so in a text chunk
(``TEXT_PX_KEY``), so a viewer can open the page at a zoom where that text has a readable size on screen.

The bytes are deterministic for a record, so the same record always has the same sha256 and a page is
stored and fetched once, by content.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from kiosk.archive.models import Record
from kiosk.archive.page_content import PageContent, kind_heading, page_content

#: Where Debian's fonts-wqy-microhei (installed by scripts/setup) puts its CJK font.
DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PAGE_SIZE = (1240, 1754)  # A4 at 150 dpi
#: The font size (page pixels) of the smallest text that belongs to the document: fields, table, notes.
BODY_PX = 44
#: PNG text chunk holding BODY_PX; a scan without it is assumed to have 10.5 pt text on A4 (1.75 % of width).
TEXT_PX_KEY = "Kiosk-Text-Px"
SCAN_TEXT_SHARE = 10.5 / 72 * 25.4 / 210
_MARGIN = 96
_INK = (30, 30, 30)


@lru_cache(maxsize=8)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path and Path(path).exists():
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # no CJK glyphs, but the page still has its layout and numbers


def render_pages(record: Record, font_path: str = DEFAULT_FONT) -> list[bytes]:
    """Every page of the record: the form's fields, then its table (continued on further pages)."""
    content = page_content(record)
    rows = list(content.table.rows) if content.table else []
    pages: list[bytes] = []
    first = True
    while first or rows:
        img, d = _sheet(record, font_path, continued=not first)
        y = 330
        if first:
            y = _fields(d, content, font_path, y)
        if content.table is not None:
            y, rows = _table(d, content, rows, font_path, y + 24)
        if not rows:
            y = _notes(d, content, font_path, y + 24)
        pages.append(img)
        first = False
    total = len(pages)
    return [_png(_footer(img, font_path, n, total)) for n, img in enumerate(pages, 1)]


def render_page(record: Record, font_path: str = DEFAULT_FONT) -> bytes:
    """The first page (what a catalogue preview shows)."""
    return render_pages(record, font_path)[0]


def _sheet(record: Record, font_path: str, continued: bool) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", PAGE_SIZE, (250, 247, 238))  # the off-white of old archive paper
    d = ImageDraw.Draw(img)
    w = PAGE_SIZE[0]
    d.text((w // 2, 130), kind_heading(record) + ("（续）" if continued else ""), font=_font(font_path, 64),
           fill=(20, 20, 20), anchor="mm")
    d.text((w // 2, 225), record.title, font=_font(font_path, 44), fill=_INK, anchor="mm")
    d.line((_MARGIN, 290, w - _MARGIN, 290), fill=(60, 60, 60), width=3)
    return img, d


def _fields(d: ImageDraw.ImageDraw, content: PageContent, font_path: str, y: int) -> int:
    font, w, key_w, row_h = _font(font_path, BODY_PX), PAGE_SIZE[0], 330, 76
    for key, value in content.fields:
        lines = _wrap(value, font, w - 2 * _MARGIN - key_w - 40)
        h = row_h + (len(lines) - 1) * (BODY_PX + 12)
        d.rectangle((_MARGIN, y, _MARGIN + key_w, y + h), outline=(90, 90, 90), width=2)
        d.rectangle((_MARGIN + key_w, y, w - _MARGIN, y + h), outline=(90, 90, 90), width=2)
        d.text((_MARGIN + 20, y + (row_h - BODY_PX) // 2), key, font=font, fill=_INK)
        for i, line in enumerate(lines):
            d.text((_MARGIN + key_w + 20, y + (row_h - BODY_PX) // 2 + i * (BODY_PX + 12)), line, font=font, fill=_INK)
        y += h
    return y


def _table(d: ImageDraw.ImageDraw, content: PageContent, rows: list[tuple[str, ...]], font_path: str,
           y: int) -> tuple[int, list[tuple[str, ...]]]:
    assert content.table is not None
    font, w, row_h = _font(font_path, BODY_PX), PAGE_SIZE[0], 64
    cols = len(content.table.headers)
    col_w = (w - 2 * _MARGIN) // cols
    bottom = PAGE_SIZE[1] - 260  # room for the notes, the seal and the page number
    for r, row in enumerate([content.table.headers, *rows]):
        if y + row_h > bottom:
            return y, rows[r - 1:]
        for c, cell in enumerate(row):
            x = _MARGIN + c * col_w
            d.rectangle((x, y, x + col_w, y + row_h), outline=(90, 90, 90), width=2,
                        fill=(236, 232, 220) if r == 0 else None)
            d.text((x + col_w // 2, y + row_h // 2), cell, font=font, fill=_INK, anchor="mm")
        y += row_h
    return y, []


def _notes(d: ImageDraw.ImageDraw, content: PageContent, font_path: str, y: int) -> int:
    font = _font(font_path, BODY_PX)
    for note in content.notes:
        for line in _wrap(note, font, PAGE_SIZE[0] - 2 * _MARGIN):
            d.text((_MARGIN, y), line, font=font, fill=_INK)
            y += BODY_PX + 16
    return y


def _footer(img: Image.Image, font_path: str, n: int, total: int) -> Image.Image:
    d = ImageDraw.Draw(img)
    w, h = PAGE_SIZE
    cx, cy = w - 260, h - 190
    d.ellipse((cx - 130, cy - 130, cx + 130, cy + 130), outline=(200, 30, 30), width=8)
    d.text((cx, cy + 10), "★", font=_font(font_path, 72), fill=(200, 30, 30), anchor="mm")
    d.text((w // 2, h - 60), f"第 {n} 页 / 共 {total} 页", font=_font(font_path, BODY_PX), fill=_INK, anchor="mm")
    return img


def _png(img: Image.Image) -> bytes:
    info = PngInfo()
    info.add_text(TEXT_PX_KEY, str(BODY_PX))
    out = io.BytesIO()
    img.quantize(colors=16).save(out, format="PNG", optimize=False, pnginfo=info)
    return out.getvalue()


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width_px: int) -> list[str]:
    """Lines that fit ``width_px`` (Chinese breaks between any two characters)."""
    lines, line = [], ""
    for ch in text:
        if line and font.getlength(line + ch) > width_px:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]
