"""The certified copy (档案证明) as a PDF/A-2b: each record page under an extract header, with a watermark,
the verification code and QR, and "第 x 页 / 共 y 页". The Chinese font is embedded (subset), and no other
font is referenced, so the copy prints the same on any printer and viewer; :mod:`.pdfa` makes it archival.
The watermark is drawn into the record page's picture, not set as text: a text layer would mix it into
what a screen reader or ``pdftotext`` reads of the record.

Pure layout: the verification code and QR payload come in ready-made from the certificates code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kiosk.clock import DEFAULT_ZONE, zone
from kiosk.errors import PrintContentError
from kiosk.printing.fonts import find_cjk_font, register_cjk_font
from kiosk.printing.pdfa import ArchivalInfo, to_pdfa

MARGIN = 36.0
HEADER_HEIGHT = 92.0
FOOTER_HEIGHT = 110.0
#: The QR symbol's width without its quiet zone: 30 mm keeps a version 8 module at 0.6 mm, which a phone
#: photo or a 150 dpi scan still resolves.
QR_SYMBOL = 30 * mm
QR_QUIET_MODULES = 4


@dataclass
class CertifiedCopy:
    title: str
    reference: str  # 档号
    archive_code: str
    record_type: str
    year: str | int
    office: str
    pages: list[bytes]  # page images, PNG
    point_name: str
    kiosk_id: str
    issued_at: str  # as printed: the point's local time, YYYY-MM-DD HH:MM[:SS]
    purpose: str
    masked_subject: str  # already masked (张*英): the copy never needs the full name to be checked
    verification_code: str
    qr_payload: str
    #: Printed under the header; the wording a district uses for its extracts.
    extract_note: str = field(default="本件系依据馆藏档案原件摘录，与原件内容一致。")
    #: The zone ``issued_at`` is in: the document's dates say the same instant.
    timezone: str = DEFAULT_ZONE


def render_certified_copy(copy: CertifiedCopy) -> bytes:
    """The whole copy as PDF/A-2b bytes. Same input → same bytes, so a reprint is identical."""
    if not copy.pages:
        raise PrintContentError("a certified copy needs at least one record page", code="PRINT_NO_PAGES")
    font = register_cjk_font()
    mark = watermark_text(copy)
    images = [_page_image(png, i, mark) for i, png in enumerate(copy.pages, start=1)]
    qr = qr_modules(copy.qr_payload)
    out = io.BytesIO()
    # invariant: no clock or random id in ReportLab's output (the archival dates are set by to_pdfa);
    # initialFontName: without it every page names Helvetica, a font nobody embeds.
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1, initialFontName=font, initialFontSize=10)
    total = len(images)
    for number, image in enumerate(images, start=1):
        _draw_header(canvas, font, copy)
        _draw_record_page(canvas, image)
        _draw_footer(canvas, font, copy, qr, number, total)
        canvas.showPage()
    canvas.save()
    return to_pdfa(out.getvalue(), ArchivalInfo(title=f"档案证明 {copy.reference}", author=copy.point_name,
                                                subject=f"验证码 {copy.verification_code}",
                                                created=_issued(copy)))


def _issued(copy: CertifiedCopy) -> datetime:
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(copy.issued_at, pattern).replace(tzinfo=zone(copy.timezone))
        except ValueError:
            continue
    raise PrintContentError(f"the time of issue {copy.issued_at!r} is not YYYY-MM-DD HH:MM[:SS]",
                            code="PRINT_BAD_TIME")


def watermark_text(copy: CertifiedCopy) -> str:
    return f"{copy.point_name}  {copy.issued_at}  仅限{copy.purpose}使用"


def _page_image(png: bytes, number: int, mark: str) -> ImageReader:
    from PIL import Image

    try:
        page = Image.open(io.BytesIO(png))
        page.load()
    except Exception:  # Pillow raises several unrelated types for a broken image
        raise PrintContentError(f"record page {number} is not a readable image", code="PRINT_BAD_PAGE",
                                detail={"page": number}) from None
    # As PNG bytes: ReportLab names an image by its bytes, so the same page gives the same PDF every time.
    encoded = io.BytesIO()
    _watermarked(page, mark).save(encoded, format="PNG")  # type: ignore[attr-defined]
    return ImageReader(encoded)


def _watermarked(page: object, text: str) -> object:
    """The record page with the watermark drawn into its pixels: rows of faint red text at 35 degrees, so a
    crop of the page image still carries where, when and why it was issued."""
    from PIL import Image, ImageDraw, ImageFont

    base = page.convert("RGB")  # type: ignore[attr-defined]
    width, height = base.size
    size = max(12, width // 40)
    font = ImageFont.truetype(str(find_cjk_font()), size, index=0)
    side = int((width ** 2 + height ** 2) ** 0.5)
    layer = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(layer)
    step = size * 7
    for row in range(-side // step, side // step + 1):
        draw.text((side // 2, side // 2 + row * step), text, font=font, fill=255, anchor="mm")
    layer = layer.rotate(35, resample=Image.Resampling.BILINEAR)
    left, top = (side - width) // 2, (side - height) // 2
    alpha = layer.crop((left, top, left + width, top + height)).point(lambda v: v * 33 // 255)
    tint = Image.new("RGB", base.size, (153, 26, 26))
    return Image.composite(tint, base, alpha)


def qr_modules(text: str) -> list[list[bool]]:
    """The QR's dark modules, row by row, without quiet zone. Medium error correction survives a fold or a
    smudge on paper and keeps the code small enough to scan from a phone at arm's length."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


