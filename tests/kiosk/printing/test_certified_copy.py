from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kiosk.errors import PrintContentError
from kiosk.printing.certified_copy import render_certified_copy, wrap_text
from kiosk.printing.fonts import FONT_PACKAGE, find_cjk_font, register_cjk_font


def _texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def test_every_page_carries_header_watermark_code_and_page_numbers(certified_copy):
    pdf = render_certified_copy(certified_copy)
    texts = _texts(pdf)
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert "档案证明（摘录）" in text
        assert "330106-2019-WS-0042" in text and "档案馆代码：330106" in text
        assert "文新街道社区档案便民服务点" in text and "2026-11-25 14:00" in text
        assert "仅限" not in text  # the watermark is in the page's pixels, not mixed into its text
        assert "验证码：7K3Q-9F2M" in text
        assert f"第 {number} 页 / 共 3 页" in text
        assert "张*英" in text


def test_the_chinese_font_is_embedded_not_referenced(certified_copy):
    pdf = render_certified_copy(certified_copy)
    assert b"/FontFile2" in pdf  # TrueType program inside the file: prints without the font installed


def test_the_qr_is_on_every_page_and_decodes_to_the_payload(certified_copy):
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    doc = pdfium.PdfDocument(render_certified_copy(certified_copy))
    for i in range(len(doc)):
        image = np.array(doc[i].render(scale=3).to_pil().convert("RGB"))
        value, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
        assert value == certified_copy.qr_payload


def test_the_same_copy_renders_to_the_same_bytes(certified_copy):
    assert render_certified_copy(certified_copy) == render_certified_copy(certified_copy)


def test_no_pages_is_a_typed_error(certified_copy):
    with pytest.raises(PrintContentError) as e:
        render_certified_copy(dataclasses.replace(certified_copy, pages=[]))
    assert e.value.code == "PRINT_NO_PAGES"


def test_a_broken_page_image_is_named(certified_copy):
    bad = dataclasses.replace(certified_copy, pages=[certified_copy.pages[0], b"not a png"])
    with pytest.raises(PrintContentError) as e:
        render_certified_copy(bad)
    assert e.value.code == "PRINT_BAD_PAGE" and e.value.detail["page"] == 2


def test_a_missing_font_names_the_debian_package(tmp_path: Path):
    with pytest.raises(PrintContentError) as e:
        find_cjk_font([tmp_path / "nothing.ttc"])
    assert e.value.code == "PRINT_FONT_MISSING"
    assert "fonts-wqy-microhei" in e.value.message


def test_long_chinese_lines_wrap_by_width():
    font = register_cjk_font()
    lines = wrap_text("档" * 200, font, 10, 300)
    assert len(lines) > 1 and "".join(lines) == "档" * 200


def test_the_watermark_tints_the_record_page_and_not_the_qr(certified_copy):
    import numpy as np

    doc = pdfium.PdfDocument(render_certified_copy(certified_copy))
    pixels = np.asarray(doc[0].render(scale=2).to_pil().convert("RGB")).astype(int)
    reddish = (pixels[:, :, 0] - pixels[:, :, 2] > 8) & (pixels[:, :, 0] > 150)
    height = pixels.shape[0]
    assert reddish[height // 5: height * 3 // 4].sum() > 500  # over the record page
    assert reddish[height * 7 // 8:].sum() == 0  # nothing drawn over the footer and its QR
