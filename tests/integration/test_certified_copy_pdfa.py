"""The certified copy as an archive keeps it, checked with tools nobody here wrote: poppler's pdffonts
(every font embedded, no standard-14 reference), pikepdf/qpdf for the PDF/A-2b identification in the XMP
and the sRGB output intent, poppler's pdftotext for what a reader extracts (Chinese labels only, no internal
keys, no watermark mixed into the text), pdfinfo for real dates. veraPDF is not packaged for Debian or PyPI
here; these are the checks made instead."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pikepdf
import pytest

from kiosk.archive.types import RECORD_TYPES
from kiosk.cli import main

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def copy_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pdfa")
    assert main(["keys", "init-district", "--out", str(root / "district")]) == 0
    assert main(["keys", "issue-kiosk", "--district-key", str(root / "district" / "district.key"),
                 "--kiosk-id", "demo-01", "--out", str(root / "kiosk")]) == 0
    pdf = root / "copy.pdf"
    assert main(["certify", "issue", "--demo", "--kiosk-key", str(root / "kiosk" / "kiosk.key"),
                 "--kiosk-cert", str(root / "kiosk" / "kiosk.cert"), "--out", str(pdf)]) == 0
    return pdf


def _run(*argv: str | Path) -> str:
    return subprocess.run(list(map(str, argv)), capture_output=True, text=True, check=True, timeout=60).stdout


def test_pdffonts_lists_only_embedded_fonts(copy_pdf):
    rows = _run("pdffonts", copy_pdf).splitlines()[2:]
    assert rows, "no fonts at all"
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        assert "Helvetica" not in name and "Times" not in name and "Courier" not in name


def test_the_pdf_identifies_itself_as_pdfa_2b_with_an_srgb_output_intent(copy_pdf):
    with pikepdf.open(copy_pdf) as doc:
        meta = doc.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"].startswith("档案证明 ")
        intent = doc.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1 and int(intent.DestOutputProfile.N) == 3
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "  # an ICC profile of an RGB space
        assert str(doc.Root.Lang) == "zh-CN"
        assert not doc.is_encrypted


def test_the_dates_are_real_and_in_the_points_zone(copy_pdf):
    with pikepdf.open(copy_pdf) as doc:
        created = str(doc.docinfo.CreationDate)
        xmp = doc.open_metadata()["xmp:CreateDate"]
    assert created.endswith("+08'00'") and not created.startswith("D:2000")
    moment = datetime.fromisoformat(xmp)
    assert moment.utcoffset() == timedelta(hours=8)
    assert abs(moment - datetime.now(timezone.utc)) < timedelta(hours=1)
    text = _run("pdftotext", copy_pdf, "-")
    assert moment.strftime("%Y-%m-%d %H:%M:%S") in text  # what the paper prints is the same instant


def test_pdftotext_reads_chinese_labels_and_no_internal_key(copy_pdf):
    text = _run("pdftotext", "-layout", copy_pdf, "-")
    assert "类别：社会保险缴费记录" in text
    for key in RECORD_TYPES:
        assert key not in text
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)  # no snake_case key of any kind
    assert "仅限" not in text  # the watermark is part of the page picture, not of the text
