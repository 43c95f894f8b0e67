"""kill -9 between "sent" and "done": after restart and recovery there is exactly one printed
certificate, on the simulated document printer and on the real CUPS KioskPDF queue.

The child process prints a certified copy through the journal and stops at a chosen point (it says
"AT" on stdout and waits on stdin), so the parent kills it there: no sleeps, no races.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hardware.registry import open_docprinter
from kiosk.printing.jobs import print_document
from kiosk.printing.journal import JobState, PrintJournal
from kiosk.printing.recovery import recover
from tests.storage_key import TEST_KEY

from .test_cups_kioskpdf import QUEUE, printed_with, require_cups, small_certified_copy_pdf

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
CERTIFICATE = "cert-crash-1"

CHILD = r"""
import sys
from hardware.registry import open_docprinter
from kiosk.printing.jobs import print_document
from kiosk.printing.journal import PrintJournal
from tests.storage_key import TEST_KEY

data_dir, url, stop_at, pdf_path = sys.argv[1:5]
journal = PrintJournal.open(data_dir, key=TEST_KEY)
device = open_docprinter(url).driver


def stop(here):
    if here == stop_at:
        print("AT", flush=True)
        sys.stdin.readline()


class StopsWhereTold:
    name = device.name

    def __getattr__(self, attr):
        return getattr(device, attr)

    def submit(self, pdf, title):
        stop("before_submit")
        job = device.submit(pdf, title)
        stop("after_submit")
        return job

    def wait(self, job_id, timeout_s):
        stop("while_printing")
        return device.wait(job_id, timeout_s)


pdf = open(pdf_path, "rb").read()
print_document(journal, StopsWhereTold(), pdf, title="档案证明", certificate_id="cert-crash-1", timeout_s=60)
print("FINISHED", flush=True)
"""


def _kill_child_at(stop_at: str, data_dir: Path, url: str, pdf: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir), url, stop_at, str(pdf)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = child.stdout.readline().strip()
        assert line == "AT", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


EXPECTED_STATE = {"before_submit": JobState.SENT, "after_submit": JobState.SENT, "while_printing": JobState.PRINTING}


@pytest.mark.parametrize("stop_at", ["before_submit", "after_submit", "while_printing"])
def test_sim_printer_kill_9_then_recovery_prints_exactly_one_copy(tmp_path, stop_at):
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(small_certified_copy_pdf())
    url = f"sim://docprinter?dir={tmp_path / 'printer'}"
    _kill_child_at(stop_at, tmp_path / "data", url, pdf)

    journal = PrintJournal.open(tmp_path / "data", key=TEST_KEY)
    (job,) = journal.open_jobs()
    assert job.state is EXPECTED_STATE[stop_at] and job.certificate_id == CERTIFICATE
    device = open_docprinter(url)
    report = recover(journal, device.driver, timeout_s=5)
    assert [j.id for j in report.finished] == [job.id] and journal.get(job.id).state is JobState.DONE
    assert len(device.simulator.printed()) == 1  # not lost, not doubled
    again = print_document(journal, device.driver, pdf.read_bytes(), title="档案证明", certificate_id=CERTIFICATE)
    assert again.already_in_journal and len(device.simulator.printed()) == 1
    journal.close()


def test_cups_kill_9_after_the_queue_took_the_job_then_recovery_finds_it(tmp_path):
    require_cups()
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(small_certified_copy_pdf())
    url = f"cups://{QUEUE}"
    _kill_child_at("after_submit", tmp_path / "data", url, pdf)

    journal = PrintJournal.open(tmp_path / "data", key=TEST_KEY)
    (job,) = journal.open_jobs()
    assert job.state is JobState.SENT and job.device_job_id is None  # the kiosk never learned the CUPS id
    report = recover(journal, open_docprinter(url).driver, timeout_s=45)
    assert [j.id for j in report.finished] == [job.id]
    done = journal.get(job.id)
    assert done.state is JobState.DONE and done.device_job_id
    assert len(printed_with(job.device_title)) == 1
    journal.close()
