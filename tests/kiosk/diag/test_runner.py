"""Checks run side by side, bounded in time, and every failure becomes a named result."""

from __future__ import annotations

import threading
import time

from kiosk.diag.model import CheckResult, passed
from kiosk.diag.runner import all_ok, run_checks
from kiosk.errors import PrinterNotReady


def test_a_hung_check_is_reported_as_timed_out_and_the_others_still_report():
    release = threading.Event()

    def hangs() -> CheckResult:
        release.wait()
        return passed("receipt", "ready", "too late")

    started = time.monotonic()
    try:
        results = run_checks({"receipt": hangs, "idcard": lambda: passed("idcard", "ready", "fine")},
                             timeout_s=0.3)
    finally:
        release.set()
    assert time.monotonic() - started < 2
    by_device = {r.device: r for r in results}
    assert by_device["idcard"].ok
    assert not by_device["receipt"].ok and by_device["receipt"].state == "timeout"
    assert [r.device for r in results] == ["idcard", "receipt"], "results come in the documented device order"


def test_exceptions_become_failed_results_named_by_device_and_code():
    def raises_typed() -> CheckResult:
        raise PrinterNotReady("printer at 127.0.0.1:9 does not answer", code="PRINTER_UNREACHABLE")

    def raises_anything() -> CheckResult:
        raise ZeroDivisionError("boom")

    results = {r.device: r for r in run_checks({"receipt": raises_typed, "camera": raises_anything})}
    assert results["receipt"].state == "unreachable"
    assert "PRINTER_UNREACHABLE" in results["receipt"].detail
    assert results["receipt"].failure_line().startswith("receipt printer (receipt): unreachable")
    assert results["camera"].state == "error" and "ZeroDivisionError" in results["camera"].detail
    assert not all_ok(results.values())


def test_only_selects_devices_and_output_is_redacted():
    result = run_checks({"idcard": lambda: passed("idcard", "card_read", "read 330106195203142628",
                                                  card={"name": "欧阳秀英", "id_number": "330106195203142628"}),
                         "camera": lambda: passed("camera", "ready", "")}, only=["idcard"])
    assert [r.device for r in result] == ["idcard"]
    shown = result[0].to_dict()
    assert shown["detail"] == "read 3301**********2628"
    assert shown["facts"]["card"] == {"name": "欧**英", "id_number": "3301**********2628"}
