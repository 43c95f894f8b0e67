"""The UI's entry point, on simulated printers."""

from __future__ import annotations

import pytest

from hardware.registry import open_docprinter, open_receipt
from kiosk.errors import PrinterNotReady
from kiosk.printing.journal import JobState
from kiosk.printing.receipt_content import demo_summary
from kiosk.printing.service import PrintService
from tests.storage_key import TEST_KEY


@pytest.fixture
def devices(tmp_path):
    receipt = open_receipt("sim://receipt")
    docprinter = open_docprinter(f"sim://docprinter?dir={tmp_path / 'printer'}")
    service = PrintService.open(tmp_path / "data", receipt.driver, docprinter.driver, key=TEST_KEY)
    yield service, receipt.simulator, docprinter.simulator
    service.close()


def test_checkout_receipt_and_certified_copy(devices, certified_copy):
    service, receipt_sim, doc_sim = devices
    assert service.receipt_status().ready and service.document_status().ready
    assert service.print_certified_copy(certified_copy, "cert-1").printed
    assert service.print_session_receipt(demo_summary()).printed
    assert receipt_sim.preview_png().startswith(b"\x89PNG")
    assert len(doc_sim.printed()) == 1 and doc_sim.printed()[0].read_bytes().startswith(b"%PDF")
    assert [j.state for j in service.jobs()] == [JobState.DONE, JobState.DONE]


def test_paper_out_then_loaded_then_resumed(devices):
    service, receipt_sim, _ = devices
    receipt_sim.set_paper_out()
    assert service.receipt_status().reason.value == "PRINTER_PAPER_OUT"
    with pytest.raises(PrinterNotReady):
        service.print_session_receipt(demo_summary())
    receipt_sim.load_paper()
    (outcome,) = service.resume()
    assert outcome.printed and len(receipt_sim.receipts()) == 1
