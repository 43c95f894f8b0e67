"""The print port over the real printing code: certified copies signed with the demo kiosk key and printed
through the print journal on ``sim://docprinter``, receipts as ESC/POS on ``sim://receipt``."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from hardware.qrscan import decode_file
from kiosk.archive.cache import ArchiveCache
from kiosk.certify.compact import looks_like_certificate
from kiosk.certify.kiosk_certs import KioskCertificates, load_kiosk_certificates
from kiosk.certify.payload import decode_payload
from kiosk.certify.verify import verify_payload
from kiosk.crypto.keys import load_verifier
from kiosk.demo_setup import district_key_files, kiosk_key_files, prepare_demo
from kiosk.errors import PrinterNotReady, PrintJobFailed
from kiosk.printing.journal import JobState
from kiosk.printing.receipt_content import SessionSummary
from kiosk.printing.visit_receipt import printed_copy
from kiosk.session_records import VisitCopy
from kiosk.session_states import State
from ui.adapters.printing import PREVIEW_SCALE, JournalPrinting
from ui.services import PrintOrder
from kiosk.archive.service import CacheArchive

from .helpers import click, click_named, identified
from kiosk.storage import storage_key_for
from tests.storage_key import TEST_KEY

RESIDENT_ID = "330106195203142627"  # assets/demo/cards/ouyang_xiuying.toml
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def printing(qtbot, config):
    """The adapter as ui/app.py builds it, on the test config's simulated printers and demo keys."""
    prepare_demo(config)
    cache = ArchiveCache(config.resolve(config.cache.path), key=storage_key_for(config))
    registered: list[dict] = []
    adapter = JournalPrinting(config, CacheArchive(cache), register=registered.append)
    adapter.registered = registered  # type: ignore[attr-defined]
    yield adapter
    adapter.close()
    cache.close()


def an_order(printing: JournalPrinting, copies: int = 1, purpose: str = "办理养老保险") -> PrintOrder:
    record = printing.archive.cache.own_records(RESIDENT_ID)[0]  # type: ignore[attr-defined]
    return PrintOrder(record, copies, purpose, "欧**英")


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def certificate_jobs(printing: JournalPrinting, certificate_id: str) -> list:
    journal = printing.devices().service.journal
    return [j for j in journal.jobs() if j.certificate_id == certificate_id]


def test_preview_is_the_first_page_of_the_printed_pdf_whose_qr_verifies(printing, config):
    order = an_order(printing)
    preview = printing.preview_certified_copy(order)
    assert preview.startswith(PNG_SIGNATURE)
    summary = printing.print_certified_copy(order)
    [paper] = printing.controls.printed
    pdf = pdfium.PdfDocument(paper.read_bytes())
    try:
        assert len(pdf) == len(printing.archive.page_images(order.record))  # every page of the record
        printed_first_page = np.asarray(pdf[0].render(scale=PREVIEW_SCALE).to_pil().convert("RGB"))
    finally:
        pdf.close()
    # What the resident checked on screen is what came out of the printer, pixel for pixel.
    assert np.array_equal(pixels(preview), printed_first_page)

    [qr] = [text for text in decode_file(paper) if looks_like_certificate(text)]
    _key, district_pub = district_key_files(config.resolve(config.data.dir))
    kiosks = KioskCertificates(load_kiosk_certificates([kiosk_key_files(config.resolve(config.data.dir))[1]]))
    result = verify_payload(qr, load_verifier(district_pub), kiosks=kiosks).to_dict()
    assert result["valid"], result
    assert result["certificate_id"] == summary["certificate_id"]
    assert result["verification_code"] == summary["verification_code"]
    assert result["kiosk_id"] == config.point.kiosk_id


def test_paper_out_at_print_time_the_copy_waits_and_prints_once_when_paper_is_back(printing):
    order = an_order(printing, copies=2)
    printing.preview_certified_copy(order)
    printing.controls.set_paper_out(True)
    with pytest.raises(PrinterNotReady) as before:
        printing.precheck()
    assert before.value.code == "DOCPRINTER_MEDIA_EMPTY"
    with pytest.raises(PrinterNotReady) as at_print:
        printing.print_certified_copy(order)
    assert at_print.value.code == "DOCPRINTER_MEDIA_EMPTY"
    [waiting] = printing.controls.waiting
    assert waiting.state is JobState.QUEUED and waiting.reason == "DOCPRINTER_MEDIA_EMPTY"
    assert printing.controls.printed == []

    printing.controls.set_paper_out(False)
    printing.precheck()
    summary = printing.print_certified_copy(order)
    assert summary["status"] == "done" and summary["certificate_id"] == waiting.certificate_id
    [paper] = printing.controls.printed
    with pdfium.PdfDocument(paper.read_bytes()) as pdf:
        # Two copies of every page, in the one job.
        assert len(pdf) == 2 * len(printing.archive.page_images(order.record))
    [job] = certificate_jobs(printing, summary["certificate_id"])
    assert job.id == waiting.id and job.state is JobState.DONE and job.attempts == 1
    assert printing.controls.waiting == []

    # The same order again (a double tap, a stale screen) prints nothing more.
    again = printing.print_certified_copy(order)
    assert again["already_printed"] and again["certificate_id"] == summary["certificate_id"]
    assert len(printing.controls.printed) == 1


