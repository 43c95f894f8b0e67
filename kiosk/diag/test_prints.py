"""What a technician's test prints carry: enough to judge the printer, nothing about anyone."""

from __future__ import annotations

import datetime as dt

from kiosk.printing.receipt_layout import Feed, QrBlock, ReceiptLayout, Rule, TextLine


def test_receipt_layout(kiosk_id: str, point_name: str, *, columns: int = 48,
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
