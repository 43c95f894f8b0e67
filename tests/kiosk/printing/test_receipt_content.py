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


def test_a_visit_in_english_gets_an_english_receipt():
    """What was viewed, printed, requested and the guide put on it: all in English, but the masked name."""
    import re

    from kiosk.archive.demo_records import demo_records
    from kiosk.guides.book import GuideBook, next_step_lines
    from kiosk.printing.visit_receipt import visit_summary
    from kiosk.session import SessionData
    from kiosk.session_records import VisitCopy, VisitRequest
    from tests.conftest import ROOT

    marriage = next(r for r in demo_records() if r.record_type == "marriage")
    guide = GuideBook.load(ROOT / "config" / "guides").get("marriage", "property_transfer")
    data = SessionData(records=[marriage], viewed=[marriage.record_id],
                       printed=[VisitCopy(title=marriage.title, verification_code="7K3Q-9F2M-AB12", pages=1,
                                          reference=marriage.reference, record_id=marriage.record_id),
                                VisitCopy(title="档案证明（异地出证）", verification_code="8K3Q-9F2M-AB12",
                                          request_id="r1")],
                       requests=[VisitRequest("r2", "only_child", 1993, "CA0C30CA", 3, "临安区档案馆")],
                       next_steps=next_step_lines(guide, language="en"))
    for language, english in (("en", True), ("zh_CN", False)):
        summary = visit_summary(data, point_name="Wenxin Street Service Point", kiosk_id="k1",
                                printed_at="2026-12-05 10:00", language=language)
        text = compose_receipt(SessionSummary.from_json(summary.to_json())).plain_text()
        chinese = re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", text)
        if english:
            assert not chinese, chinese
            for expected in ("Self-service receipt", "Marriage registration certificate (1975)",
                             "Certified copy (1 page)", "Verification code: 7K3Q-9F2M-AB12",
                             "Only-child certificate (1993), from the", "archive that holds it",
                             "within 3 working days", "Transferring a home (marital"):
                assert expected in text, expected
        else:
            assert "结婚登记证明（1975）" in text and "由临安区档案馆办理" in text
