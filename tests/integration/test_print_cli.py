"""`kiosk print ...` and `kiosk bench print` end to end: exit codes, JSON, no tracebacks."""

from __future__ import annotations

import json
import socket

import pytest

from kiosk.cli import main
from tests.ports import unused_port


def _run(capsys, *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, json.loads(out)


def test_a_demo_receipt_prints_on_the_simulator_with_a_preview(capsys, tmp_path):
    code, result = _run(capsys, "print", "receipt", "--demo", "--printer", "sim://receipt", "--data-dir",
                        str(tmp_path), "--preview", str(tmp_path / "r.png"), "--json")
    assert code == 0 and result["printed"] and result["job"]["state"] == "done"
    assert (tmp_path / "r.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("query, reason", [("paper=out", "PRINTER_PAPER_OUT"), ("cover=open", "PRINTER_COVER_OPEN"),
                                           ("silent=1", "PRINTER_STATUS_UNKNOWN")])
def test_a_printer_not_ready_exits_6_with_the_reason_and_nothing_sent(capsys, tmp_path, query, reason):
    code, result = _run(capsys, "print", "receipt", "--demo", "--printer", f"sim://receipt?{query}",
                        "--data-dir", str(tmp_path), "--json")
    assert code == 6 and result["reason"] == reason and result["sent"] is False and not result["printed"]


def test_an_unplugged_printer_exits_6(capsys, tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    code, result = _run(capsys, "print", "receipt", "--demo", "--printer", f"escpos+tcp://127.0.0.1:{port}",
                        "--data-dir", str(tmp_path), "--json")
    assert code == 6 and result["reason"] == "PRINTER_UNREACHABLE"


def test_pdf_waits_for_the_end_and_jobs_lists_the_journal(capsys, tmp_path):
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    printer = f"sim://docprinter?dir={tmp_path / 'out'}"
    code, result = _run(capsys, "print", "pdf", "--printer", printer, str(pdf), "--data-dir", str(tmp_path),
                        "--certificate-id", "c-1", "--json")
    assert code == 0 and result["outcome"] == "completed"
    code, jammed = _run(capsys, "print", "pdf", "--printer", printer + "&jam=next", str(pdf), "--data-dir",
                        str(tmp_path), "--json")
    assert code == 6 and jammed["outcome"] == "failed" and jammed["job"]["reason"] == "DOCPRINTER_JAMMED"
    code, listing = _run(capsys, "print", "jobs", "--data-dir", str(tmp_path), "--json")
    assert code == 0 and [j["state"] for j in listing["jobs"]] == ["done", "failed"]
    assert all("payload" not in j for j in listing["jobs"])


def test_status_of_a_printer_with_little_paper_left(capsys):
    code, result = _run(capsys, "print", "status", "--printer", "sim://receipt?paper=near_end", "--json")
    assert code == 0 and result["ready"] and result["alerts"] == ["PRINTER_PAPER_NEAR_END"]


def test_bench_print_reports_both_figures(capsys):
    code, result = _run(capsys, "bench", "print", "--runs", "3", "--pages", "2", "--pdf-runs", "1", "--json")
    assert code == 0
    assert result["receipt_cn80"]["median_ms"] > 0 and result["certified_copy_pdf"]["per_page_ms"] > 0
    scanned = result["certified_copy_pdf_scanned"]
    assert scanned["per_page_ms"] > 0 and scanned["page_png_bytes"] > 10 * result["certified_copy_pdf"]["page_png_bytes"]
    signed = result["certified_copy_pdf_signed"]
    assert signed["seal_only_ms"] > 0 and signed["bytes_added"] > 0 and signed["vs_unsigned"] > 0
    assert signed["seal_vs_unsigned"] > 0
    assert result["pdf_accelerator"] is True  # rl-accel is a dependency: scripts/setup installs it


def test_a_document_printer_whose_cups_server_is_gone_is_unreachable_and_the_copy_waits(capsys, tmp_path):
    gone = f"cups://KioskPDF?server=127.0.0.1:{unused_port()}"
    code, status = _run(capsys, "print", "status", "--printer", gone, "--json")
    assert code == 6 and status["reason"] == "PRINTER_UNREACHABLE" and not status["ready"]
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    code, result = _run(capsys, "print", "pdf", "--printer", gone, str(pdf), "--data-dir", str(tmp_path),
                        "--certificate-id", "c-gone", "--json")
    assert code == 6 and result["reason"] == "PRINTER_UNREACHABLE"
    code, listing = _run(capsys, "print", "jobs", "--data-dir", str(tmp_path), "--json")
    assert [(j["state"], j["certificate_id"]) for j in listing["jobs"]] == [("queued", "c-gone")]  # kept, not lost
