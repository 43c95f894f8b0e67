"""One receipt: the checkout receipt the GUI prints is `kiosk print receipt` of the same visit's summary,
byte for byte, QR codes included."""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtCore import Qt

from kiosk.session_states import State

from .helpers import click, click_named, identified

QR_STORE = b"\x1d(k"  # GS ( k: the copy's QR sent as a symbol


def test_the_checkout_receipt_is_kiosk_print_receipt_of_the_visit(qtbot, kiosk, tmp_path):
    identified(qtbot, kiosk)
    s = kiosk.session
    click_named(qtbot, kiosk.window.current_screen(), "type_marriage")
    kiosk.window.current_screen().rows[0].click()  # the first record's row
    click(qtbot, kiosk.window.current_screen(), "open_print")
    qtbot.mouseClick(kiosk.window.current_screen().purpose_buttons["housing"], Qt.MouseButton.LeftButton)
    click(qtbot, kiosk.window.current_screen(), "preview_copy")
    qtbot.waitUntil(lambda: kiosk.controller.view.copy_preview_image is not None, timeout=10000)
    click(qtbot, kiosk.window.current_screen(), "print_copy")
    qtbot.waitUntil(lambda: (kiosk.controller.view.print_job or {}).get("status") == "done", timeout=15000)
    code = s.data.printed[-1].verification_code
    click(qtbot, kiosk.window.current_screen(), "checkout")
    assert s.state is State.CHECKOUT
    qtbot.waitUntil(lambda: kiosk.controller.view.receipt_status == "done", timeout=10000)

    summary = kiosk.parts.printing.printed_summary
    assert summary is not None and [c.verification_code for c in summary.printed] == [code]
    gui_bytes = kiosk.services.printing.devices().service.receipt.last_bytes
    assert QR_STORE in gui_bytes and code.encode("ascii") in gui_bytes
    assert "办理人".encode("gb18030") in gui_bytes and "欧**英".encode("gb18030") in gui_bytes

    visit = tmp_path / "visit.json"
    visit.write_text(summary.to_json(), encoding="utf-8")
    raw = tmp_path / "receipt.bin"
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "print", "receipt", "--summary", str(visit),
                           "--printer", kiosk.config.devices.receipt, "--data-dir", str(tmp_path / "cli"),
                           "--raw", str(raw), "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["printed"] is True
    assert raw.read_bytes() == gui_bytes
