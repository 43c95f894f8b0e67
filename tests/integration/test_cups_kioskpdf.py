"""Against the real CUPS server: a PDF comes out of KioskPDF; a paused queue is reported at once.

The pause tests pause a queue of their own (created and deleted here, same cups-pdf backend), not the
shared KioskPDF: other suites print to KioskPDF at the same time and must not find it paused.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from hardware.docprinter.cups_queue import CupsQueue
from hardware.registry import open_docprinter
from kiosk.errors import PrinterNotReady
from kiosk.printing.jobs import print_document
from kiosk.printing.journal import JobState, PrintJournal
from tests.storage_key import TEST_KEY

pytestmark = pytest.mark.integration

QUEUE = "KioskPDF"


def require_cups(queue: str = QUEUE) -> None:
    if shutil.which("lpstat") is None:
        pytest.skip("CUPS client tools not installed (scripts/setup --test)")
    r = subprocess.run(["lpstat", "-p", queue], capture_output=True, text=True, timeout=10)
    if r.returncode != 0:
        pytest.skip(f"CUPS queue {queue} not available (scripts/services start, as root)")


def pdf_output_dir() -> Path:
    """cups-pdf's ``Out`` setting, with ${HOME} of the user the job ran as (ours)."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        m = re.search(r"^Out\s+(\S+)", conf.read_text(errors="replace"), re.M)
        if m:
            out = m.group(1)
    return Path(out.replace("${HOME}", os.path.expanduser("~")))


def printed_with(title: str) -> list[Path]:
    folder = pdf_output_dir()
    return sorted(folder.glob(f"*{title}*.pdf")) if folder.exists() else []


def small_certified_copy_pdf() -> bytes:
    from PIL import Image, ImageDraw

    from kiosk.printing.certified_copy import CertifiedCopy, render_certified_copy

    page = Image.new("L", (400, 560), 255)
    ImageDraw.Draw(page).rectangle((40, 40, 360, 80), fill=0)
    png = io.BytesIO()
    page.save(png, "PNG")
    return render_certified_copy(CertifiedCopy(
        "结婚登记档案", "330106-1998-HY-0007", "330106", "婚姻登记", 1998, "西湖区民政局", [png.getvalue()],
        "文新街道社区档案便民服务点", "kiosk-01", "2026-11-25 14:00", "办理落户", "张*英", "7K3Q-9F2M", "KC1.x"))


@pytest.fixture(scope="module")
def certified_copy_pdf() -> bytes:
    return small_certified_copy_pdf()


@pytest.fixture
def journal(tmp_path):
    j = PrintJournal.open(tmp_path, key=TEST_KEY)
    yield j
    j.close()


@pytest.fixture
def paused_queue():
    """A second cups-pdf queue, disabled with cupsdisable; enabled again and deleted afterwards."""
    require_cups()
    name = f"KioskPDFPauseTest{os.getpid()}"
    ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
    made = subprocess.run(["lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", *(["-P", ppd] if os.path.exists(ppd) else [])],
                          capture_output=True, text=True, timeout=20)
    if made.returncode != 0:
        pytest.skip(f"cannot create a test queue (needs root): {made.stderr.strip()}")
    try:
        subprocess.run(["cupsdisable", name], check=True, timeout=20)
        yield name
    finally:
        subprocess.run(["cupsenable", name], timeout=20)
        subprocess.run(["cancel", "-a", name], capture_output=True, timeout=20)
        subprocess.run(["lpadmin", "-x", name], timeout=20)


def test_a_certified_copy_comes_out_of_kioskpdf(journal, certified_copy_pdf):
    require_cups()
    device = open_docprinter(f"cups://{QUEUE}")
    assert device.driver.status().ready
    outcome = print_document(journal, device.driver, certified_copy_pdf, title="档案证明",
                             certificate_id=f"cups-{time.time_ns()}", timeout_s=45)
    assert outcome.job.state is JobState.DONE, outcome.job
    (pdf,) = printed_with(outcome.job.device_title)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_paused_queue_gets_no_job_and_says_why(journal, paused_queue, certified_copy_pdf):
    device = open_docprinter(f"cups://{paused_queue}")
    status = device.driver.status()
    assert status.reason.value == "DOCPRINTER_PAUSED" and status.raw["printer-state"] == 5
    with pytest.raises(PrinterNotReady) as e:
        print_document(journal, device.driver, certified_copy_pdf, title="t", timeout_s=30)
    assert e.value.code == "DOCPRINTER_PAUSED"
    assert journal.jobs()[0].state is JobState.QUEUED  # waits in the journal, not on the queue


def test_a_job_on_a_queue_that_was_paused_is_reported_not_waited_on(paused_queue, certified_copy_pdf):
    queue = CupsQueue(paused_queue, f"cups://{paused_queue}")
    job_id = queue.submit(certified_copy_pdf, f"kiosk-paused-{time.time_ns()}")
    started = time.monotonic()
    seen = queue.wait(job_id, timeout_s=60)
    assert time.monotonic() - started < 5
    assert not seen.state.finished and "DOCPRINTER_PAUSED" in seen.reasons
    assert queue.find_job(seen.title).job_id == job_id


def test_a_missing_queue_is_named():
    require_cups()
    status = open_docprinter("cups://NoSuchQueueHere").driver.status()
    assert status.reason.value == "DOCPRINTER_QUEUE_MISSING"