def _draw_qr(canvas: Canvas, modules: list[list[bool]], x: float, y: float) -> float:
    """Draws the QR as vector squares (crisp at any printer or scanner resolution) with its white quiet
    zone, lower left corner at (x, y); returns the width taken, quiet zone included."""
    count = len(modules)
    module = QR_SYMBOL / count
    quiet = QR_QUIET_MODULES * module
    total = QR_SYMBOL + 2 * quiet
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, total, total, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, cells in enumerate(modules):
        top = y + quiet + (count - row) * module
        col = 0
        while col < count:  # one rectangle per run of dark modules keeps the page small
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < count and cells[col]:
                col += 1
            path.rect(x + quiet + start * module, top - module, (col - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return total


def _draw_header(canvas: Canvas, font: str, copy: CertifiedCopy) -> None:
    width, height = A4
    top = height - MARGIN
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, 18)
    canvas.drawCentredString(width / 2, top - 18, "档案证明（摘录）")
    canvas.setFont(font, 10)
    lines = [
        f"档号：{copy.reference}    档案馆代码：{copy.archive_code}    类别：{copy.record_type}    年度：{copy.year}",
        f"题名：{copy.title}",
        f"形成机关：{copy.office}    当事人：{copy.masked_subject}",
        copy.extract_note,
    ]
    y = top - 36
    for line in lines:
        for part in wrap_text(line, font, 10, width - 2 * MARGIN):
            canvas.drawString(MARGIN, y, part)
            y -= 13
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, height - MARGIN - HEADER_HEIGHT, width - MARGIN, height - MARGIN - HEADER_HEIGHT)


def _draw_record_page(canvas: Canvas, image: ImageReader) -> None:
    width, height = A4
    box_w = width - 2 * MARGIN
    box_h = height - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT - 12
    img_w, img_h = image.getSize()
    scale = min(box_w / img_w, box_h / img_h)
    w, h = img_w * scale, img_h * scale
    x = MARGIN + (box_w - w) / 2
    y = MARGIN + FOOTER_HEIGHT + 6 + (box_h - h) / 2
    canvas.drawImage(image, x, y, w, h)
    canvas.setLineWidth(0.3)
    canvas.rect(x, y, w, h)


def _draw_footer(canvas: Canvas, font: str, copy: CertifiedCopy, qr: list[list[bool]], number: int,
                 total: int) -> None:
    width, _ = A4
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, MARGIN + FOOTER_HEIGHT, width - MARGIN, MARGIN + FOOTER_HEIGHT)
    qr_width = QR_SYMBOL + 2 * QR_QUIET_MODULES * QR_SYMBOL / len(qr)
    _draw_qr(canvas, qr, width - MARGIN - qr_width, MARGIN + FOOTER_HEIGHT - 2 - qr_width)
    canvas.setFont(font, 12)
    canvas.drawString(MARGIN, MARGIN + FOOTER_HEIGHT - 18, f"验证码：{copy.verification_code}")
    canvas.setFont(font, 9)
    text_width = width - 2 * MARGIN - qr_width - 12
    lines = [
        f"出证：{copy.point_name}（{copy.kiosk_id}）    时间：{copy.issued_at}",
        f"用途：{copy.purpose}",
        "扫描右侧二维码或在任一服务点输入验证码核验本证明。",
    ]
    y = MARGIN + FOOTER_HEIGHT - 34
    for line in lines:
        for part in wrap_text(line, font, 9, text_width):
            canvas.drawString(MARGIN, y, part)
            y -= 12
    canvas.setFont(font, 10)
    canvas.drawCentredString(width / 2, MARGIN - 14, f"第 {number} 页 / 共 {total} 页")


def wrap_text(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Breaks a line by width, character by character: Chinese has no spaces to break at."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and stringWidth(current + ch, font, size) > max_width:
            lines.append(current)
            current = ch
        else:
            current += ch
    return [*lines, current] if current or not lines else lines
