from __future__ import annotations

from kiosk.printing.receipt_content import SessionSummary, compose_receipt, demo_summary
from kiosk.printing.receipt_layout import QrBlock, ReceiptLayout, text_columns, wrap_columns


def test_the_receipt_names_everything_the_resident_needs():
    text = compose_receipt(demo_summary()).plain_text()
    for expected in ("文新街道社区档案便民服务点", "2026-11-25 14:05", "办理人：张*英", "城镇职工基本养老保险缴费记录",
                     "验证码：7K3Q-9F2M", "[QR KC1.cert-0001.3f9a.sig]", "申请号：SQ-20261125-0007",
                     "由临安区档案馆办理", "携带身份证原件", "A012"):
        assert expected in text


def test_only_the_masked_name_reaches_the_paper():
    layout = compose_receipt(SessionSummary("点", "k", "t", name="欧阳秀英"))
    assert "欧**英" in layout.plain_text() and "欧阳秀英" not in layout.to_json()


def test_lines_fit_the_paper_counting_chinese_as_two_columns():
    for columns in (32, 48):
        layout = compose_receipt(demo_summary(), columns)
        for block in layout.blocks:
            if hasattr(block, "text"):
                assert text_columns(block.text) * (2 if block.big else 1) <= columns
    assert wrap_columns("档案" * 5, 8) == ["档案档案", "档案档案", "档案"]


def test_the_layout_travels_through_json_unchanged():
    layout = compose_receipt(demo_summary())
    assert ReceiptLayout.from_json(layout.to_json()) == layout
    assert sum(isinstance(b, QrBlock) for b in layout.blocks) == 1