def test_a_jammed_copy_is_sent_again_under_the_same_certificate_after_the_jam_is_cleared(printing):
    order = an_order(printing)
    doc = printing.devices().doc_sim
    doc.jam(now=False)  # the next job jams half-way
    with pytest.raises(PrintJobFailed) as jammed:
        printing.print_certified_copy(order)
    assert jammed.value.code == "DOCPRINTER_JAMMED"
    with pytest.raises(PrinterNotReady):  # still jammed: nothing is sent
        printing.print_certified_copy(order)
    doc.clear_jam()
    summary = printing.print_certified_copy(order)
    [job] = certificate_jobs(printing, summary["certificate_id"])
    assert job.state is JobState.DONE and job.attempts == 2
    assert len(doc.printed()) == 1


def test_forgetting_the_visit_drops_the_signed_copy(printing):
    order = an_order(printing)
    first = printing.print_certified_copy(order)
    printing.forget()
    # A new visit asking for the same record gets a certificate of its own.
    second = printing.print_certified_copy(order)
    assert second["certificate_id"] != first["certificate_id"] and not second["already_printed"]


def _summary(printed=(), viewed=("结婚登记档案（1998）",)) -> SessionSummary:
    return SessionSummary(point_name="文新街道社区档案便民服务点", kiosk_id="test-01", printed_at="2026-12-01 10:00",
                          name="欧阳秀英", viewed=tuple(viewed), printed=tuple(printed))


def test_receipt_preview_is_the_simulator_picture_of_the_chinese_lines_sent_as_gb18030(printing):
    summary = printing.print_certified_copy(an_order(printing))
    copy = printed_copy(VisitCopy.from_print(summary))
    preview = printing.print_receipt(_summary([copy]))
    lines = ["时间：2026-12-01 10:00", "办理人：欧**英", "1. 结婚登记档案（1998）",
             f"   验证码：{summary['verification_code']}"]
    sim = printing.devices().receipt_sim
    receipt = sim.last_receipt()
    assert receipt is not None and receipt.cut
    printed = receipt.text.splitlines()
    for line in lines:
        assert line in printed
        assert line.encode("gb18030") in sim.received  # the printer's Chinese mode, not pixels
    # The copy printed this visit has its QR on the receipt, right after its verification code.
    qrs = [text[4:-1] for text in printed if text.startswith("[QR ")]
    assert [decode_payload(text).certificate_id for text in qrs] == [summary["certificate_id"]]
    code_at = printed.index(f"   验证码：{summary['verification_code']}")
    assert printed[code_at + 1] == f"[QR {qrs[0]}]"
    assert preview is not None and preview.startswith(PNG_SIGNATURE)
    assert preview == sim.preview_png(receipt)
    image = QImage.fromData(preview, "PNG")
    assert not image.isNull() and image.width() == sim.dots


def test_a_receipt_that_met_paper_out_prints_once_with_the_visit_latest_lines(printing):
    sim = printing.devices().receipt_sim
    printing.controls.set_paper_out(True)
    with pytest.raises(PrinterNotReady) as out:
        printing.print_receipt(_summary(viewed=["结婚登记档案（1998）"]))
    assert out.value.code == "PRINTER_PAPER_OUT" and sim.receipts() == []
    printing.controls.set_paper_out(False)
    printing.print_receipt(_summary(viewed=["结婚登记档案（1998）", "独生子女证（1985）"]))
    [receipt] = sim.receipts()
    assert "查阅档案（2件）：" in receipt.text and "查阅档案（1件）：" not in receipt.text
    jobs = [j for j in printing.devices().service.journal.jobs() if j.kind == "receipt"]
    assert [j.state for j in jobs] == [JobState.VOIDED, JobState.DONE]  # the older one can never come out


