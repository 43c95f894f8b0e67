"""Document printer self-test: queue state and reasons, and a test page followed to its end."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from hardware import registry
from hardware.diagnostics import check_docprinter, test_docprinter as docprinter_selftest
from kiosk.diag.test_prints import test_page_pdf as self_test_page


def test_a_ready_simulated_printer_passes(tmp_path):
    r = check_docprinter("sim://docprinter", folder=str(tmp_path))
    assert r.ok and r.state == "ready"


@pytest.mark.parametrize("fault, state", [("paused=1", "paused"), ("jam=now", "jammed")])
def test_queue_faults_are_named(tmp_path, fault, state):
    r = check_docprinter(f"sim://docprinter?{fault}", folder=str(tmp_path))
    assert not r.ok and r.state == state


def test_the_test_page_comes_out_as_a_pdf(tmp_path):
    opened = registry.open_docprinter("sim://docprinter", folder=str(tmp_path))
    r = docprinter_selftest(opened.driver, opened.simulator, test_page=self_test_page("kiosk-01", "文新街道服务点"))
    assert r.ok and "test page printed" in r.detail and r.facts["job_state"] == "completed"
    (pdf,) = opened.simulator.printed()
    assert pdf.read_bytes().startswith(b"%PDF") and "selftest-kiosk-01" in pdf.name


def test_a_jam_during_the_test_page_fails_it(tmp_path):
    opened = registry.open_docprinter("sim://docprinter?jam=next", folder=str(tmp_path))
    r = docprinter_selftest(opened.driver, opened.simulator, test_page=self_test_page("kiosk-01", "点"))
    assert not r.ok and r.state == "jammed" and "DOCPRINTER_JAMMED" in r.detail


def test_a_held_job_is_reported_stuck_not_waited_on_forever(tmp_path):
    opened = registry.open_docprinter("sim://docprinter?hold=1", folder=str(tmp_path))
    r = docprinter_selftest(opened.driver, opened.simulator, test_page=self_test_page("kiosk-01", "点"), timeout_s=0.3)
    assert not r.ok and r.state == "job_stuck"


def _cups_queue_ready() -> bool:
    if shutil.which("lpstat") is None:
        return False
    return subprocess.run(["lpstat", "-p", "KioskPDF"], capture_output=True, timeout=10).returncode == 0


@pytest.mark.integration
@pytest.mark.skipif(not _cups_queue_ready(), reason="CUPS with the KioskPDF queue is not running")
def test_the_real_cups_queue_reports_ready_and_a_missing_queue_is_named():
    assert check_docprinter("cups://KioskPDF").ok
    missing = check_docprinter("cups://NoSuchKioskQueue")
    assert not missing.ok and missing.state == "queue_missing" and "NoSuchKioskQueue" in missing.detail
