"""What a technician's test prints carry: enough to judge the printer, nothing about anyone."""

from __future__ import annotations

import datetime as dt
import io

from kiosk.printing.receipt_layout import Feed, QrBlock, ReceiptLayout, Rule, TextLine


def self_test_receipt(kiosk_id: str, point_name: str, *, columns: int = 48,
                        now: dt.datetime | None = None) -> ReceiptLayout:
    """Chinese text, full-width punctuation (the characters that turn into '?' on a wrong code page),
    ASCII, bold, double size and a QR: one receipt shows every way the printer can get it wrong."""
    when = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    blocks = (
        TextLine("打印机自检 Printer self-test", align="center", bold=True),
        TextLine(point_name, align="center"),
        Rule(),
        TextLine(f"终端 kiosk: {kiosk_id}"),
        TextLine(f"时间 time: {when}"),
        TextLine("中文：档案证明（样张），请核对。"),
        TextLine("ASCII 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        TextLine("88", align="center", big=True),
        QrBlock(f"selftest:{kiosk_id}:{when}"),
        Rule("="),
        Feed(2),
    )
    return ReceiptLayout(blocks, columns)


def test_page_pdf(kiosk_id: str, point_name: str, *, now: dt.datetime | None = None) -> tuple[bytes, str]:
    """(one A4 page as PDF, a job title unique to this moment). Chinese text with the embedded CJK font,
    a frame at the printable margins and a grey ramp: alignment, font and toner at a glance."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from kiosk.printing.fonts import register_cjk_font

    when = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    font = register_cjk_font()
    page.setTitle(f"kiosk self-test {kiosk_id}")
    page.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    page.setFont(font, 20)
    page.drawString(25 * mm, height - 35 * mm, "文档打印机自检 Document printer self-test")
    page.setFont(font, 12)
    for i, line in enumerate((point_name, f"终端 kiosk: {kiosk_id}", f"时间 time: {when}",
                              "中文：档案证明（样张），请核对页边距与字体。")):
        page.drawString(25 * mm, height - (50 + 9 * i) * mm, line)
    for step in range(11):
        page.setFillGray(step / 10)
        page.rect((25 + 15 * step) * mm, 120 * mm, 15 * mm, 15 * mm, fill=1, stroke=0)
    page.showPage()
    page.save()
    return out.getvalue(), f"selftest-{kiosk_id}-{when}"