def test_demo_panel_jam_switch_stops_the_copy_and_it_prints_once_when_cleared(qtbot, kiosk):
    identified(qtbot, kiosk)
    s, controls = kiosk.session, kiosk.services.simulators["printer"]
    click_named(qtbot, kiosk.window.current_screen(), "type_marriage")
    kiosk.window.current_screen().rows[0].click()  # the first record's row
    click(qtbot, kiosk.window.current_screen(), "open_print")
    qtbot.mouseClick(kiosk.window.current_screen().purpose_buttons["housing"], Qt.MouseButton.LeftButton)
    click(qtbot, kiosk.window.current_screen(), "preview_copy")
    qtbot.waitUntil(lambda: kiosk.controller.view.copy_preview_image is not None, timeout=10000)
    kiosk.demo_panel.switches["paper_jam"].setChecked(True)
    with qtbot.waitSignal(kiosk.model.faultChanged, timeout=10000):
        click(qtbot, kiosk.window.current_screen(), "print_copy")
    error = kiosk.window.current_screen()
    assert s.fault.code == "DOCPRINTER_JAMMED" and "卡纸" in error.what.text()
    assert len(controls.waiting) == 1 and controls.printed == []
    kiosk.demo_panel.switches["paper_jam"].setChecked(False)
    click(qtbot, error, "fault_retry")
    qtbot.waitUntil(lambda: kiosk.controller.view.print_job["status"] == "done", timeout=10000)
    assert s.state is State.CERTIFY and controls.waiting == [] and len(controls.printed) == 1
    assert s.data.printed[-1].verification_code == kiosk.controller.view.print_job["verification_code"]


@pytest.mark.integration
def test_a_certified_copy_comes_out_of_the_real_cups_queue(qtbot, config):
    from tests.integration.test_cups_kioskpdf import QUEUE, require_cups

    require_cups()
    devices = config.devices.model_copy(update={"docprinter": f"cups://{QUEUE}"})
    cups_config = config.model_copy(update={"devices": devices})
    prepare_demo(cups_config)
    cache = ArchiveCache(cups_config.resolve(cups_config.cache.path), key=storage_key_for(cups_config))
    adapter = JournalPrinting(cups_config, CacheArchive(cache))
    try:
        adapter.precheck()
        assert adapter.devices().doc_sim is None and adapter.controls.printed == []
        summary = adapter.print_certified_copy(an_order(adapter))
        [job] = certificate_jobs(adapter, summary["certificate_id"])
        assert job.state is JobState.DONE and job.device_job_id and job.device == f"cups://{QUEUE}"
    finally:
        adapter.close()
        cache.close()


def test_faults_set_before_the_printers_open_apply_when_warm_up_opens_them(printing):
    printing.controls.set_paper_out(True)
    printing.controls.set_cover_open(True)
    printing.warm_up()
    devices = printing.devices()
    assert devices.doc_sim.media_empty and devices.receipt_sim.paper_out and devices.receipt_sim.cover_open
    conditions = {c.value for c in devices.service.receipt_status().conditions}
    assert {"PRINTER_PAPER_OUT", "PRINTER_COVER_OPEN"} <= conditions  # as the printer itself answers


def test_a_kiosk_without_its_signing_key_refuses_to_certify_with_a_typed_error(printing, config):
    from kiosk.demo_setup import kiosk_key_files
    from kiosk.errors import ConfigError

    key, _cert = kiosk_key_files(config.resolve(config.data.dir))
    key.unlink()
    with pytest.raises(ConfigError) as missing:
        printing.preview_certified_copy(an_order(printing))
    assert str(key) in missing.value.message
    assert printing.controls.printed == [] and printing.controls.waiting == []


def test_a_printed_copy_is_registered_once_with_what_its_paper_prints(printing):
    """The entry the gateway's public check keeps: its printed texts are what the signed digest covers."""
    from kiosk.certify.registry import printed_of

    order = an_order(printing)
    summary = printing.print_certified_copy(order)
    printing.print_certified_copy(order)  # a double tap prints nothing more, registers nothing more
    [entry] = printing.registered  # type: ignore[attr-defined]
    assert entry["verification_code"] == summary["verification_code"]
    config = printing.config
    _key, district_pub = district_key_files(config.resolve(config.data.dir))
    kiosks = KioskCertificates(load_kiosk_certificates([kiosk_key_files(config.resolve(config.data.dir))[1]]))
    result = verify_payload(entry["payload"], load_verifier(district_pub), kiosks=kiosks)
    printed = printed_of(entry, result)
    assert printed is not None and printed.subject.startswith("欧**英") and printed.purpose == "办理养老保险"
    assert printed_of({**entry, "purpose": "办理出国手续"}, result) is None  # altered texts are not kept
