"""Receipt printer and camera self-tests against their simulators, with and without injected faults."""

from __future__ import annotations

import pytest

from hardware import registry
from hardware.diagnostics import check_camera, check_receipt, test_receipt as receipt_selftest
from kiosk.diag.test_prints import self_test_receipt as self_test_layout


def test_a_ready_receipt_printer_passes():
    r = check_receipt("sim://receipt")
    assert r.ok and r.state == "ready"


@pytest.mark.parametrize("fault, ok, state", [
    ("paper=out", False, "paper_out"),
    ("cover=open", False, "cover_open"),
    ("silent=1", False, "status_unknown"),  # silence is never "fine"
    ("paper=near_end", True, "paper_near_end"),  # still prints, but staff must come
])
def test_receipt_faults_are_named(fault, ok, state):
    r = check_receipt(f"sim://receipt?{fault}")
    assert r.ok is ok and r.state == state, r


def test_an_unreachable_receipt_printer_names_where_it_looked():
    r = check_receipt("escpos+tcp://127.0.0.1:9")
    assert not r.ok and r.state == "unreachable" and "127.0.0.1:9" in r.detail


def test_the_test_receipt_prints_chinese_punctuation_and_a_qr():
    opened = registry.open_receipt("sim://receipt")
    r = receipt_selftest(opened.driver, opened.simulator, test_layout=self_test_layout("kiosk-01", "文新街道服务点"))
    assert r.ok and "test receipt printed" in r.detail
    (printed,) = opened.simulator.receipts()
    assert "打印机自检" in printed.text and "中文：档案证明（样张），请核对。" in printed.text
    assert "[QR selftest:kiosk-01:" in printed.text and printed.cut


def test_no_test_receipt_is_promised_when_the_paper_is_out():
    opened = registry.open_receipt("sim://receipt?paper=out")
    r = receipt_selftest(opened.driver, opened.simulator, test_layout=self_test_layout("kiosk-01", "点"))
    assert not r.ok and r.state == "paper_out"
    assert opened.simulator.receipts() == []


def test_a_delivering_camera_reports_its_frame_rate():
    r = check_camera("sim://camera?fps=30")
    assert r.ok and r.state == "ready" and r.facts["fps"] > 5 and r.facts["size"] == "640x480"


def test_a_camera_that_stops_delivering_is_lost():
    r = check_camera("sim://camera?lost_after=2")
    assert not r.ok and r.state == "lost"
