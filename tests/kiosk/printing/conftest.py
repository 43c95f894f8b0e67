from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from kiosk.printing.certified_copy import CertifiedCopy


def page_png(label: int = 0, size: tuple[int, int] = (620, 877)) -> bytes:
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    for y in range(40, size[1] - 40, 24):
        draw.line((40, y, size[0] - 40, y), fill=(90, 90, 90), width=2)
    draw.rectangle((40, 40, 40 + 10 * (label + 1), 60), fill=(0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def certified_copy() -> CertifiedCopy:
    return CertifiedCopy(
        title="城镇职工基本养老保险缴费记录", reference="330106-2019-WS-0042", archive_code="330106",
        record_type="社会保险", year=2019, office="西湖区社会保险管理服务中心",
        pages=[page_png(i) for i in range(3)], point_name="文新街道社区档案便民服务点", kiosk_id="kiosk-01",
        issued_at="2026-11-25 14:00", purpose="办理落户", masked_subject="张*英",
        verification_code="7K3Q-9F2M", qr_payload="KC1.cert-0001.digest.signature")
