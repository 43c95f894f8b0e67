"""Page images of archive records, rendered as scanned-looking documents (Pillow, a CJK font).

The bytes are deterministic for a record, so the same record always has the same sha256 and a page is
stored and fetched once, by content.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.archive.models import Record
from kiosk.archive.types import label

#: Where Debian's fonts-wqy-microhei (installed by scripts/setup) puts its CJK font.
DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PAGE_SIZE = (620, 877)  # A4 proportions, enough to read on the kiosk screen


@lru_cache(maxsize=8)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path and Path(path).exists():
        return ImageFont.truetype(path, size)
    return ImageFont.load_default()  # no CJK glyphs, but the page still has its layout and numbers


def render_page(record: Record, font_path: str = DEFAULT_FONT) -> bytes:
    """One PNG page showing the record's catalogue data and text, with the issuing office's seal."""
    img = Image.new("RGB", PAGE_SIZE, (250, 247, 238))
    d = ImageDraw.Draw(img)
    big, mid, small = _font(font_path, 30), _font(font_path, 20), _font(font_path, 16)
    w, _h = PAGE_SIZE
    d.text((w // 2, 60), label(record.record_type), font=big, fill=(20, 20, 20), anchor="mm")
    d.text((w // 2, 105), record.title, font=mid, fill=(40, 40, 40), anchor="mm")
    d.line((40, 135, w - 40, 135), fill=(60, 60, 60), width=2)
    fields = [("档号", record.reference), ("全宗号", record.fonds), ("年度", str(record.year)),
              ("日期", record.date), ("责任者", record.office), ("保管期限", record.retention),
              ("姓名", "、".join(record.names))]
    y = 160
    for key, value in fields:
        d.rectangle((40, y, 170, y + 40), outline=(90, 90, 90))
        d.rectangle((170, y, w - 40, y + 40), outline=(90, 90, 90))
        d.text((55, y + 10), key, font=mid, fill=(30, 30, 30))
        d.text((185, y + 10), value, font=mid, fill=(30, 30, 30))
        y += 40
    y += 30
    for line in _wrap(record.body, 30):
        d.text((50, y), line, font=small, fill=(50, 50, 50))
        y += 28
    cx, cy = w - 150, PAGE_SIZE[1] - 150
    d.ellipse((cx - 80, cy - 80, cx + 80, cy + 80), outline=(200, 30, 30), width=5)
    d.text((cx, cy - 10), record.office[:8], font=small, fill=(200, 30, 30), anchor="mm")
    d.text((cx, cy + 25), "★", font=mid, fill=(200, 30, 30), anchor="mm")
    out = io.BytesIO()
    img.quantize(colors=16).save(out, format="PNG", optimize=False)
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]
