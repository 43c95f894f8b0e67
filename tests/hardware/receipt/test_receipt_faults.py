"""Faults on the receipt printer, through the journal: paper out before and during a job, cover open,
paper near end, a printer that does not answer, a printer unplugged (a closed TCP port)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from hardware.receipt.sim_server import ReceiptSimulatorServer
from hardware.registry import open_receipt
from kiosk.errors import PrinterNotReady, PrintJobFailed
from kiosk.printing.jobs import print_receipt, resume_queued
from kiosk.printing.journal import JobState, PrintJournal
from kiosk.printing.receipt_content import compose_receipt, demo_summary
from tests.ports import unused_port
from tests.storage_key import TEST_KEY

STATUS_QUERIES = {b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04"}
LAYOUT = compose_receipt(demo_summary())


@pytest.fixture
def journal(tmp_path):
    j = PrintJournal.open(tmp_path, key=TEST_KEY)
    yield j
    j.close()


def _only_status_queries(data: bytes) -> bool:
    return all(data[i:i + 3] in STATUS_QUERIES for i in range(0, len(data), 3)) and len(data) % 3 == 0


def test_paper_out_before_the_job_sends_nothing_and_the_job_waits_for_paper(journal):
    device = open_receipt("sim://receipt?paper=out")
    sim = device.simulator
    with pytest.raises(PrinterNotReady) as e:
        print_receipt(journal, device.driver, LAYOUT)
    assert e.value.code == "PRINTER_PAPER_OUT" and e.value.exit_code == 6
    assert _only_status_queries(bytes(sim.received))
    (job,) = journal.jobs()
    assert job.state is JobState.QUEUED and job.reason == "PRINTER_PAPER_OUT"
    sim.load_paper()
    (outcome,) = resume_queued(journal, receipt=device.driver)
    assert outcome.printed and len(sim.receipts()) == 1


def test_paper_running_out_mid_receipt_is_reported_and_the_whole_receipt_comes_again(journal):
    device = open_receipt("sim://receipt")
    sim = device.simulator
    sim.run_out_after(6)
    with pytest.raises(PrintJobFailed) as e:
        print_receipt(journal, device.driver, LAYOUT)
    assert e.value.code == "PRINTER_PAPER_OUT" and e.value.detail["interrupted"]
    assert sim.receipts() == []  # never cut: half a receipt hangs out of the printer
    (job,) = journal.jobs()
    assert job.state is JobState.QUEUED and job.reason == "PRINTER_PAPER_OUT"
    assert ("printing", "queued") in journal.history(job.id)
    sim.load_paper()
    (outcome,) = resume_queued(journal, receipt=device.driver)
    assert outcome.printed and journal.get(job.id).attempts == 2
    (receipt,) = sim.receipts()
    assert "办理人：张*英" in receipt.text and "验证码：7K3Q-9F2M" in receipt.text


def test_cover_open_is_named_and_nothing_is_sent(journal):
    device = open_receipt("sim://receipt?cover=open")
    with pytest.raises(PrinterNotReady) as e:
        print_receipt(journal, device.driver, LAYOUT)
    assert e.value.code == "PRINTER_COVER_OPEN"
    assert _only_status_queries(bytes(device.simulator.received))


def test_paper_near_end_prints_and_raises_a_staff_alert(journal):
    device = open_receipt("sim://receipt?paper=near_end")
    outcome = print_receipt(journal, device.driver, LAYOUT)
    assert outcome.printed and outcome.alerts == ("PRINTER_PAPER_NEAR_END",)
    assert journal.get(outcome.job.id).reason == "PRINTER_PAPER_NEAR_END"


def test_a_printer_that_does_not_answer_gets_no_job(journal):
    device = open_receipt("sim://receipt?silent=1")
    with pytest.raises(PrinterNotReady) as e:
        print_receipt(journal, device.driver, LAYOUT)
    assert e.value.code == "PRINTER_STATUS_UNKNOWN"
    assert _only_status_queries(bytes(device.simulator.received))


def test_an_unplugged_network_printer_is_unreachable(journal):
    device = open_receipt(f"escpos+tcp://127.0.0.1:{unused_port()}")
    assert device.driver.status().reason.value == "PRINTER_UNREACHABLE"
    with pytest.raises(PrinterNotReady) as e:
        print_receipt(journal, device.driver, LAYOUT)
    assert e.value.code == "PRINTER_UNREACHABLE" and journal.jobs()[0].state is JobState.QUEUED


def test_over_tcp_the_simulator_prints_and_shows_a_preview(journal):
    with ReceiptSimulatorServer() as server:
        device = open_receipt(server.url + "?profile=raster80")
        outcome = print_receipt(journal, device.driver, LAYOUT)
        assert outcome.printed
        assert server.simulator.wait_for_receipts(1)
        png = server.simulator.preview_png()
    image = Image.open(io.BytesIO(png))
    assert image.width == 576 and image.height > 600
    assert image.convert("L").getextrema()[0] == 0  # ink on the paper


def test_over_tcp_paper_out_mid_receipt_is_noticed_quickly(journal):
    with ReceiptSimulatorServer() as server:
        server.simulator.run_out_after(4)
        device = open_receipt(server.url + "?confirm_timeout_s=5")
        with pytest.raises(PrintJobFailed) as e:
            print_receipt(journal, device.driver, LAYOUT)
        assert e.value.code == "PRINTER_PAPER_OUT"


def test_over_tcp_a_silent_printer_is_unknown_after_its_timeout():
    with ReceiptSimulatorServer() as server:
        server.simulator.set_silent()
        device = open_receipt(server.url + "?status_timeout_s=0.2")
        assert device.driver.status().reason.value == "PRINTER_STATUS_UNKNOWN"


def test_unplugging_between_receipts(journal):
    with ReceiptSimulatorServer() as server:
        device = open_receipt(server.url)
        assert print_receipt(journal, device.driver, LAYOUT).printed
        server.unplug()
        device.driver.close()  # the kiosk reconnects for each job after an error; a fresh connect fails
        with pytest.raises(PrinterNotReady) as e:
            print_receipt(journal, device.driver, LAYOUT)
        assert e.value.code == "PRINTER_UNREACHABLE"
