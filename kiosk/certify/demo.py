"""A demo record page, drawn the way a scanned archive page looks enough for a demo certified copy."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.archive.models import Record

PAGE_SIZE = (1000, 1400)


def demo_page_png(record: Record, holder_name: str, font_path: Path) -> bytes:
    """One page (PNG) naming the record and its holder, in the given CJK font."""
    image = Image.new("RGB", PAGE_SIZE, (250, 247, 238))  # the off-white of old archive paper
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.truetype(str(font_path), 40)
    body_font = ImageFont.truetype(str(font_path), 28)
    draw.text((PAGE_SIZE[0] // 2, 110), record.title, font=title_font, fill=(20, 20, 20), anchor="mm")
    lines = [
        f"档号：{record.reference}",
        f"形成机关：{record.office}",
        f"年度：{record.year}",
        f"姓名：{holder_name}",
        "",
        "兹证明上述人员档案记载事项属实。",
    ]
    y = 220
    for line in lines:
        draw.text((100, y), line, font=body_font, fill=(30, 30, 30))
        y += 56
    draw.rectangle((60, 60, PAGE_SIZE[0] - 60, PAGE_SIZE[1] - 60), outline=(80, 80, 80), width=3)
    draw.ellipse((620, 1020, 880, 1280), outline=(190, 30, 30), width=8)  # the office's seal
    draw.text((750, 1150), record.office[:6], font=body_font, fill=(190, 30, 30), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
